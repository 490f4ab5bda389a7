"""Stage 2, parse: checked spec documents to one frozen IR (`ir.Api` per spec)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .. import ir
from ..conventions import Conventions, detect_conventions
from ..diagnostics import Diagnostic, Diagnostics
from ..spec import SpecDocument, check_specs
from . import naming
from .parser import parse_api

__all__ = ["load_apis", "parse_apis"]


def parse_apis(
    documents: Sequence[SpecDocument],
    diagnostics: Diagnostics,
    conventions: Conventions | None = None,
) -> list[ir.Api]:
    """One `ir.Api` per document, each in a subpackage named from its `info.version`.
    `conventions`: the API family's, for every spec; None: detected per spec."""
    # Sorting first makes the subpackage names independent of the order specs were given in.
    ordered = sorted(documents, key=lambda d: (_version(d), d.name))
    modules = naming.NameRegistry()
    return [
        parse_api(
            d,
            modules.claim(naming.module_name(_version(d) or d.path.stem)),
            conventions or detect_conventions(d.data),
            diagnostics,
        )
        for d in ordered
    ]


def load_apis(
    spec_paths: Sequence[Path],
    strict: bool = False,
    already_validated: Callable[[SpecDocument], bool] | None = None,
    conventions: Conventions | None = None,
) -> tuple[list[ir.Api], list[Diagnostic]]:
    """Every spec checked and parsed; raises SpecError when any has an error.
    Returns the APIs and the warnings."""
    with check_specs(spec_paths, strict, already_validated) as specs:
        apis = parse_apis(specs.documents, specs.diagnostics, conventions)
        return apis, specs.finish()


def _version(document: SpecDocument) -> str:
    info = document.data.get("info")
    return str(info.get("version", "")) if isinstance(info, dict) else ""
