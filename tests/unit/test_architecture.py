"""The layout of generator/: stages import only what comes before them, no module imports
itself through others, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

from ..support.specs import ROOT

GENERATOR = ROOT / "generator"
# Top-level modules any stage may use: they know nothing of the stages.
FOUNDATION = {
    "cli_output",
    "config",
    "conventions",
    "diagnostics",
    "forking",
    "ir",
    "provenance",
    "runtime_api",
}
# What each part may import besides the foundation and itself.
ALLOWED = {
    "spec": set(),
    "parse": {"spec"},
    "style": set(),
    "surface": {"style"},
    "handwritten": {"surface"},
    "render": {"surface", "style", "handwritten"},
    "emit": {"style"},
    "diff": {"spec", "parse", "surface", "handwritten"},
    "audit": {"spec"},
    "drift": {"spec", "parse"},
    "pipeline": {"spec", "parse", "surface", "style", "render", "emit", "handwritten"},
    "cli": {"spec", "parse", "render", "emit", "diff", "audit", "drift", "pipeline"},
    "__main__": {"cli"},
}
MAX_LINES = 400


def _module_name(path: Path, root: Path = GENERATOR) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path = GENERATOR) -> set[tuple[str, str]]:
    """(module, imported name) pairs of every import of a generator module by `path`,
    the module as a dotted name under generator."""
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.update((module, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.update((node.module.removeprefix("generator."), a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(
                (a.name.removeprefix("generator."), "")
                for a in node.names
                if a.name.startswith("generator.")
            )
    return found


def _graph(root: Path = GENERATOR) -> dict[str, set[str]]:
    modules = {_module_name(p, root): p for p in root.rglob("*.py") if "__pycache__" not in p.parts}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for module, imported in _imports(path, root):
            # `from . import naming` depends on the module naming, not on its package.
            submodule = f"{module}.{imported}".strip(".")
            targets.add(submodule if submodule in modules else module)
        graph[name] = targets - {"", name}
    return graph


def _part(module: str) -> str:
    return module.split(".")[0]


def _upward_imports(root: Path = GENERATOR) -> list[str]:
    upward = []
    for module, targets in _graph(root).items():
        part = _part(module)
        allowed = FOUNDATION | ALLOWED.get(part, set()) | {part}
        if part in FOUNDATION:
            allowed = FOUNDATION  # the foundation uses nothing of the stages
        upward += [f"{module} -> {t}" for t in sorted(targets) if _part(t) not in allowed]
    return upward


def test_every_import_goes_down_the_stages() -> None:
    assert _upward_imports() == []


def test_the_import_graph_has_no_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path, module, target]
            if target not in state and (cycle := visit(target, [*path, module])):
                return cycle
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            assert visit(module, []) is None


def test_the_folders_show_the_stages() -> None:
    parts = {p.name for p in GENERATOR.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"spec", "parse", "surface", "style", "render", "emit", "diff"} <= parts
    for part in parts:
        assert (GENERATOR / part / "__init__.py").is_file(), part
    top = {_module_name(p) for p in GENERATOR.glob("*.py")}
    assert top <= FOUNDATION | {"__init__", "__main__", "cli", "pipeline", ""}


def test_modules_stay_small() -> None:
    # The runtime too: it is read by every team that vendors the package.
    modules = [*GENERATOR.rglob("*.py"), *(ROOT / "templates" / "runtime").glob("*.py")]
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules
    }
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_the_import_checker_sees_an_upward_import(tmp_path: Path) -> None:
    # The check above means something only if a real upward import is caught.
    for folder in ("spec", "parse", "render"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "parse" / "naming.py").write_text("")
    (tmp_path / "render" / "views.py").write_text("")
    (tmp_path / "spec" / "x.py").write_text(
        "from ..parse import naming\nfrom ..render.views import api_view\nfrom . import y\n"
    )
    assert _upward_imports(tmp_path) == ["spec.x -> parse.naming", "spec.x -> render.views"]
