"""Generation benchmarks: our `generate` and `check` against the peer generators.

Every tool runs as a child process, timed by `timing.run_child` (wall time and
peak RSS), on the same input, interleaved round by round so that drift on a
noisy machine hits all tools alike. Our stage split comes from gen_stages.py,
which runs the real command with its stages timed.

Peers: openapi-python-client with its default post hooks (ruff, from the peer
venv, which must be on PATH for the hooks to find it), and
datamodel-code-generator writing dataclasses formatted by black (models only,
no client). Neither has an incremental mode, so their "warm" run is simply a
second run into the same folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from subset import replicate, schema_count, subset
from timing import ChildRun, median, run_child

__all__ = ["SpecInput", "fresh_clone_check", "measure_input", "scaling"]

ROOT = Path(__file__).resolve().parents[1]
OUR_PYTHON = Path(sys.executable)
_CLASS = re.compile(rb"^class \w+", re.MULTILINE)


@dataclass(frozen=True)
class SpecInput:
    label: str
    specs: tuple[Path, ...]
    schemas: int
    operations: int


@dataclass
class ToolResult:
    cold: list[ChildRun] = field(default_factory=list)
    warm: list[ChildRun] = field(default_factory=list)
    classes: int = 0
    py_bytes: int = 0

    def summary(self) -> dict[str, Any]:
        failed = [r for r in self.cold + self.warm if r.returncode != 0]
        return {
            "cold_s": median([r.seconds for r in self.cold]) if self.cold else None,
            "warm_s": median([r.seconds for r in self.warm]) if self.warm else None,
            "peak_mb": max((r.max_rss_kb for r in self.cold), default=0) / 1024,
            "cpu_s": median([r.cpu_seconds for r in self.cold]) if self.cold else None,
            "runs": len(self.cold),
            "classes": self.classes,
            "py_kb": self.py_bytes / 1024,
            "failed": [f"exit {r.returncode}: {_last_line(r.output)}" for r in failed][:1],
        }


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _output_stats(path: Path) -> tuple[int, int]:
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    classes = size = 0
    for file in files:
        data = file.read_bytes()
        classes += len(_CLASS.findall(data))
        size += len(data)
    return classes, size


def describe(label: str, specs: list[Path]) -> SpecInput:
    import yaml  # our venv has it; specs may be YAML or JSON

    schemas = operations = 0
    for path in specs:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        schemas += schema_count(data)
        operations += sum(
            1
            for item in (data.get("paths") or {}).values()
            for method in ("get", "put", "post", "delete", "patch", "head", "options", "trace")
            if isinstance(item, dict) and method in item
        )
    return SpecInput(label, tuple(specs), schemas, operations)


def _ours_argv(command: str, spec: SpecInput, out: Path, specs: tuple[Path, ...] = ()) -> list[str]:
    argv = [str(OUR_PYTHON), "-m", "generator", command]
    for path in specs or spec.specs:
        argv += ["--spec", str(path)]
    return [*argv, "--out", str(out), "--package", "pkg"]


def _our_env(cache: Path) -> dict[str, str]:
    """Our runs get their own cache folder, so "cold" means nothing cached anywhere.

    The generator may keep a user-level cache of formatted code (generator/style/formatter.py,
    $GEMINI_CODEGEN_CACHE, else $XDG_CACHE_HOME): pointing both at a folder of the
    run keeps earlier runs, and the user's own cache, out of the measurement.
    """
    cache.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["GEMINI_CODEGEN_CACHE"] = str(cache / "gemini-codegen")
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def _peer_env(peers_bin: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{peers_bin}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def _run_per_spec(
    make_argv: Callable[[Path, Path], list[str]], spec: SpecInput, out: Path, env: dict[str, str]
) -> ChildRun:
    """Peers take one spec per run: run each, add the times, keep the highest peak."""
    runs = [run_child(make_argv(path, out), env=env, cwd=out) for path in spec.specs]
    return ChildRun(
        sum(r.seconds for r in runs),
        max(r.max_rss_kb for r in runs),
        next((r.returncode for r in runs if r.returncode), 0),
        "\n".join(r.output for r in runs),
        sum(r.cpu_seconds for r in runs),
    )


def _opc_argv(peers_bin: Path) -> Callable[[Path, Path], list[str]]:
    def argv(spec: Path, out: Path) -> list[str]:
        return [
            str(peers_bin / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out / f"opc-{spec.stem}"),
            "--meta",
            "none",
            "--overwrite",
        ]

    return argv


def _dcg_argv(peers_bin: Path) -> Callable[[Path, Path], list[str]]:
    def argv(spec: Path, out: Path) -> list[str]:
        return [
            str(peers_bin / "datamodel-codegen"),
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / f"dcg-{spec.stem}.py"),
            "--output-model-type",
            "dataclasses.dataclass",
            "--formatters",
            "black",
            "--target-python-version",
            "3.11",
            "--disable-warnings",
        ]

    return argv


def run_stages(spec: SpecInput, out: Path, cache: Path) -> tuple[ChildRun, dict[str, Any] | None]:
    """One cold `generate`, into an empty `out` with an empty cache, through gen_stages.py.

    gen_stages.py runs `generator.cli.main` itself with the same arguments as
    `python -m generator generate`, so this one run gives the command's wall time,
    peak RSS and CPU time, and the split of that time into stages.
    """
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    out.mkdir(parents=True)
    argv = _ours_argv("generate", spec, out)
    run = run_child(
        [argv[0], str(ROOT / "benchmarks" / "gen_stages.py"), *argv[3:]],
        cwd=ROOT,
        env=_our_env(cache),
    )
    for line in run.output.splitlines():
        if line.startswith("BENCH-STAGES "):
            return run, json.loads(line.removeprefix("BENCH-STAGES "))
    return run, None


def _edited_copies(spec: SpecInput, folder: Path, marker: str) -> tuple[Path, ...]:
    """The specs, same file names, with one schema description changed: a typical edit."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copies = []
    for index, path in enumerate(spec.specs):
        text = path.read_text(encoding="utf-8")
        if index == 0:
            text = _edit_description(text, marker)
        copy = folder / path.name
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    return tuple(copies)


