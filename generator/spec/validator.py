"""openapi-spec-validator in the background: forked processes beside the pipeline.

It is the slowest check by far (pure-Python JSON Schema over the whole
document), and its verdict is only needed before anything is written. So a
child process is forked as soon as the generation starts, imports the validator
(a quarter of a second) while the parent imports and loads, and validates each
document it is handed while the parent finishes its own checks, parses, renders
and formats. Each half of each document's run (`openapi_validator.PARTS`) is
validated in a process the child forks for it, up to one per core at a time: the
import is paid once, and no half waits for another, so the end of a run, when the
parent is only waiting, keeps both cores busy.
Where forking is unavailable (another platform, a daemonic worker, one core),
the runs happen when their findings are asked for.

This module imports little: the fork comes first, the validator's code and the
spec stage's modules are imported in the child and on first use.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Lock
from typing import TYPE_CHECKING, NamedTuple

from ..forking import fork_context

if TYPE_CHECKING:  # defined only where fork exists
    from multiprocessing.context import ForkContext

    from ..diagnostics import Diagnostic
    from .load import SpecDocument
    from .openapi_validator import ValidatorFindings

__all__ = ["SpecValidation"]

# A run of one half of one document's validation: ((id of the document, part), document).
_Key = tuple[int, int]
_Job = tuple[_Key, "SpecDocument"]

# A helper that ended without sending its findings (it crashed or was killed): the
# child reports this in their place, and the parent runs the validator itself.
_NO_FINDINGS = None
# How often the child, while waiting for a document, looks for helpers that failed.
_POLL_SECONDS = 0.05


def _child(jobs: Queue[_Job | None], results: Connection, sending: Lock) -> None:
    """Hand each job to a helper process of its own, at most one per core at a time,
    until told to stop; a helper that fails is reported as `_NO_FINDINGS`."""
    # Ctrl-C reaches the whole process group. The parent answers it by stopping this child
    # (and the child its helpers), so they ignore it rather than print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .openapi_validator import preload_validator

    preload_validator()  # before the first document, which the parent is still loading
    helpers: dict[int, _Key] = {}  # pid -> the key of the job it runs
    signal.signal(signal.SIGTERM, lambda *_: _stop_helpers(helpers))
    width = os.cpu_count() or 1
    try:
        while True:
            try:
                job = jobs.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                _reap(helpers, results, sending, block=False)
                continue
            if job is None:
                break
            while len(helpers) >= width:
                _reap(helpers, results, sending, block=True)
            _fork_helper(job, helpers, results, sending)
        while helpers:
            _reap(helpers, results, sending, block=True)
    finally:
        results.close()


def _fork_helper(job: _Job, helpers: dict[int, _Key], results: Connection, sending: Lock) -> None:
    """Fork a helper validating `job` and note it in `helpers`. SIGTERM is held back until
    then: the helper must not run the child's handler, nor the child stop unaware of it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the helper, which ends with os._exit
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        _helper(job, results, sending)
    helpers[pid] = job[0]
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _helper(
    job: _Job, results: Connection, sending: Lock
) -> None:  # pragma: no cover - runs in a forked process
    """Run one half of one document's validation and send the findings; never returns."""
    status = 1
    try:
        from .openapi_validator import spec_validator_findings

        key, document = job
        found = spec_validator_findings(document, part=key[1])
        with sending:  # one message at a time: the helpers share the pipe
            results.send((key, found))
        status = 0
    finally:
        os._exit(status)


def _reap(helpers: dict[int, _Key], results: Connection, sending: Lock, block: bool) -> None:
    """Collect helpers that have ended (with `block`, wait for one); a helper that did not
    succeed has its job reported, so that the parent never waits for it."""
    while helpers:
        pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        key = helpers.pop(pid, None)
        if key is not None and status != 0:
            with sending:
                results.send((key, _NO_FINDINGS))
        if block:
            return


def _stop_helpers(helpers: dict[int, _Key]) -> None:
    """The child is being stopped: end its helpers with it, so that none outlives it."""
    for pid in helpers:
        with contextlib.suppress(ProcessLookupError):  # reaped a moment ago
            os.kill(pid, signal.SIGKILL)
    for pid in helpers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(1)


class _Worker(NamedTuple):
    process: BaseProcess
    # A queue, not a pipe: its feeder thread hands a document over without making the
    # parent wait while the child is busy with the previous one.
    jobs: Queue[_Job | None]
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
        self._arrived: dict[_Key, ValidatorFindings | None] = {}  # before they were asked for

    def start(self, document: SpecDocument) -> None:
        """Start validating `document`. It must be bundled, with only local references:
        the validator would fetch any other."""
        if self._context is None:
            self._pending[id(document)] = (document, False)
            return
        from .openapi_validator import PARTS

        worker = self._worker or self._start_worker(self._context)
        # The larger half first (the keyword checks take two thirds of a run), so that the
        # smaller ones fill the cores around it.
        for part in reversed(range(len(PARTS))):
            worker.jobs.put(((id(document), part), document))
        self._pending[id(document)] = (document, True)

    def _start_worker(self, context: ForkContext) -> _Worker:
        receiver, sender = context.Pipe(duplex=False)
        jobs: Queue[_Job | None] = context.Queue()
        # Forked, not spawned: nothing of the generator is imported again.
        process = context.Process(target=_child, args=(jobs, sender, context.Lock()), daemon=True)
        process.start()
        sender.close()
        self._worker = _Worker(process, jobs, receiver)
        return self._worker

    def discard(self, document: SpecDocument) -> None:
        """Forget a run whose findings are no longer wanted; with none left, stop the child."""
        self._pending.pop(id(document), None)
        for key in [key for key in self._arrived if key[0] == id(document)]:
            del self._arrived[key]
        if not any(handed for _, handed in self._pending.values()):
            self._stop_worker()

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.process.terminate()  # the child ends its helpers first (`_stop_helpers`)
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
        from .openapi_validator import PARTS, ValidatorFindings, spec_validator_findings

        _, handed = self._pending.pop(id(document), (document, False))
        found = [self._part((id(document), part), handed) for part in range(len(PARTS))]
        if not any(handed for _, handed in self._pending.values()):
            self._finish_worker()
        return ValidatorFindings.joined(
            [
                spec_validator_findings(document, part) if part_found is None else part_found
                for part, part_found in enumerate(found)
            ]
        )

    def _part(self, key: _Key, handed: bool) -> ValidatorFindings | None:
        """What the child sent for `key`, or None when it was never handed over or its
        helper failed (the caller then runs that half here)."""
        if key in self._arrived:
            return self._arrived.pop(key)
        return self._receive(key) if handed else None

    def _receive(self, key: _Key) -> ValidatorFindings | None:
        """The findings for `key`, keeping those of other jobs that come first; None
        when its helper or the child died (the caller then runs the validator here)."""
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
