"""How the command line prints diagnostics: one line each, sorted, on standard error."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .diagnostics import Diagnostic

__all__ = ["print_diagnostics"]


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
