"""The output folder around a run: checked before anything is built, locked while it is written.

`generate` holds an exclusive lock, `.<package>.lock` beside the package folder, from
before it reads the old tree until after the swap, so two runs never interleave.
`flock` ends with the process, so a killed run leaves no stale lock: at most the empty
lock file, which the next run takes over. Under the lock, what an interrupted swap left
behind is recovered first (`tree.recover_tree`); `check` takes the lock only to recover.
A failed run removes the lock file and the folders it created, so it leaves no trace.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .tree import OutputError, leftovers, recover_tree

__all__ = ["OutputBusyError", "check_output_folder", "open_output"]


class OutputBusyError(OutputError):
    """Another run holds the lock of the same package folder."""


def check_output_folder(out: Path, writable: bool) -> None:
    """OutputError unless `out` is a folder, or can be made one, that this process may write."""
    existing = next(folder for folder in (out, *out.parents) if folder.exists())
    if not existing.is_dir():
        if existing == out:
            raise OutputError(f"the output folder {out} is a file")
        raise OutputError(f"the output folder {out} cannot be made: {existing} is a file")
    if writable and not os.access(existing, os.W_OK | os.X_OK):
        if existing == out:
            raise OutputError(f"the output folder {out} is not writable")
        raise OutputError(f"the output folder {out} cannot be made: {existing} is not writable")


@contextmanager
def open_output(out: Path, package_dir: Path, write: bool) -> Iterator[list[str]]:
    """Check `out`, then, for a run that writes (or one that finds an interrupted swap),
    hold the package folder's lock until the block ends. Yields what was recovered."""
    check_output_folder(out, writable=write)
    if not write and not leftovers(package_dir):
        yield []
        return
    created = _make_folders(out)
    try:
        with _locked(out / f".{package_dir.name}.lock", package_dir):
            try:
                recovered = recover_tree(package_dir)
            except OSError as exc:
                raise OutputError(f"cannot recover {package_dir}: {exc}") from None
            yield recovered
    finally:
        # Only empty folders go, so after a successful run the output folder stays.
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                break


def _make_folders(out: Path) -> list[Path]:
    """Make `out` and its missing parents; the ones made, outermost first."""
    missing = [folder for folder in (out, *out.parents) if not folder.exists()][::-1]
    for folder in missing:
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"the output folder {out} cannot be made: {exc.strerror}") from None
    return missing


@contextmanager
def _locked(path: Path, package_dir: Path) -> Iterator[None]:
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot lock {package_dir}: {path}: {exc.strerror}") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise OutputBusyError(f"another generation is writing {package_dir}") from None
        # The previous holder removes the file as it lets go; a lock taken on the file
        # it removed guards nothing, so take the one now at `path` instead.
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(descriptor), current):
            break
        os.close(descriptor)
    try:
        yield
    finally:
        # Removed while still held: a run that opens it from now on retries (above).
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(descriptor)
