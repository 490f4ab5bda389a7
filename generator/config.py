"""The `[tool.gemini-codegen]` table of pyproject.toml: which specs, where, under what name."""

from __future__ import annotations

import keyword
import sys
from dataclasses import dataclass
from pathlib import Path

import tomllib

from .conventions import PROFILES

__all__ = [
    "ConfigError",
    "Settings",
    "check_package_name",
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
) -> Settings:
    """The settings of `generate` and `check`: the flags given, the rest from pyproject.toml
    (not read at all when specs are given). Every package name is checked, whatever its source."""
    if package is not None:
        check_package_name(package, "--package")
    if specs:
        return Settings(
            tuple(specs), out or Path(DEFAULT_OUT), package or DEFAULT_PACKAGE, conventions
        )
    settings = read_settings(config or find_pyproject(Path.cwd()))
    return Settings(
        settings.specs,
        out or settings.out,
        package or settings.package,
        conventions or settings.conventions,
        settings.ref_roots,
    )


def find_pyproject(start: Path) -> Path:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no pyproject.toml in {start} or any parent folder")


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
    return Settings(
        tuple(base / s for s in specs),
        base / out,
        package,
        conventions,
        tuple(base / r for r in ref_roots),
    )
