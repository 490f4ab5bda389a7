"""Formatting a piece one statement at a time: black sees only the statements it would change.

Used by `formatter`. black lays out each logical line on its own: how a simple
statement comes out depends on the statement and its depth, not on its neighbours.
So when a piece has a few over-long statements, black is given just those, each
nested in `if True:` blocks to its original depth, and the results are spliced
back. On a large spec that is a few kilobytes instead of the whole piece.

Only what is certain is done this way: an over-long line must lie in exactly one
simple statement. A long line in a statement header (`def`, `class`, `if`), a
decorator or a comment makes the caller hand the whole piece to black. A long line
in a string statement (every generated multi-line string is a docstring built by
`literals.docstring`, already in black's form) needs nothing: black never wraps
strings. Tests compare the result with black on whole modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .literals import LINE_LENGTH, STEP, display_width

__all__ = ["Statement", "lines_of", "long_statements", "splice", "unwrap", "wrap"]

_WRAPPER_LINE = "if True:\n"


@dataclass(frozen=True, slots=True)
class Statement:
    """Lines `first`..`last` (1-based, inclusive) of a piece: one whole simple statement."""

    first: int
    last: int
    depth: int


def long_statements(piece: str, tree: ast.Module) -> list[Statement] | None:
    """The statements holding the piece's over-long lines, or None when one of those
    lines is not inside exactly one simple statement (black must see the whole piece).

    `tree` is `ast.parse(piece)`.
    """
    if "fmt:" in piece:
        return None  # `# fmt: off` and `# fmt: skip` reach beyond a single statement
    lines = lines_of(piece)
    simple: list[_Simple] = []
    _collect(tree.body, simple)
    owners: dict[int, list[int]] = {}
    for index, found in enumerate(simple):
        for number in range(found.first, found.last + 1):
            owners.setdefault(number, []).append(index)
    wanted: dict[int, Statement] = {}
    for number, line in enumerate(lines, start=1):
        if display_width(line) <= LINE_LENGTH and line == line.rstrip():
            continue
        holders = owners.get(number, [])
        if len(holders) != 1:
            return None  # a header, decorator, comment, or two statements on one line
        found = simple[holders[0]]
        if found.is_string:
            if line != line.rstrip():
                return None  # black strips it only where the string is a docstring
            continue  # black leaves a long docstring line alone
        statement = _statement(lines, found, owners)
        if statement is None:
            return None
        wanted[found.first] = statement
    return [wanted[first] for first in sorted(wanted)]


@dataclass(frozen=True, slots=True)
class _Simple:
    first: int
    last: int
    column: int
    is_string: bool


def _collect(body: list[ast.stmt], out: list[_Simple]) -> None:
    """Every simple statement, however deeply nested in compound ones."""
    for node in body:
        children = [
            getattr(node, field, None) for field in ("body", "orelse", "finalbody", "handlers")
        ]
        nested = [child for child in children if isinstance(child, list) and child]
        if isinstance(node, ast.Match):
            nested.extend(case.body for case in node.cases)
        if nested:
            for block in nested:
                _collect(block, out)
            continue
        is_string = (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        out.append(_Simple(node.lineno, node.end_lineno or node.lineno, node.col_offset, is_string))


def _statement(lines: list[str], found: _Simple, owners: dict[int, list[int]]) -> Statement | None:
    """The statement as a formatting unit, when its lines are its own (no other
    statement or header shares them) and its indentation is whole steps of spaces."""
    numbers = range(found.first, found.last + 1)
    if any(len(owners.get(number, [])) != 1 for number in numbers):
        return None
    head = lines[found.first - 1]
    indent = head[: len(head) - len(head.lstrip())]
    if len(indent) != found.column or indent != STEP * (len(indent) // len(STEP)):
        return None
    return Statement(found.first, found.last, len(indent) // len(STEP))


def lines_of(text: str) -> list[str]:
    """The lines as Python and `ast` count them: split at newlines only (splitlines
    would also split inside a string holding a raw U+2028 or form feed)."""
    return text.removesuffix("\n").split("\n")


def wrap(piece_lines: list[str], statement: Statement) -> str:
    """Source black can format alone: the statement inside blocks to its own depth."""
    headers = "".join(STEP * level + _WRAPPER_LINE for level in range(statement.depth))
    body = "\n".join(piece_lines[statement.first - 1 : statement.last])
    return headers + body + "\n"


def unwrap(formatted: str, statement: Statement) -> list[str]:
    """The statement's lines from black's output for `wrap`."""
    return lines_of(formatted)[statement.depth :]


def splice(piece: str, replacements: dict[Statement, list[str]]) -> str:
    """The piece with each statement's lines replaced."""
    lines = lines_of(piece)
    out: list[str] = []
    number = 1
    for statement in sorted(replacements, key=lambda s: s.first):
        out.extend(lines[number - 1 : statement.first - 1])
        out.extend(replacements[statement])
        number = statement.last + 1
    out.extend(lines[number - 1 :])
    return "\n".join(out) + "\n"
