"""The render stage's error, importable without loading Jinja2 (the command line catches it)."""

from __future__ import annotations

__all__ = ["RenderError"]


class RenderError(Exception):
    """A template failed: a bug in the generator or in a user's custom templates."""
