"""Spec problems as values: collected while loading, validating and parsing, printed by the CLI.

Only generator bugs raise. A bad spec produces `Diagnostic`s, each located by
file, line and JSON pointer, so every message can say where the problem is.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Diagnostic",
    "Diagnostics",
    "Level",
    "SpecError",
    "display_path",
    "escape_pointer_token",
    "join_pointer",
]


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    file: str
    line: int
    pointer: str
    message: str
    level: Level = field(default=Level.ERROR, compare=False)

    def format(self) -> str:
        prefix = "" if self.level is Level.ERROR else "warning: "
        location = f"{self.file}:{self.line}" if self.line else self.file
        return f"{location}: {self.pointer}: {prefix}{self.message}"


@dataclass(slots=True)
class Diagnostics:
    """A collector handed to each stage; stages append and carry on where they can."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, pointer: str, message: str, line: int = 0) -> None:
        self.items.append(Diagnostic(file, line, pointer, message, Level.ERROR))

    def warning(self, file: str, pointer: str, message: str, line: int = 0) -> None:
        self.items.append(Diagnostic(file, line, pointer, message, Level.WARNING))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def has_errors(self) -> bool:
        return self.has_errors_since(0)

    def has_errors_since(self, start: int) -> bool:
        """Whether an error was added after the first `start` items (one stage's share)."""
        return any(d.level is Level.ERROR for d in self.items[start:])

    def sorted(self) -> list[Diagnostic]:
        # A set first: the same problem found by two checks is printed once.
        return sorted(set(self.items))


class SpecError(Exception):
    """Raised at a stage boundary when the collected diagnostics contain errors."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the spec")
        self.diagnostics = diagnostics


def display_path(path: Path) -> str:
    """How a message names a file: relative to the working directory when inside it, so
    an editor or CI run from there opens it (`specs/v1beta.openapi.yaml:1010`), else
    absolute. Symlinks are kept as named."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.getcwd()))
    except ValueError:
        return str(absolute)


def escape_pointer_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: object) -> str:
    return base + "".join("/" + escape_pointer_token(t) for t in tokens)
