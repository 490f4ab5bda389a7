"""black, made cheap: generated modules are formatted a piece at a time, and most
pieces are not given to black at all.

black's cost grows with the amount of code (about 65 KB a second here). A module
is split into pieces (a top-level class, or a method of a big class); formatting
each alone gives the same text as formatting the module (tests check it on real
output) and allows these savings:
- the templates emit black's layout, so a piece with no line over the limit is
  taken as it is (`is_laid_out`);
- in the other pieces, black formats only the over-long statements (`statements`),
  or the whole piece where a long line is not inside one simple statement;
- a content-addressed cache of what black wrote, so regenerating after a spec
  change re-formats only what changed;
- what is left is formatted in parallel, one process per core, when there is
  enough of it to pay for the processes; so are the syntax checks of the pieces
  black does not see.
The cache lives in $GEMINI_CODEGEN_CACHE, else $XDG_CACHE_HOME/gemini-codegen,
else ~/.cache/gemini-codegen; set GEMINI_CODEGEN_CACHE=off to disable it.
"""

from __future__ import annotations

import ast
import concurrent.futures
import functools
import hashlib
import os
import re
import signal
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..forking import fork_context
from . import statements
from .errors import FormatError
from .literals import LINE_LENGTH, display_width

if TYPE_CHECKING:  # defined only where fork exists
    from multiprocessing.context import ForkContext

__all__ = ["LINE_LENGTH", "FormatError", "format_sources", "is_laid_out", "split_chunks"]

_TARGET = "PY310"
# Below this much unformatted source, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 150_000
# The same for syntax checks, which go about 25 times faster than black: below some 0.4 s
# of compiling, the workers' start-up, and the validator's processes busy on the other
# core during a cold run, take back what they save.
_PARALLEL_SYNTAX_THRESHOLD = 2_000_000
TRIPLE = '"' * 3


@functools.cache
def _black_mode() -> Any:
    # Imported on first use: a warm run that formats nothing never pays for black.
    import black

    return black.Mode(
        target_versions={getattr(black.mode.TargetVersion, _TARGET)},
        line_length=LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
    )


def _format_chunk(chunk: str) -> str:
    import black

    return str(black.format_str(chunk, mode=_black_mode()))


def split_chunks(source: str, indent: str = "") -> list[str]:
    """The module's prologue, then one piece per top-level class or function.

    With `indent`, the same inside a class body: its header, then one piece per method.
    """
    start = re.compile(rf"^{indent}(@|class\b|def\b|async def\b)")
    chunks: list[list[str]] = [[]]
    previous = ""
    in_docstring = False  # generated multi-line strings are all """-docstrings
    for line in source.splitlines(keepends=True):
        starts = start.match(line) and not previous.startswith(indent + "@")
        if starts and not in_docstring and any(chunks[-1]):
            chunks.append([])
        chunks[-1].append(line)
        # Inside a docstring any quote triple is the closing one (others are escaped);
        # outside, one opens a docstring only at the start of a line.
        stripped = line.strip()
        if in_docstring:
            in_docstring = TRIPLE not in line
        elif stripped.startswith(TRIPLE) and TRIPLE not in stripped[3:]:
            in_docstring = True
        if stripped:
            previous = line
    return ["".join(lines) for lines in chunks if "".join(lines).strip()]


# A class body bigger than this (a client with a method per operation) is formatted a
# method at a time, each method wrapped in this stand-in class so it parses alone.
_SPLIT_CLASS_SIZE = 20_000
_WRAPPER = "class _Piece:\n"


def _pieces(chunk: str) -> list[str]:
    """A top-level chunk as formatting units: itself, or a big class's header and methods."""
    if len(chunk) < _SPLIT_CLASS_SIZE or not chunk.startswith("class "):
        return [chunk]
    header, *methods = split_chunks(chunk, "    ")
    return [header, *(_WRAPPER + method for method in methods)]


def _assemble(pieces: list[str]) -> str:
    """A chunk from formatted pieces: methods of a class are one blank line apart."""
    parts = [pieces[0].strip("\n")]
    parts += [piece.removeprefix(_WRAPPER).strip("\n") for piece in pieces[1:]]
    return "\n\n".join(parts)


def is_laid_out(chunk: str) -> bool:
    """Whether the chunk is already in black's layout, so black would return it unchanged.

    The templates and `layout` emit black's layout; the one thing they leave to
    black is a line over the limit. The test suite holds them to this: black must
    return every chunk this accepts unchanged (bundled, hostile and random specs).
    """
    lines = statements.lines_of(chunk)
    if list(map(str.rstrip, lines)) != lines:
        return False
    if chunk.isascii():
        return max(map(len, lines), default=0) <= LINE_LENGTH
    # A character is at most two columns wide, so only longer lines need measuring.
    return all(display_width(line) <= LINE_LENGTH for line in lines if len(line) * 2 > LINE_LENGTH)


def _compile(piece: str, path: str, flags: int = 0) -> Any:
    """What black's parse would have caught, as a FormatError naming the file. Without
    flags only the syntax is checked: compiling to bytecode takes about two thirds of
    the time `ast.parse` (`flags=ast.PyCF_ONLY_AST`) takes to build its tree."""
    try:
        return compile(piece, path, "exec", flags, dont_inherit=True)
    except SyntaxError as exc:
        raise FormatError(f"black could not format {path}: invalid Python: {exc.msg}") from None


def _join(pieces: list[str]) -> str:
    # black separates top-level definitions with exactly two blank lines.
    return "\n\n\n".join(piece.strip("\n") for piece in pieces) + "\n"


