"""When the generator may run work in forked processes.

Forking shares the parent's parsed data with the child for free, which is why
both the background validator and the parallel formatter use it.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # defined only where fork exists
    from multiprocessing.context import ForkContext

__all__ = ["fork_context"]


def fork_context() -> ForkContext | None:
    """The fork start method, or None where it cannot help: unavailable (another
    platform), a single core, or inside a daemonic worker (which may not have children)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if (os.cpu_count() or 1) < 2 or multiprocessing.current_process().daemon:
        return None
    return multiprocessing.get_context("fork")