def _edit_description(text: str, marker: str) -> str:
    schemas = max(text.find('"schemas"'), text.find("schemas:"))
    if text.lstrip().startswith("{"):  # JSON: the first description string after "schemas"
        match = re.compile(r'"description":\s*"').search(text, schemas)
    else:  # YAML: the first plain one-line description after `schemas:`
        match = re.compile(r"^\s+description: (?![>|'\"])", re.MULTILINE).search(text, schemas)
    if match is None:
        raise RuntimeError("no description to edit")
    return text[: match.end()] + marker + " " + text[match.end() :]


def measure_input(
    spec: SpecInput, work: Path, peers_bin: Path, rounds: int, peer_warm: int, log: Callable
) -> dict[str, Any]:
    """Cold and warm runs of every tool on one input, with our stage split."""
    env = _peer_env(peers_bin)
    tools = {
        "ours": ToolResult(),
        "openapi-python-client": ToolResult(),
        "datamodel-code-generator": ToolResult(),
    }
    folders = {name: work / re.sub(r"\W", "-", name) for name in tools}
    cache = work / "cache"
    splits = []
    for round_index in range(rounds):
        log(
            f"    cold round {round_index + 1}/{rounds}: ours, openapi-python-client, "
            "datamodel-code-generator"
        )
        for name, folder in folders.items():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            if name == "ours":
                run, split = run_stages(spec, folder, cache)
                if split is not None:
                    splits.append(split)
            elif name == "openapi-python-client":
                run = _run_per_spec(_opc_argv(peers_bin), spec, folder, env)
            else:
                run = _run_per_spec(_dcg_argv(peers_bin), spec, folder, env)
            tools[name].cold.append(run)
    for name, folder in folders.items():
        tools[name].classes, tools[name].py_bytes = _output_stats(folder)
    log("    warm runs")
    ours_dir = folders["ours"]
    our_env = _our_env(cache)  # the cache the last cold run filled, as a user's would be
    inputs_file = ours_dir / "pkg" / ".gemini-codegen-inputs"
    extra: dict[str, list[ChildRun]] = {"check": [], "warm_no_fingerprint": [], "edited": []}
    for _ in range(max(rounds, 3)):
        tools["ours"].warm.append(
            run_child(_ours_argv("generate", spec, ours_dir), cwd=ROOT, env=our_env)
        )
        extra["check"].append(run_child(_ours_argv("check", spec, ours_dir), cwd=ROOT, env=our_env))
    # The fingerprint shortcut is gone whenever the generator or a template changes;
    # then the manifest still spares validation and black. Measured without it:
    for _ in range(min(rounds, 3)):
        inputs_file.unlink(missing_ok=True)
        extra["warm_no_fingerprint"].append(
            run_child(_ours_argv("generate", spec, ours_dir), cwd=ROOT, env=our_env)
        )
    # A spec edit: one schema's description changes, so models.py must be redone. Each
    # run makes a new edit, so none finds its result already on disk.
    for number in range(min(rounds, 3)):
        edited = _edited_copies(spec, work / "edited", f"Edited ({number}).")
        extra["edited"].append(
            run_child(_ours_argv("generate", spec, ours_dir, edited), cwd=ROOT, env=our_env)
        )
    for _ in range(peer_warm):
        tools["openapi-python-client"].warm.append(
            _run_per_spec(_opc_argv(peers_bin), spec, folders["openapi-python-client"], env)
        )
        tools["datamodel-code-generator"].warm.append(
            _run_per_spec(_dcg_argv(peers_bin), spec, folders["datamodel-code-generator"], env)
        )
    result = {name: tool.summary() for name, tool in tools.items()}
    for key, runs in extra.items():
        result["ours"][f"{key}_s"] = median([r.seconds for r in runs])
        result["ours"][f"{key}_exit"] = sorted({r.returncode for r in runs})
    result["ours"]["warm_exit"] = sorted({r.returncode for r in tools["ours"].warm})
    result["stages"] = _median_split(splits)
    result["main_s"] = median([s["main"] for s in splits]) if splits else None
    for folder in [*folders.values(), cache, work / "edited"]:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _median_split(splits: list[dict[str, Any]]) -> dict[str, float | None] | None:
    if not splits:
        return None
    result: dict[str, float | None] = {}
    for key in [*splits[0]["stages"], "other", "imports", "black"]:
        values = [s["stages"].get(key) if key in s["stages"] else s.get(key) for s in splits]
        present = [v for v in values if v is not None]
        result[key] = median(present) if present else None
    return result


