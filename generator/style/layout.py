"""Statements laid out the way black would lay them out, so most output needs no black.

Only shapes whose black layout is certain are handled here: an assignment of a
conditional or of a lone name wrapped in parentheses, of a comprehension split
inside its own brackets, and of a call with one name for its argument split at
the call's parentheses, when the wrapped part fits (a conditional still too long
there is split before its `if` and its `else`); a `def` line split at its
parentheses; a return annotation split inside its subscript; a tuple display; a
call or a tuple standing alone as one argument of an exploded call. Anything
else is emitted as one line and left to black, which the emit stage runs on
every over-long statement. Tests check that black leaves the rest unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .literals import LINE_LENGTH, STEP, display_width

__all__ = [
    "argument_call",
    "argument_tuple",
    "assignment",
    "def_line",
    "exploded_tuple",
    "import_order",
    "inline_tuple",
    "return_annotation",
]

_NAME = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"  # a name or an attribute chain
_LONE_NAME = re.compile(_NAME)
_CALL_OF_NAME = re.compile(rf"(?P<function>{_NAME})\((?P<argument>{_NAME})\)")


def assignment(target: str, expression: str, indent: str) -> str:
    """`target = expression` at `indent`; the first line carries no indentation."""
    line = f"{target} = {expression}"
    if len(indent) + display_width(line) <= LINE_LENGTH:
        return line
    magic_comma = ",)" in expression or ",]" in expression or ",}" in expression
    if magic_comma:
        return line  # black would explode the collection
    if _LONE_NAME.fullmatch(expression):
        # black wraps it in parentheses of its own, when the name then fits
        inner = indent + STEP + expression
        return f"{target} = (\n{inner}\n{indent})" if _fits(inner) else line
    call = _CALL_OF_NAME.fullmatch(expression)
    if call is not None:
        # black splits at the call's parentheses, the argument alone on its line
        head = f"{target} = {call['function']}("
        inner = indent + STEP + call["argument"]
        fits = _fits(indent + head) and _fits(inner)
        return f"{head}\n{inner}\n{indent})" if fits else line
    if _is_comprehension(expression):
        # black splits at the comprehension's own brackets, and further if needed.
        body = indent + STEP + expression[1:-1]
        if display_width(body) > LINE_LENGTH:
            return line
        return f"{target} = {expression[0]}\n{body}\n{indent}{expression[-1]}"
    if not _is_conditional(expression):
        # black splits a call or a display at its own brackets, and may split further
        return line
    inner = indent + STEP + expression
    if display_width(inner) <= LINE_LENGTH:
        return f"{target} = (\n{inner}\n{indent})"
    # Still too long inside the parentheses: black splits at `if` and `else`.
    parts = _conditional_parts(expression)
    if parts is None or not all(_fits(indent + STEP + part) for part in parts):
        return line
    lines = "".join(f"{indent}{STEP}{part}\n" for part in parts)
    return f"{target} = (\n{lines}{indent})"


def def_line(head: str, parameters: str, tail: str, indent: str) -> str:
    """`{head}({parameters}){tail}` at `indent`; when too long, black's split at the
    parentheses with the parameters on one line of their own (they must fit there)."""
    line = f"{head}({parameters}){tail}"
    if len(indent) + display_width(line) <= LINE_LENGTH:
        return line
    return f"{head}(\n{indent}{STEP}{parameters}\n{indent}){tail}"


def exploded_tuple(items: list[str], indent: str) -> str:
    """A tuple display as the templates write every collection: one item a line with a
    trailing comma, which black keeps exploded (its magic trailing comma). One item
    stays inline: `(x,)` has a comma black does not count as magic."""
    if len(items) == 1:
        return f"({items[0]},)"
    lines = "".join(f"{indent}{STEP}{item},\n" for item in items)
    return f"(\n{lines}{indent})"


def inline_tuple(items: list[str]) -> str:
    """A tuple display on one line, without a trailing comma black would read as
    "keep exploded"; one item keeps the comma that makes it a tuple."""
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def argument_tuple(items: list[str], indent: str) -> str:
    """A tuple display written as `{indent}{tuple},`, one argument of an exploded call.
    When the line is too long, black splits at the tuple's brackets and, the tuple being
    a collection, puts one item a line with a trailing comma. The items must be atoms
    black cannot split further (string literals)."""
    inline = inline_tuple(items)
    if len(items) == 1 or _fits(indent + inline + ","):
        return inline
    return exploded_tuple(items, indent)


def argument_call(function: str, arguments: list[str], indent: str) -> str:
    """A call written as `{indent}{call},`, one argument of an exploded call. Too long,
    black splits at the call's own parentheses: the arguments on one line of their own
    when they fit there, else one a line with a trailing comma. Where one of those lines
    would still be too long, the call stays on one line and black lays it out. The
    arguments hold no magic trailing comma (black would explode them however short)."""
    joined = ", ".join(arguments)
    line = f"{function}({joined})"
    if _fits(f"{indent}{line},"):
        return line
    inner = indent + STEP
    if _fits(inner + joined):
        return f"{function}(\n{inner}{joined}\n{indent})"
    if all(_fits(f"{inner}{argument},") for argument in arguments):
        lines = "".join(f"{inner}{argument},\n" for argument in arguments)
        return f"{function}(\n{lines}{indent})"
    return line


def return_annotation(annotation: str, indent: str) -> str:
    """The annotation in `{indent}) -> {annotation}:`, the last line of a `def` whose
    parameters are exploded. Too long, black splits a subscript at its brackets with the
    subscript on a line of its own, when that fits; other cases are left to black."""
    if _fits(f"{indent}) -> {annotation}:"):
        return annotation
    head, bracket, rest = annotation.partition("[")
    inner = rest[:-1]
    if not bracket or not rest.endswith("]") or not _closes_last(annotation, len(head)):
        return annotation
    fits = _fits(f"{indent}) -> {head}[") and _fits(indent + STEP + inner)
    if not fits or inner.endswith(","):  # a magic trailing comma: black explodes further
        return annotation
    return f"{head}[\n{indent}{STEP}{inner}\n{indent}]"


def _fits(line: str) -> bool:
    return display_width(line) <= LINE_LENGTH


def _closes_last(expression: str, opening: int) -> bool:
    """Whether the bracket at `opening` closes at the expression's last character."""
    for index, depth in _outside_strings(expression):
        if index > opening and depth == 1 and expression[index] in ")]}":
            return index == len(expression) - 1
    return False


