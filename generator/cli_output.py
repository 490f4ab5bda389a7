"""What every command shares: its exit codes, and diagnostics printed sorted, as text
lines (standard error), a JSON list or GitHub Actions annotations (standard output)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .diagnostics import Diagnostic, Level

__all__ = [
    "DIAGNOSTICS_FORMATS",
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "print_diagnostics",
]

# 1 is each command's own "no, but nothing went wrong": stale for `check`,
# breaking changes for `diff --fail-on-breaking`.
EXIT_OK, EXIT_BAD_INPUT = 0, 2
# What a shell reports for a process ended by SIGINT (Ctrl-C) or by SIGPIPE (the reader of
# its output went away), which the command catches to end quietly.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141

DIAGNOSTICS_FORMATS = ("text", "json", "github")


def print_diagnostics(
    diagnostics: Sequence[Diagnostic], fmt: str = "text", stdout: TextIO | None = None
) -> None:
    """`text`: `FILE:LINE: #/pointer: message` lines on standard error. `json`: one list
    of {file, line, pointer, level, message} (line null when unknown), `[]` when there
    is nothing. `github`: `::error file=...,line=...::...` workflow commands. The last
    two go to `stdout` (default: standard output)."""
    ordered = sorted(set(diagnostics))
    if fmt == "text":
        for diagnostic in ordered:
            print(diagnostic.format(), file=sys.stderr)
        return
    out = stdout or sys.stdout
    if fmt == "json":
        print(json.dumps([_as_json(d) for d in ordered], indent=2, ensure_ascii=False), file=out)
        return
    for diagnostic in ordered:
        print(_annotation(diagnostic), file=out)


def _as_json(diagnostic: Diagnostic) -> dict[str, object]:
    return {
        "file": diagnostic.file,
        "line": diagnostic.line or None,
        "pointer": diagnostic.pointer,
        "level": diagnostic.level.value,
        "message": diagnostic.message,
    }


def _annotation(diagnostic: Diagnostic) -> str:
    """A workflow command, escaped as the runner unescapes them: `%`, CR and LF in the
    message, and `:` and `,` too in properties."""
    command = "error" if diagnostic.level is Level.ERROR else "warning"
    properties = [f"file={_escape_property(diagnostic.file)}"]
    if diagnostic.line:
        properties.append(f"line={diagnostic.line}")
    message = _escape_data(f"{diagnostic.pointer}: {diagnostic.message}")
    return f"::{command} {','.join(properties)}::{message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
