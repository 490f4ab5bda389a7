"""The `[tool.gemini-codegen]` table of pyproject.toml: which specs, where, under what name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomllib

from .conventions import PROFILES

__all__ = ["ConfigError", "Settings", "find_pyproject", "read_settings"]

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
    if not isinstance(out, str) or not isinstance(package, str) or not package.isidentifier():
        raise ConfigError(f"{pyproject}: [tool.gemini-codegen] out/package are malformed")
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