def format_sources(sources: dict[str, str]) -> dict[str, str]:
    """black's output for every source, keyed like the input."""
    cache = _Cache.open()
    plans = {
        path: [_pieces(chunk) for chunk in split_chunks(source)] for path, source in sources.items()
    }
    owners: dict[str, str] = {}  # piece -> a path it came from, for error messages
    for path, chunks in plans.items():
        for piece in (piece for pieces in chunks for piece in pieces):
            owners.setdefault(piece, path)
    done = _format_pieces(owners, cache)
    return {
        path: _join([_assemble([done[p] for p in pieces]) for pieces in chunks])
        for path, chunks in plans.items()
    }


def _format_pieces(owners: dict[str, str], cache: _Cache) -> dict[str, str]:
    """Each piece formatted: from the cache, as it is, a few statements, or whole by black."""
    done: dict[str, str] = {}
    # piece -> its long statements, each with the source black formats for it
    by_statement: dict[str, list[tuple[statements.Statement, str]]] = {}
    units: dict[str, str] = {}  # what black formats (pieces, wrapped statements) -> owner path
    laid_out: list[str] = []
    for piece, path in owners.items():
        cached = cache.get(piece)
        if cached is not None:
            done[piece] = cached
            continue
        if is_laid_out(piece):
            laid_out.append(piece)
            done[piece] = piece.strip("\n") + "\n"
            continue
        tree: ast.Module = _compile(piece, path, ast.PyCF_ONLY_AST)
        found = statements.long_statements(piece, tree)
        if found is None:
            units[piece] = path
            continue
        lines = statements.lines_of(piece)
        by_statement[piece] = [(s, statements.wrap(lines, s)) for s in found]
        for _, unit in by_statement[piece]:
            units.setdefault(unit, path)
    formatted: dict[str, str] = {}
    for unit in units.keys() - owners.keys():  # statements; whole pieces missed above
        cached = cache.get(unit)
        if cached is not None:
            formatted[unit] = cached
    for unit, text in _format_all([u for u in units if u not in formatted], units):
        formatted[unit] = text
        cache.put(unit, text)
    for piece, wrapped in by_statement.items():
        replacements = {s: statements.unwrap(formatted[unit], s) for s, unit in wrapped}
        done[piece] = statements.splice(piece, replacements)
        cache.put(piece, done[piece])
    for piece in owners.keys() - done.keys():
        done[piece] = formatted[piece]
    _check_syntax(laid_out, owners)
    return done


def _check_syntax(pieces: list[str], owners: dict[str, str]) -> None:
    """Compile the pieces black does not see (`_compile`), in parallel when there is a lot:
    a large spec's output takes a second of compiling, the biggest part of its format stage."""
    context = fork_context() if sum(map(len, pieces)) > _PARALLEL_SYNTAX_THRESHOLD else None
    if context is None:
        for piece in pieces:
            _compile(piece, owners[piece])
        return
    workers = _workers()
    groups = [pieces[start::workers] for start in range(workers)]
    with _pool(context) as pool:
        found = list(pool.map(_first_invalid, groups))
    invalid = [group[i] for group, i in zip(groups, found, strict=True) if i is not None]
    if invalid:
        piece = min(invalid, key=pieces.index)  # the first in the output
        _compile(piece, owners[piece])  # raises the FormatError that names its file


def _first_invalid(pieces: list[str]) -> int | None:
    """The index of the first piece that does not compile; run in a worker process."""
    for index, piece in enumerate(pieces):
        try:
            _compile(piece, "<piece>")
        except FormatError:
            return index
    return None


_IGNORE_SIGINT = (signal.SIGINT, signal.SIG_IGN)


def _workers() -> int:
    return min(os.cpu_count() or 1, 8)


def _pool(context: ForkContext) -> concurrent.futures.ProcessPoolExecutor:
    """One worker per core. The workers ignore Ctrl-C, which reaches the whole process
    group: this process answers it, and the pool's shutdown ends them."""
    return concurrent.futures.ProcessPoolExecutor(
        _workers(), mp_context=context, initializer=signal.signal, initargs=_IGNORE_SIGINT
    )


def _format_all(chunks: list[str], owners: dict[str, str]) -> list[tuple[str, str]]:
    workers = _workers()
    context = fork_context() if sum(map(len, chunks)) > _PARALLEL_THRESHOLD else None
    if context is not None:
        with _pool(context) as pool:
            results = pool.map(
                _format_or_error, chunks, chunksize=max(1, len(chunks) // (workers * 4))
            )
            pairs = list(zip(chunks, results, strict=True))
    else:
        pairs = [(chunk, _format_or_error(chunk)) for chunk in chunks]
    for chunk, result in pairs:
        if isinstance(result, Exception):
            raise FormatError(f"black could not format {owners[chunk]}: {result}")
    return [(chunk, str(result)) for chunk, result in pairs]


def _format_or_error(chunk: str) -> str | Exception:
    try:
        return _format_chunk(chunk)
    except Exception as exc:  # black raises several types; all mean a generator bug
        return exc


class _Cache:
    """Formatted chunks on disk, keyed by black's version, its mode and the chunk itself."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.salt = f"{version('black')}|{LINE_LENGTH}|{_TARGET}|".encode()

    @classmethod
    def open(cls) -> _Cache:
        setting = os.environ.get("GEMINI_CODEGEN_CACHE", "")
        if setting.lower() == "off":
            return cls(None)
        if setting:
            return cls(Path(setting))
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(Path(base) / "gemini-codegen")

    def _path(self, chunk: str) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(self.salt + chunk.encode("utf-8")).hexdigest()
        return self.folder / "black" / key[:2] / f"{key}.py"

    def get(self, chunk: str) -> str | None:
        path = self._path(chunk)
        try:
            return path.read_text(encoding="utf-8") if path else None
        except OSError:
            return None

    def put(self, chunk: str, formatted: str) -> None:
        path = self._path(chunk)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(formatted)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full cache only costs speed
