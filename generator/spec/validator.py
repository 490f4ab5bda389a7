"""openapi-spec-validator in the background: one forked process for every spec of a run.

It is the slowest check by far (pure-Python JSON Schema over the whole
document), and its verdict is only needed before anything is written. So a
child process is forked as soon as the first document is ready for it (bundled,
every reference local) and validates each document it is handed, in turn, while
the parent finishes its own checks, parses, renders and formats. One child for
all the specs imports the validator and builds its checkers once (half a second
of the run's CPU on the bundled specs), and competes less with the parent for a
small machine's cores. Where forking is unavailable (another platform, a
daemonic worker, one core), the runs happen when their findings are asked for.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import TYPE_CHECKING, NamedTuple

from ..diagnostics import Diagnostic
from ..forking import fork_context
from .load import SpecDocument
from .openapi_validator import ValidatorFindings, preload_validator, spec_validator_findings

if TYPE_CHECKING:  # defined only where fork exists
    from multiprocessing.context import ForkContext

__all__ = ["SpecValidation"]


def _child(jobs: Queue[tuple[int, SpecDocument] | None], results: Connection) -> None:
    """Validate each document handed over, in order, until told to stop."""
    try:
        preload_validator()  # a child started early does this before the first document
        while (job := jobs.get()) is not None:
            key, document = job
            results.send((key, spec_validator_findings(document)))
    finally:
        results.close()


class _Worker(NamedTuple):
    process: BaseProcess
    # A queue, not a pipe: its feeder thread hands a document over without making the
    # parent wait while the child is busy with the previous one.
    jobs: Queue[tuple[int, SpecDocument] | None]
    results: Connection


class SpecValidation:
    """The validator runs of one generation, keyed by document."""

    def __init__(self, early: bool = False) -> None:
        """`early`: fork the child now, before the first document is ready, so that it
        imports the validator while the parent is still importing and loading."""
        self._context = fork_context()
        self._worker: _Worker | None = None
        if early and self._context is not None:
            self._start_worker(self._context)
        # Started and not yet collected; a document handed to no worker (no fork here)
        # is validated when its findings are asked for.
        self._pending: dict[int, tuple[SpecDocument, bool]] = {}
        self._arrived: dict[int, ValidatorFindings] = {}  # sent before they were asked for

    def start(self, document: SpecDocument) -> None:
        """Start validating `document`. It must be bundled, with only local references:
        the validator would fetch any other."""
        if self._context is None:
            self._pending[id(document)] = (document, False)
            return
        worker = self._worker or self._start_worker(self._context)
        worker.jobs.put((id(document), document))
        self._pending[id(document)] = (document, True)

    def _start_worker(self, context: ForkContext) -> _Worker:
        receiver, sender = context.Pipe(duplex=False)
        jobs: Queue[tuple[int, SpecDocument] | None] = context.Queue()
        # Forked, not spawned: nothing of the generator is imported again.
        process = context.Process(target=_child, args=(jobs, sender), daemon=True)
        process.start()
        sender.close()
        self._worker = _Worker(process, jobs, receiver)
        return self._worker

    def discard(self, document: SpecDocument) -> None:
        """Forget a run whose findings are no longer wanted; with none left, stop the child."""
        self._pending.pop(id(document), None)
        self._arrived.pop(id(document), None)
        if not any(handed for _, handed in self._pending.values()):
            self._stop_worker()

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.process.terminate()
        worker.process.join()
        worker.jobs.cancel_join_thread()  # what the child never read need not be flushed
        worker.jobs.close()
        worker.results.close()

    def close(self) -> None:
        """Stop the child, whatever it still has to do: something else failed, and no
        child may outlive the generation (or stay behind as a zombie)."""
        self._pending.clear()
        self._arrived.clear()
        self._stop_worker()

    def findings(self, document: SpecDocument) -> ValidatorFindings:
        """The validator's findings for `document`, waiting for its run (or running it)."""
        key = id(document)
        _, handed = self._pending.pop(key, (document, False))
        found = self._arrived.pop(key, None) or (self._receive(key) if handed else None)
        if not any(handed for _, handed in self._pending.values()):
            self._finish_worker()
        return found if found is not None else spec_validator_findings(document)

    def _receive(self, key: int) -> ValidatorFindings | None:
        """The child's findings for `key`, keeping those of other documents that come
        first; None when the child died (the caller then runs the validator here)."""
        worker = self._worker
        if worker is None:
            return None
        try:
            while True:
                done, found = worker.results.recv()
                if done == key:
                    return found  # type: ignore[no-any-return]
                self._arrived[done] = found
        except (EOFError, OSError):
            self._stop_worker()
            return None

    def _finish_worker(self) -> None:
        """Tell an idle child to end, and wait for it."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.jobs.put(None)
        worker.jobs.close()
        worker.jobs.join_thread()
        worker.process.join()
        worker.results.close()

    def problems(self) -> list[Diagnostic]:
        """Every diagnostic of the runs not yet collected, once they have finished."""
        found: list[Diagnostic] = []
        for document, _ in list(self._pending.values()):
            found.extend(self.findings(document).problems(others_found=False))
        return found
