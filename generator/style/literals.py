"""Spec text to Python source: the only way a string from a spec reaches generated code.

Spec text is untrusted. It becomes either a `repr`-based literal (always valid,
never evaluated as anything but data) or the body of a docstring, escaped so
that no quote, backslash, control character or line separator can end the
docstring or change its meaning. Comments never carry spec text.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from typing import Any

__all__ = [
    "LINE_LENGTH",
    "STEP",
    "comment_safe",
    "display_width",
    "docstring",
    "full_stop",
    "py_literal",
    "visible",
    "wrap_words",
]

_TRIPLE_QUOTE = '"""'
# One indentation level, as black writes it.
STEP = "    "


def py_literal(value: Any) -> str:
    """A Python expression equal to the JSON value `value`."""
    if isinstance(value, str):
        return _string_literal(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    return repr(str(value))


def _string_literal(text: str) -> str:
    """repr(), in the quotes black would choose: double, unless that needs more escapes."""
    literal = repr(text)
    if literal.startswith('"'):
        return literal  # repr picks double quotes only when the text has a ' and no "
    body = literal[1:-1]
    single_escapes = body.count("\\'")
    double_quotes = text.count('"')
    if double_quotes > single_escapes:
        return literal
    return '"' + body.replace("\\'", "'").replace('"', '\\"') + '"'


def _escape_char(char: str) -> str:
    if char in "\n\t":
        return char
    category = unicodedata.category(char)
    # Control, format, separator (U+2028/9) and unassigned characters are escaped:
    # they are invisible, and some end a line for editors and other tools.
    if category.startswith("C") or category in ("Zl", "Zp"):
        code = ord(char)
        return (
            f"\\x{code:02x}"
            if code < 0x100
            else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
        )
    return char


def visible(text: str) -> str:
    """`text` with its invisible characters (control, format, line separators) as escapes."""
    return text if text.isprintable() else "".join(_escape_char(c) for c in text)


LINE_LENGTH = 100  # black's line length for generated code (see formatter.py)
_ARG_LINE = re.compile(r"^(    )[\w.]+: ")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s")


def display_width(text: str) -> int:
    """Columns as black counts them: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    from black.strings import str_width  # imported only for the rare non-ASCII line

    return int(str_width(text))


def docstring(text: str, indent: str = "") -> str:
    """A complete, black-stable docstring literal (`\"\"\"...\"\"\"`) holding `text`.

    Long prose lines are wrapped to the line length; code blocks are left alone.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _wrap(text.strip(), LINE_LENGTH - len(indent))
    text = text.replace("\\", "\\\\")
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = "".join(_escape_char(c) for c in text)  # rare: only text with invisibles
    text = text.replace(_TRIPLE_QUOTE, '\\"\\"\\"')
    lines = [_dedent_keep(line).rstrip() for line in text.strip().split("\n")]
    # black strips the indentation the lines after the first have in common.
    common = min((len(line) - len(line.lstrip()) for line in lines[1:] if line), default=0)
    lines = [lines[0].strip()] + [line[common:] for line in lines[1:]]
    # Collapse runs of blank lines and drop leading blanks: black would change them.
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    body = ("\n" + indent).join(kept) if kept else ""
    body = "\n".join(line if line.strip() else "" for line in body.split("\n"))
    # black's rule: a quote never touches the docstring's own quotes; a space
    # separates them (at the end, only a one-line docstring has the two side by side).
    if body.startswith('"'):
        body = " " + body
    if not body:
        body = "(No description.)"
    if "\n" in body:
        return f"{_TRIPLE_QUOTE}{body}\n{indent}{_TRIPLE_QUOTE}"
    if body.endswith('"'):
        body += " "
    return f"{_TRIPLE_QUOTE}{body}{_TRIPLE_QUOTE}"


def _wrap(text: str, width: int) -> str:
    """Wrap long lines at spaces: prose, `Args:` entries (hanging indent) and list items."""
    lines: list[str] = []
    in_code = False
    for number, line in enumerate(text.split("\n")):
        # The first line shares its line with both quote triples (a one-line docstring).
        limit = width - 6 if number == 0 else width
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if in_code or len(line) <= limit or line.startswith("\t"):
            lines.append(line)
            continue
        arg = _ARG_LINE.match(line)
        item = _LIST_ITEM.match(line)
        if arg:
            subsequent = arg.group(1) * 2
        elif item:
            subsequent = " " * len(item.group(0))
        elif line.startswith(" "):
            lines.append(line)  # indented text may be code: keep it as written
            continue
        else:
            subsequent = ""
        head, *rest = _fill(line, limit, "") or [line]
        lines.append(head)
        if rest:
            lines.extend(_fill(subsequent + " ".join(rest), width, subsequent))
    return "\n".join(lines)


def _fill(text: str, width: int, subsequent: str) -> list[str]:
    """textwrap.wrap with long words and hyphens kept whole."""
    # Printable text has no tabs, line breaks or other spaces; textwrap treats
    # those specially (Unicode spaces, as words it may drop).
    if text.isprintable() and "  " not in text and text == text.strip(" "):
        return _fill_words(text.split(" "), width, subsequent)
    return textwrap.wrap(
        text,
        width=width,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _fill_words(words: list[str], width: int, subsequent: str) -> list[str]:
    """textwrap's greedy fill for prose whose words are one space apart: the same
    lines, without its general chunking, which is most of the cost of rendering a
    large spec (thousands of descriptions)."""
    lines: list[str] = []
    current = ""
    for word in words:
        if not current:
            current = (subsequent if lines else "") + word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = subsequent + word
    if current:
        lines.append(current)
    return lines


def wrap_words(text: str, width: int) -> list[str]:
    """Prose whose words are one space apart, filled greedily to `width` columns."""
    return _fill_words(text.split(" "), width, "")


def _dedent_keep(line: str) -> str:
    # Leading spaces inside a description (lists, code) matter; tabs black expands.
    return line.replace("\t", "    ")


def comment_safe(text: str) -> str:
    """Text that cannot break out of a `#` comment (file names in headers)."""
    return re.sub(r"[^\x20-\x7e]", "?", text)


def full_stop(text: str) -> str:
    """`text` ending as a sentence: a full stop added unless it already ends in one, a
    question or exclamation mark, or a colon."""
    return text if not text or text.endswith((".", "!", "?", ":")) else text + "."
