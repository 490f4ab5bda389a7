"""Formatting a piece a statement at a time gives black's output for the whole piece."""

from __future__ import annotations

import ast

import black
import pytest

from generator.style import formatter as formatting
from generator.style import statements

LONG = "x" * 90


def _by_statement(piece: str) -> str | None:
    found = statements.long_statements(piece, ast.parse(piece))
    if found is None:
        return None
    lines = statements.lines_of(piece)
    replacements = {
        s: statements.unwrap(
            black.format_str(statements.wrap(lines, s), mode=formatting._black_mode()), s
        )
        for s in found
    }
    return statements.splice(piece, replacements)


SPLICEABLE = [
    # an assignment deep in a class, between short statements
    f"class A:\n    def f(self):\n        a = 1\n        out['{LONG}'] = [v.g() for v in self.{LONG}]\n"
    "        return out\n",
    # two long statements, one already split over several lines
    f"def f():\n    y = call(\n        {LONG}, {LONG}\n    )\n    z = other({LONG}, {LONG})\n",
    # an annotated field with a long union, in a class with a docstring
    f'class A:\n    """Doc."""\n\n    field: list[{LONG}] | None = None\n    """Field doc."""\n',
    # a magic trailing comma in a long statement
    f"if True:\n    value = f(a_{LONG}, b,)\n",
    # long lines inside docstrings are left alone, and so is the piece
    f'class A:\n    """{LONG} {LONG}\n\n    https://example.com/{LONG}{LONG}\n    """\n\n    x: int = 1\n',
    # the long statement at the top level of the piece
    f"VALUE = some_function_name(argument_{LONG}, another_argument)\n",
    # trailing whitespace after a statement
    "def f():\n    x = 1 \n",
    # a raw line separator inside a string: lines are counted at newlines only
    f'def f():\n    x = "a\u2028b\x0cc"\n    y = g({LONG}, {LONG})\n',
    # inside except and else blocks, and a match case
    f"try:\n    pass\nexcept E:\n    e = h({LONG}, {LONG})\nelse:\n    f = g({LONG}, {LONG})\n"
    f"match x:\n    case 1:\n        y = k({LONG}, {LONG})\n",
]


@pytest.mark.parametrize("piece", SPLICEABLE)
def test_statement_at_a_time_equals_black_on_the_piece(piece):
    assert _by_statement(piece) == black.format_str(piece, mode=formatting._black_mode())


WHOLE = [
    f"def function_with_a_long_signature(argument_{LONG}, another) -> None:\n    pass\n",
    f"@decorator(argument_{LONG}, another_argument)\ndef f():\n    pass\n",
    f"def f():\n    # a comment that is very long {LONG}\n    pass\n",
    f"def f():\n    a = g({LONG}); b = 2\n",
    f"if condition_{LONG} and another_condition:\n    pass\n",
    "def f():\n    x = 1\n    \n    y = 2\n",  # a blank line with spaces: no statement's
    f'class A:\n    """Doc.  \n    {LONG}\n    """\n',  # trailing space inside a docstring
    f"def f():\n  x = g({LONG}, {LONG})\n",  # indentation black would change
    f"def f():\n    x = g({LONG}, {LONG})  # fmt: skip\n",  # black's own opt-outs
    f"def f():\n    # fmt: off\n    x = g({LONG}, {LONG})\n    # fmt: on\n",
]


@pytest.mark.parametrize("piece", WHOLE)
def test_a_long_line_outside_one_simple_statement_needs_the_whole_piece(piece):
    assert _by_statement(piece) is None


def test_format_sources_formats_only_the_long_statements(monkeypatch, tmp_path):
    monkeypatch.setenv("GEMINI_CODEGEN_CACHE", str(tmp_path))
    source = "import x\n\n\n" + "\n\n\n".join(SPLICEABLE[:4]).replace("\n\n\n\n", "\n\n\n")
    formatted = black.format_str(source, mode=formatting._black_mode())
    assert formatting.format_sources({"m.py": source}) == {"m.py": formatted}
    # The cache holds each formatted piece and each statement black was given alone.
    cached = {p.read_text() for p in (tmp_path / "black").rglob("*.py")}
    assert any(text.startswith("if True:\n    if True:\n        out[") for text in cached)
