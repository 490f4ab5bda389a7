"""What every command shares: its exit codes, and diagnostics printed one line each,
sorted, on standard error."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .diagnostics import Diagnostic

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "print_diagnostics"]

# 1 is each command's own "no, but nothing went wrong": stale for `check`,
# breaking changes for `diff --fail-on-breaking`.
EXIT_OK, EXIT_BAD_INPUT = 0, 2


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
