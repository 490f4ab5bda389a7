"""The one entry point of the spec stage: load, check and validate a set of spec files.

Our own checks run at once; openapi-spec-validator, the slowest, runs in the
background (`validator.SpecValidation`) while later stages work, and its verdict
is collected by `finish`. The runs are stopped when the `with` block ends, so no
child outlives a failed generation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Diagnostics, Level, SpecError
from .checks import check_prepared, prepare_document
from .load import SpecDocument, load_spec
from .refs import all_refs_local
from .validator import SpecValidation

__all__ = ["CheckedSpecs", "check_specs"]


@dataclass(slots=True)
class CheckedSpecs:
    """Documents that passed our checks, the diagnostics so far, and the validator runs."""

    documents: list[SpecDocument]
    diagnostics: Diagnostics
    strict: bool
    _validation: SpecValidation

    def finish(self) -> list[Diagnostic]:
        """Wait for the validator; raise SpecError on any error (any warning when strict).
        Returns the warnings."""
        self.diagnostics.items.extend(self._validation.problems())
        if self.diagnostics.has_errors or (self.strict and self.diagnostics.items):
            raise SpecError(self.diagnostics.sorted())
        return [d for d in self.diagnostics.sorted() if d.level is Level.WARNING]


@contextmanager
def check_specs(
    paths: Sequence[Path],
    strict: bool = False,
    already_validated: Callable[[SpecDocument], bool] | None = None,
    ref_roots: Sequence[Path] = (),
    validation: SpecValidation | None = None,
) -> Iterator[CheckedSpecs]:
    """Every spec loaded and checked; raises SpecError at once when our checks (or, for a
    spec they already reject, the validator) find an error. `already_validated` names
    documents whose exact bytes passed openapi-spec-validator before, so it is skipped.
    File references may lead inside each spec's folder and the `ref_roots` folders only.
    `validation`: the background runs to use, when the caller started them early."""
    validation = validation or SpecValidation()
    try:
        diagnostics = Diagnostics()
        documents = [
            d
            for path in paths
            if (d := _check_one(path, diagnostics, validation, already_validated, ref_roots))
            is not None
        ]
        if diagnostics.has_errors or (strict and diagnostics.items):
            raise SpecError(sorted(set(diagnostics.items + validation.problems())))
        yield CheckedSpecs(documents, diagnostics, strict, validation)
    finally:
        validation.close()  # only does something when a stage raised before `finish`


def _check_one(
    path: Path,
    diagnostics: Diagnostics,
    validation: SpecValidation,
    already_validated: Callable[[SpecDocument], bool] | None,
    ref_roots: Sequence[Path],
) -> SpecDocument | None:
    document = load_spec(path, diagnostics)
    if document is None:
        return None
    known_good = already_validated is not None and already_validated(document)
    before = len(diagnostics.items)
    if not prepare_document(document, diagnostics, ref_roots):
        return None
    if not known_good and all_refs_local(document.data):
        validation.start(document)  # it runs beside our own checks and everything after
    refs_ok = check_prepared(document, diagnostics)
    if not diagnostics.has_errors_since(before):
        return document
    # Already broken: the validator's findings are printed with ours, at once.
    if refs_ok and not known_good:
        diagnostics.items.extend(validation.findings(document).problems(others_found=True))
    else:
        validation.discard(document)
    return None
