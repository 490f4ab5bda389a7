"""openapi-spec-validator in the background: forked processes beside the pipeline.

It is the slowest check by far (pure-Python JSON Schema over the whole
document), and its verdict is only needed before anything is written. So a
child process is forked (as soon as the generation starts, with `early`),
imports the validator (a quarter of a second) while the parent imports and
loads, and validates each document it is handed while the parent finishes its
own checks, parses, renders and formats. Each half of each document's run
(`openapi_validator.Half`) goes to a helper process the child forks for it, up
to one per core at a time: the import is paid once, and no half waits for
another, so the end of a run, when the parent is only waiting, keeps both cores
busy. Where forking is unavailable (another platform, a daemonic worker, one
core), the runs happen when their findings are asked for.

This module imports little: the fork comes first, the validator's code and the
spec stage's modules are imported in the child and on first use.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import signal
from collections.abc import Iterator
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

# One half of one document's run: ((the document's serial number, the half), document).
_Key = tuple[int, int]
_Job = tuple[_Key, "SpecDocument"]

# A helper that ended without sending its findings (it crashed or was killed): the
# child reports this in their place, and the parent runs that half itself.
_NO_FINDINGS = None
# How often the child, while waiting for a document, looks for helpers that failed and
# for a parent that is gone.
_POLL_SECONDS = 0.05
# The helpers share one pipe, a message at a time. A helper killed while sending would
# hold the lock forever; past this wait the others give up and the parent runs their
# halves itself. A sender waits far less: until the parent reads, at the end of its run.
_SEND_WAIT_SECONDS = 600.0


def _child(jobs: Queue[_Job | None], results: Connection, sending: Lock, parent: int) -> None:
    """Hand each job to a helper process of its own, at most one per core at a time,
    until told to stop; a helper that fails is reported as `_NO_FINDINGS`. `parent` is
    the pid of the process that forked this one (read before the fork: it may be gone)."""
    # Ctrl-C reaches the whole process group. The parent answers it by stopping this child
    # (and the child its helpers), so they ignore it rather than print tracebacks. It was
    # held back across the fork (`_interrupts_held`); one that came meanwhile is dropped.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
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
                if os.getppid() != parent:  # killed without a word: end with it
                    _stop_helpers(helpers)
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
    """Fork a helper running `job` and note it in `helpers`. SIGTERM is held back until
    then: the helper must not run the child's handler, nor the child stop unaware of it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the helper, which ends with os._exit
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            _helper(job, results, sending)
        helpers[pid] = job[0]
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _helper(
    job: _Job, results: Connection, sending: Lock
) -> None:  # pragma: no cover - runs in a forked process
    """Run one half of one document's validation and send the findings; never returns."""
    status = 1
    try:
        from .openapi_validator import Half, spec_validator_findings

        key, document = job
        found = spec_validator_findings(document, Half(key[1]))
        with _holding(sending):
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
            try:
                with _holding(sending):
                    results.send((key, _NO_FINDINGS))
            except TimeoutError:  # a helper died holding the lock: nothing more can be sent
                _stop_helpers(helpers)
        if block:
            return


@contextlib.contextmanager
def _holding(sending: Lock) -> Iterator[None]:
    if not sending.acquire(timeout=_SEND_WAIT_SECONDS):
        raise TimeoutError("the results pipe stayed locked")
    try:
        yield
    finally:
        sending.release()


def _stop_helpers(helpers: dict[int, _Key]) -> None:
    """The child is being stopped: end its helpers with it, so that none outlives it."""
    for pid in helpers:
        with contextlib.suppress(ProcessLookupError):  # reaped a moment ago
            os.kill(pid, signal.SIGKILL)
    for pid in helpers:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(1)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT held back while the child is forked, so that the child never runs without the
    setting it makes its own at once; this process gets a Ctrl-C of that moment after."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _Worker(NamedTuple):
    process: BaseProcess
    # A queue, not a pipe: its feeder thread hands a document over without making the
    # parent wait while the child is busy importing or forking.
    jobs: Queue[_Job | None]
    results: Connection