def scaling(
    big: dict[str, Any],
    fractions: tuple[float, ...],
    work: Path,
    peers_bin: Path,
    log: Callable,
    runs: int = 3,
) -> list[dict[str, Any]]:
    """Our stage split (the run with the median time of `runs`) and the peers' times
    (one run each) on subsets of the big spec. At fraction 1 the peers are not run:
    the caller has measured them on the whole spec already."""
    env = _peer_env(peers_bin)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for fraction in fractions:
        cut = subset(big, fraction)
        path = work / f"subset-{fraction:g}.json"
        text = json.dumps(cut)
        path.write_text(text, encoding="utf-8")
        spec = describe(f"{fraction:g}", [path])
        log(f"    {fraction:g} of the big spec: {spec.schemas} schemas, {runs} run(s)")
        measured = [run_stages(spec, work / "stages", work / "cache") for _ in range(runs)]
        timed = sorted((m for m in measured if m[1] is not None), key=lambda m: float(m[1]["main"]))
        run, split = timed[len(timed) // 2] if timed else measured[0]
        peers: dict[str, float | None] = {}
        for name, make in (
            ("openapi-python-client", _opc_argv(peers_bin)),
            ("datamodel-code-generator", _dcg_argv(peers_bin)),
        ):
            if fraction >= 1:
                continue
            folder = work / "peer"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            peer = _run_per_spec(make, spec, folder, env)
            peers[name] = peer.seconds if peer.returncode == 0 else None
        rows.append(
            {
                "fraction": fraction,
                "schemas": spec.schemas,
                "operations": spec.operations,
                "spec_kb": len(text.encode("utf-8")) / 1024,
                "runs": runs,
                "wall_s": run.seconds,
                "exit": run.returncode,
                "split": split,
                "peers": peers,
            }
        )
        path.unlink()
    for folder in ("stages", "cache", "peer"):
        shutil.rmtree(work / folder, ignore_errors=True)
    return rows


def _median_run(spec: SpecInput, work: Path, runs: int) -> tuple[ChildRun, dict[str, Any] | None]:
    """Of `runs` cold runs, the one with the median in-process time."""
    measured = [run_stages(spec, work / "stages", work / "cache") for _ in range(runs)]
    timed = sorted((m for m in measured if m[1] is not None), key=lambda m: float(m[1]["main"]))
    return timed[len(timed) // 2] if timed else measured[0]


def replication(
    big: dict[str, Any], copies: tuple[int, ...], work: Path, log: Callable, runs: int = 3
) -> list[dict[str, Any]]:
    """Our cold generate on the big spec present 1, 2, 3... times (`subset.replicate`):
    everything grows by the same factor, so each further copy should cost the same."""
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in copies:
        path = work / f"replica-{count}.json"
        path.write_text(json.dumps(replicate(big, count)), encoding="utf-8")
        spec = describe(f"x{count}", [path])
        log(f"    {count} cop{'y' if count == 1 else 'ies'}: {spec.schemas} schemas, {runs} run(s)")
        run, split = _median_run(spec, work, runs)
        rows.append(
            {
                "copies": count,
                "schemas": spec.schemas,
                "operations": spec.operations,
                "wall_s": run.seconds,
                "exit": run.returncode,
                "split": split,
            }
        )
        path.unlink()
    for folder in ("stages", "cache"):
        shutil.rmtree(work / folder, ignore_errors=True)
    return rows


def fresh_clone_check(work: Path, runs: int) -> dict[str, Any]:
    """`python -m generator check` in a fresh `git clone` of this repository (HEAD).

    The clone has no caches and no bytecode: the first run is what a new
    contributor or CI sees; later runs have their bytecode compiled.
    """
    clone = work / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    done = subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(clone)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return {"error": f"git clone failed: {done.stderr.strip()[:200]}"}
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    env = _our_env(work / "clone-cache")  # no cache anywhere, as on a new machine
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # later runs should find their bytecode
    argv = [str(OUR_PYTHON), "-m", "generator", "check"]
    results = [run_child(argv, cwd=clone, env=env) for _ in range(runs + 1)]
    shutil.rmtree(clone, ignore_errors=True)
    shutil.rmtree(work / "clone-cache", ignore_errors=True)
    return {
        "head": head,
        "first_s": results[0].seconds,
        "first_exit": results[0].returncode,
        "first_output": _last_line(results[0].output).replace(f"{clone}/", ""),
        "later_s": median([r.seconds for r in results[1:]]),
        "later_exit": sorted({r.returncode for r in results[1:]}),
        "peak_mb": max(r.max_rss_kb for r in results) / 1024,
    }
