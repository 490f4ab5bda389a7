"""The formatting error, importable without loading the formatter (the command line
catches it, and a warm run that formats nothing should not pay for the formatter)."""

from __future__ import annotations

__all__ = ["FormatError"]


class FormatError(Exception):
    """black rejected a rendered file: a generator bug, reported with the file's name."""
