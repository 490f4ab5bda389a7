"""The `[tool.gemini-codegen]` table of pyproject.toml: which specs, where, under what name."""

from __future__ import annotations

import keyword
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomllib

from .conventions import PROFILES

__all__ = [
    "ConfigError",
    "Settings",
    "check_inside_project",
    "check_package_name",
    "configured_specs",
    "find_pyproject",
    "read_settings",
    "resolve_settings",
]

DEFAULT_OUT = "generated"
DEFAULT_PACKAGE = "gemini_api"


class ConfigError(Exception):
    """pyproject.toml is missing, unreadable or its table is malformed."""


@dataclass(frozen=True, slots=True)
class Settings:
    specs: tuple[Path, ...]
    out: Path
    package: str
    # An API family of generator/conventions.py for every spec; None: detected per spec.
    conventions: str | None = None
    # Folders besides each spec's own that its file `$ref`s may lead into.
    ref_roots: tuple[Path, ...] = ()
    # The folder of hand-written extension modules, one `<version>.py` per API; None: none.
    extensions: Path | None = None

    @property
    def package_dir(self) -> Path:
        return self.out / self.package


def check_package_name(name: str, source: str) -> str:
    """`name` if it can be the generated package's folder and import name, else ConfigError.

    The package is written to `out / name`, so anything but a plain identifier could
    leave the output folder; a standard-library name would shadow that module for
    whoever imports the package from its parent folder. `source` says where the name
    came from, for the message.
    """
    if not name.isidentifier():
        problem = "is not a Python identifier"
    elif keyword.iskeyword(name):
        problem = "is a Python keyword"
    elif name.startswith("__") and name.endswith("__"):
        problem = "is a dunder name"
    elif name in sys.stdlib_module_names:
        problem = "is a standard-library module"
    else:
        return name
    raise ConfigError(f"{source} {name!r} cannot be the package name: it {problem}")


def resolve_settings(
    specs: list[Path] | None,
    out: Path | None,
    package: str | None,
    conventions: str | None,
    config: Path | None,
    extensions: Path | None = None,
) -> Settings:
    """The settings of `generate` and `check`: the flags given, the rest from pyproject.toml
    (not read at all when specs are given). Every package name is checked, whatever its source;
    an `--extensions` folder must lie inside the project (pyproject.toml's folder, or the
    working directory when specs are given)."""
    if package is not None:
        check_package_name(package, "--package")
    if specs:
        if extensions is not None:
            check_inside_project(extensions, Path.cwd(), "--extensions")
        return Settings(
            tuple(specs),
            out or Path(DEFAULT_OUT),
            package or DEFAULT_PACKAGE,
            conventions,
            extensions=extensions,
        )
    pyproject = config or find_pyproject(Path.cwd())
    settings = read_settings(pyproject)
    if extensions is not None:
        check_inside_project(extensions, pyproject.parent, "--extensions")
    return replace(
        settings,
        out=out or settings.out,
        package=package or settings.package,
        conventions=conventions or settings.conventions,
        extensions=extensions or settings.extensions,
    )


def check_inside_project(folder: Path, project: Path, source: str) -> Path:
    """`folder` if it lies inside `project` (symlinks followed), else ConfigError: the
    generator copies hand-written code only from the project's own tree."""
    if not folder.resolve().is_relative_to(project.resolve()):
        raise ConfigError(f"{source} {folder} lies outside the project folder {project}")
    return folder


def find_pyproject(start: Path) -> Path:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no pyproject.toml in {start} or any parent folder")


def configured_specs(given: Sequence[Path] | None, config: Path | None) -> list[Path]:
    """The specs a command was given, else those of `config` (or the nearest
    pyproject.toml): what `audit` and `drift` read."""
    if given:
        return list(given)
    return list(read_settings(config or find_pyproject(Path.cwd())).specs)


def read_settings(pyproject: Path) -> Settings:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: {exc}") from None
    table = data.get("tool", {}).get("gemini-codegen")
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: no [tool.gemini-codegen] table")
    specs = table.get("specs")
    if not isinstance(specs, list) or not specs or not all(isinstance(s, str) for s in specs):
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] specs must be a list of paths")
    base = pyproject.parent
    out = table.get("out", DEFAULT_OUT)
    package = table.get("package", DEFAULT_PACKAGE)
    if not isinstance(out, str) or not isinstance(package, str):
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] out/package are malformed")
    check_package_name(package, f"{pyproject}: [tool.gemini-codegen] package")
    conventions = table.get("conventions")
    if conventions is not None and conventions not in PROFILES:
        names = ", ".join(repr(name) for name in PROFILES)
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] conventions must be one of {names}")
    ref_roots = table.get("ref_roots", [])
    if not isinstance(ref_roots, list) or not all(isinstance(r, str) for r in ref_roots):
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] ref_roots must be a list of paths")
    extensions = table.get("extensions")
    if extensions is not None and not isinstance(extensions, str):
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] extensions must be a folder path")
    source = f"{pyproject}: [tool.gemini-codegen] extensions"
    return Settings(
        tuple(base / s for s in specs),
        base / out,
        package,
        conventions,
        tuple(base / r for r in ref_roots),
        check_inside_project(base / extensions, base, source) if extensions else None,
    )
