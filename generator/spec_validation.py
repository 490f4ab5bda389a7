"""openapi-spec-validator in the background: one forked process per spec.

It is the slowest check by far (pure-Python JSON Schema over the whole
document), and its verdict is only needed before anything is written. So each
spec's run starts in a forked child while the parent parses, renders and
formats; `problems()` waits for them. Where forking is unavailable (another
platform, a daemonic worker, one core), the runs happen in `problems()` itself.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .diagnostics import Diagnostic
from .loader import SpecDocument
from .validate import spec_validator_problems

__all__ = ["SpecValidation"]


def _child(document: SpecDocument, connection: Connection) -> None:
    try:
        connection.send(spec_validator_problems(document))
    finally:
        connection.close()


class SpecValidation:
    def __init__(self, documents: list[SpecDocument]) -> None:
        self._inline: list[SpecDocument] = []
        self._running: list[tuple[SpecDocument, BaseProcess, Connection]] = []
        can_fork = (
            "fork" in multiprocessing.get_all_start_methods()
            and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon
        )
        for document in documents:
            if not can_fork:
                self._inline.append(document)
                continue
            receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
            # Forked, not spawned: the child shares the parsed document instead of
            # receiving a pickled copy.
            process = multiprocessing.get_context("fork").Process(
                target=_child, args=(document, sender), daemon=True
            )
            process.start()
            sender.close()
            self._running.append((document, process, receiver))

    def problems(self) -> list[Diagnostic]:
        """Every diagnostic the validator found, once all runs have finished."""
        found: list[Diagnostic] = []
        for document, process, receiver in self._running:
            try:
                found.extend(receiver.recv())
            except EOFError:
                found.extend(spec_validator_problems(document))  # the child died: redo here
            finally:
                receiver.close()
                process.join()
        self._running.clear()
        for document in self._inline:
            found.extend(spec_validator_problems(document))
        self._inline.clear()
        return found