def import_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names in an import list as isort orders them (ruff's default): CONSTANTS, then
    Classes, then the rest, each group case-insensitively."""

    def key(name: str) -> tuple[int, str]:
        kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
        return kind, name.lower()

    return tuple(sorted(names, key=key))


def _outside_strings(expression: str) -> Iterator[tuple[int, int]]:
    """(index, bracket depth) of every character outside string literals; the depth
    counts the brackets opened before the character."""
    depth = 0
    quote = ""
    index = 0
    while index < len(expression):
        char = expression[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        else:
            yield index, depth
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth -= 1
        index += 1


def _top_level(expression: str, word: str) -> list[int]:
    """Where ` word ` occurs outside brackets and strings."""
    spaced = f" {word} "
    return [
        index
        for index, depth in _outside_strings(expression)
        if depth == 0 and expression.startswith(spaced, index)
    ]


def _is_conditional(expression: str) -> bool:
    """Whether the expression is `a if b else c` at its top level (outside brackets and
    strings): that is what black wraps in parentheses of its own. A lambda whose body is
    one is not: black splits it otherwise, so it is left to black."""
    return not expression.startswith("lambda") and bool(_top_level(expression, "if"))


def _conditional_parts(expression: str) -> tuple[str, str, str] | None:
    """`a`, `if b` and `else c` of `a if b else c`, when it holds exactly one `if` and one
    `else` at its top level (black splits a nested conditional further)."""
    ifs, elses = _top_level(expression, "if"), _top_level(expression, "else")
    if len(ifs) != 1 or len(elses) != 1 or elses[0] < ifs[0]:
        return None
    return expression[: ifs[0]], expression[ifs[0] + 1 : elses[0]], expression[elses[0] + 1 :]


def _is_comprehension(expression: str) -> bool:
    """Whether the expression is one list, set or dict comprehension: its first bracket
    closes at its last character, with a `for` directly inside."""
    if expression[:1] not in "[{" or expression[-1:] not in "]}":
        return False
    has_for = False
    for index, depth in _outside_strings(expression):
        if depth == 0 and index not in (0, len(expression) - 1):
            return False  # something outside the brackets: `[...] + x`, `{...}.y`
        if depth == 1 and expression.startswith(" for ", index):
            has_for = True
    return has_for
