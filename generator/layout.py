"""Statements laid out the way black would lay them out, so most output needs no black.

Part of the render stage. Only shapes whose black layout is certain are handled
here (an assignment wrapped in parentheses when too long); anything else is
emitted as one line and left to black, which the emit stage runs on every chunk
with a line over the limit. Tests check that black leaves the rest unchanged.
"""

from __future__ import annotations

from .literals import LINE_LENGTH, display_width

__all__ = ["assignment"]

_STEP = "    "


def assignment(target: str, expression: str, indent: str) -> str:
    """`target = expression` at `indent`; the first line carries no indentation."""
    line = f"{target} = {expression}"
    if len(indent) + display_width(line) <= LINE_LENGTH:
        return line
    inner = indent + _STEP + expression
    magic_comma = ",)" in expression or ",]" in expression or ",}" in expression
    if display_width(inner) > LINE_LENGTH or magic_comma or not _is_conditional(expression):
        # black splits a call or a display at its own brackets, and may split further
        return line
    return f"{target} = (\n{inner}\n{indent})"


def _is_conditional(expression: str) -> bool:
    """Whether the expression is `a if b else c` at its top level (outside brackets and
    strings): that is what black wraps in parentheses of its own."""
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
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and expression.startswith(" if ", index):
            return True
        index += 1
    return False