class _Run(NamedTuple):
    document: SpecDocument
    serial: int | None  # the number its jobs carry; None: never handed to the child


class SpecValidation:
    """The validator runs of one generation, keyed by document."""

    def __init__(self, early: bool = False) -> None:
        """`early`: fork the child now, before the first document is ready, so that it
        imports the validator while the parent is still importing and loading."""
        self._context = fork_context()
        self._worker: _Worker | None = None
        if early and self._context is not None:
            self._start_worker(self._context)
        # Started and not yet collected, by id of the document. Jobs carry a serial number
        # rather than the id, which a later document may reuse once one is discarded.
        self._pending: dict[int, _Run] = {}
        self._serials = itertools.count()
        self._arrived: dict[_Key, ValidatorFindings | None] = {}  # before they were asked for

    def start(self, document: SpecDocument) -> None:
        """Start validating `document`. It must be bundled, with only local references:
        the validator would fetch any other."""
        if self._context is None:
            self._pending[id(document)] = _Run(document, None)
            return
        from .openapi_validator import Half

        worker = self._worker or self._start_worker(self._context)
        serial = next(self._serials)
        # The larger half first, so that the smaller ones fill the cores around it.
        for half in Half.largest_first():
            worker.jobs.put(((serial, half), document))
        self._pending[id(document)] = _Run(document, serial)

    def _start_worker(self, context: ForkContext) -> _Worker:
        receiver, sender = context.Pipe(duplex=False)
        jobs: Queue[_Job | None] = context.Queue()
        # Forked, not spawned: nothing of the generator is imported again.
        process = context.Process(
            target=_child, args=(jobs, sender, context.Lock(), os.getpid()), daemon=True
        )
        with _interrupts_held():
            process.start()
        sender.close()
        self._worker = _Worker(process, jobs, receiver)
        return self._worker

    def discard(self, document: SpecDocument) -> None:
        """Forget a run whose findings are no longer wanted. Its helpers finish, and what
        they send is drained and dropped; with no run left, the child is stopped."""
        self._pending.pop(id(document), None)
        if not self._handed():
            self._stop_worker()

    def _handed(self) -> bool:
        return any(run.serial is not None for run in self._pending.values())

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
        from .openapi_validator import Half, ValidatorFindings, spec_validator_findings

        run = self._pending.pop(id(document), _Run(document, None))
        if run.serial is None:
            found = spec_validator_findings(document)  # never handed over: one whole run
        else:
            halves = [(half, self._half((run.serial, half))) for half in Half]
            found = ValidatorFindings.joined(
                [
                    spec_validator_findings(document, half) if sent is None else sent
                    for half, sent in halves
                ]
            )
        if not self._handed():
            self._finish_worker()
        return found

    def _half(self, key: _Key) -> ValidatorFindings | None:
        """What the child sent for `key`, or None when its helper failed (the caller then
        runs that half here)."""
        if key in self._arrived:
            return self._arrived.pop(key)
        return self._receive(key)

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
        except Exception:  # the end of the pipe, or a helper killed part way through a message
            self._stop_worker()
            return None

    def _finish_worker(self) -> None:
        """Tell an idle child to end, and wait for it. What is still on its way (from the
        helpers of a discarded run) is read and dropped first: a helper blocked on a full
        pipe would keep the child, and so this process, waiting."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        worker.jobs.put(None)
        worker.jobs.close()
        worker.jobs.join_thread()
        with contextlib.suppress(Exception):
            while True:
                worker.results.recv()  # until the child and every helper have closed it
        worker.process.join()
        worker.results.close()
        self._arrived.clear()

    def problems(self) -> list[Diagnostic]:
        """Every diagnostic of the runs not yet collected, once they have finished."""
        found: list[Diagnostic] = []
        for run in list(self._pending.values()):
            found.extend(self.findings(run.document).problems(others_found=False))
        return found
