"""Stage 1, spec: files to checked, bundled OpenAPI documents.

`check_specs` is the one way in, for `validate` and `generate` alike: it loads
each file, runs our checks, and starts openapi-spec-validator in the background.

The names are imported on first use: `generate` imports `spec.validator` and forks
the validator's process before anything else of the stage, so that the process
starts as early as it can (importing the rest first would delay it by 50 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checking import CheckedSpecs, check_specs
    from .load import SpecDocument

__all__ = ["CheckedSpecs", "SpecDocument", "check_specs"]


def __getattr__(name: str) -> object:
    if name in ("CheckedSpecs", "check_specs"):
        from . import checking

        return getattr(checking, name)
    if name == "SpecDocument":
        from .load import SpecDocument

        return SpecDocument
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
