"""openapi-spec-validator in the background: one forked process per spec.

It is the slowest check by far (pure-Python JSON Schema over the whole
document), and its verdict is only needed before anything is written. So each
spec's run starts in a forked child as soon as the document is ready for it
(bundled, every reference local), while the parent finishes its own checks,
parses, renders and formats. Where forking is unavailable (another platform, a
daemonic worker, one core), the runs happen when their findings are asked for.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import NamedTuple

from ..diagnostics import Diagnostic
from ..forking import fork_context
from .load import SpecDocument
from .openapi_validator import ValidatorFindings, spec_validator_findings

__all__ = ["SpecValidation"]


def _child(document: SpecDocument, connection: Connection) -> None:
    try:
        connection.send(spec_validator_findings(document))
    finally:
        connection.close()


class _Child(NamedTuple):
    process: BaseProcess
    receiver: Connection


class SpecValidation:
    """The validator runs of one generation, keyed by document."""

    def __init__(self) -> None:
        # None in place of a child: the run happens when its findings are asked for.
        self._runs: dict[int, tuple[SpecDocument, _Child | None]] = {}
        self._context = fork_context()

    def start(self, document: SpecDocument) -> None:
        """Start validating `document`. It must be bundled, with only local references:
        the validator would fetch any other."""
        if self._context is None:
            self._runs[id(document)] = (document, None)
            return
        receiver, sender = self._context.Pipe(duplex=False)
        # Forked, not spawned: the child shares the parsed document instead of
        # receiving a pickled copy.
        process = self._context.Process(target=_child, args=(document, sender), daemon=True)
        process.start()
        sender.close()
        self._runs[id(document)] = (document, _Child(process, receiver))

    def discard(self, document: SpecDocument) -> None:
        """Stop a run whose findings are no longer wanted."""
        _, child = self._runs.pop(id(document), (document, None))
        if child is not None:
            child.process.terminate()
            child.process.join()
            child.receiver.close()

    def close(self) -> None:
        """Stop every run not yet collected: something else failed, and no child may
        outlive the generation (or stay behind as a zombie)."""
        for document, _ in list(self._runs.values()):
            self.discard(document)

    def findings(self, document: SpecDocument) -> ValidatorFindings:
        """The validator's findings for `document`, waiting for its run (or running it)."""
        _, child = self._runs.pop(id(document), (document, None))
        if child is None:
            return spec_validator_findings(document)
        try:
            found: ValidatorFindings = child.receiver.recv()
            return found
        except EOFError:
            return spec_validator_findings(document)  # the child died: redo here
        finally:
            child.receiver.close()
            child.process.join()

    def problems(self) -> list[Diagnostic]:
        """Every diagnostic of the runs not yet collected, once they have finished."""
        found: list[Diagnostic] = []
        for document, _ in list(self._runs.values()):
            found.extend(self.findings(document).problems(others_found=False))
        return found
