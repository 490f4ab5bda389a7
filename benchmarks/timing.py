"""Timing helpers shared by our side and the peer worker: standard library only.

The machine is small and noisy, so every number is a median of repeats, and
the µs-scale measurements use timeit-style loops calibrated to a minimum
duration per repeat. `run_child` times a subprocess and reads its peak memory
from `os.wait4`, which reports the largest resident set of the child and of any
process it waited for (ruff under openapi-python-client, say).
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ChildRun", "loop_time", "median", "retained_memory", "run_child"]


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def loop_time(
    function: Callable[[], object], repeats: int = 7, min_seconds: float = 0.2
) -> tuple[float, int]:
    """Median seconds per call over `repeats` timed loops, and the loop count used.

    Like `timeit`: the loop count grows until one loop takes `min_seconds`, and the
    garbage collector stays on (parsing allocates, and a real program pays for it).
    """
    number = 1
    while True:
        elapsed = _loop(function, number)
        if elapsed >= min_seconds or number >= 1_000_000:
            break
        number = max(number * 2, int(number * min_seconds / max(elapsed, 1e-9) * 1.1))
    runs = [_loop(function, number) / number for _ in range(repeats)]
    return median(runs), number


def _loop(function: Callable[[], object], number: int) -> float:
    gc.collect()
    clock = time.perf_counter
    start = clock()
    for _ in range(number):
        function()
    return clock() - start


def retained_memory(make: Callable[[], object], copies: int = 50) -> dict[str, float]:
    """Bytes held per object that `make` returns, measured two ways over `copies` objects.

    `traced`: tracemalloc, i.e. Python's allocators: exact for plain Python objects,
    blind to memory a C extension takes from malloc directly (protobuf's upb arenas).
    `rss`: growth of the resident set, which sees everything but is coarse (pages,
    allocator slack); `copies` objects are kept alive at once to average that out.
    Call `make` a few times first so that lazy imports and caches are not counted.
    """
    import tracemalloc

    for _ in range(3):
        make()
    # RSS first: memory freed later would be reused without growing the resident set.
    gc.collect()
    rss_before = _rss_bytes()
    kept = [make() for _ in range(copies)]
    gc.collect()
    rss = (_rss_bytes() - rss_before) / copies
    del kept
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [make() for _ in range(copies)]
    gc.collect()
    traced = (tracemalloc.get_traced_memory()[0] - before) / copies
    tracemalloc.stop()
    del kept
    return {"traced": traced, "rss": rss}


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    max_rss_kb: int
    returncode: int
    output: str  # stdout and stderr, for error reports
    cpu_seconds: float = float("nan")  # user + system, the child and what it waited for


# The child is started by this small launcher, not by the benchmark process itself:
# Linux counts the memory of the process a child was forked from into the child's
# peak RSS, and the benchmark process grows large (it holds the big spec). The
# launcher is a bare interpreter of a few MB, below any process measured here, and
# it times the child itself, so its own start-up is not counted.
_LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as out:
    cpu = usage.ru_utime + usage.ru_stime
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}")
"""


def run_child(
    argv: Sequence[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 900.0,
) -> ChildRun:
    """Run `argv` to completion: wall seconds, peak RSS in KB, exit code and output."""
    with tempfile.TemporaryDirectory(prefix="bench-child-") as folder:
        report = Path(folder) / "report"
        log = Path(folder) / "log"
        with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the child
            done = subprocess.run(
                [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *argv],
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        output = log.read_text(encoding="utf-8", errors="replace")
        if not report.exists():
            return ChildRun(float("nan"), 0, done.returncode or 1, output)
        seconds, rss, code, cpu = report.read_text().split()
        return ChildRun(float(seconds), int(rss), int(code), output, float(cpu))
