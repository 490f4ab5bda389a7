"""Spec text reaches generated code only as escaped data."""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.style import literals
from generator.style.literals import comment_safe, docstring, py_literal

NASTY = [
    'triple """ quotes',
    'ends with a quote"',
    "back\\slash \\n not a newline \\",
    "braces {{ jinja }} {% if x %} {# c #}",
    "line one\nline two\n\n\nline five",
    "NUL \x00 and bell \x07",
    "line\u2028separator\u2029paragraph",
    "emoji 🙂 and ünïcode",
    "__import__('os').system('touch PWNED')",
    "'''single triple'''",
    "\r\nwindows\rmac",
    "   leading and trailing spaces   ",
    "\t tab",
]


@pytest.mark.parametrize("text", NASTY)
def test_docstring_is_one_string_literal_that_keeps_the_visible_text(text):
    literal = docstring(text, "    ")
    source = f"def f():\n    {literal}\n    return 1\n"
    tree = ast.parse(source)
    body = tree.body[0].body
    assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    assert isinstance(body[1], ast.Return)  # nothing escaped the docstring
    value = body[0].value.value
    for word in text.replace("\\", " ").split():
        printable = "".join(c for c in word if c.isprintable())
        if printable:
            assert printable.strip('"') in value.replace("\\", " ")


@pytest.mark.parametrize("text", NASTY)
def test_py_literal_round_trips_exactly(text):
    assert ast.literal_eval(py_literal(text)) == text


@pytest.mark.parametrize(
    "value",
    [None, True, 0, -1, 2**70, 1.5, [1, "a", None], {"k": ["v", {"n": False}]}, {"a'b": 'c"d'}],
)
def test_py_literal_of_json_values(value):
    assert ast.literal_eval(py_literal(value)) == value


def test_non_finite_floats():
    assert py_literal(float("inf")) == 'float("inf")'
    assert py_literal(float("-inf")) == 'float("-inf")'


def test_comment_safe_cannot_break_a_comment():
    assert "\n" not in comment_safe("evil\nimport os")
    assert comment_safe("plain-name.yaml") == "plain-name.yaml"


def test_common_indentation_of_continuation_lines_is_removed_like_black_does():
    literal = docstring("First.\n    second\n      third", "")
    assert literal == '"""First.\nsecond\n  third\n"""'


def test_long_prose_is_wrapped_but_code_and_indented_text_are_not():
    prose = "word " * 60
    code = "```\n" + "x = 1  # " + "long " * 40 + "\n```"
    literal = docstring(prose + "\n\n" + code + "\n\n    indented " + "keep " * 40, "    ")
    lines = literal.splitlines()
    assert max(len(line) for line in lines[:4]) <= 100
    assert any(line.startswith("    x = 1  # long long") and len(line) > 100 for line in lines)
    assert any(line.startswith("        indented keep") and len(line) > 100 for line in lines)
    assert " ".join(literal.split()).count("word") == 60  # nothing lost


def test_args_entries_wrap_with_a_hanging_indent():
    text = "Summary.\n\nArgs:\n    model: " + "describe " * 20
    lines = docstring(text, "        ").splitlines()
    assert lines[3].startswith("            model: describe")
    assert all(line.startswith("                describe") for line in lines[4:-1])
    assert all(len(line) <= 100 for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        '" v1',
        'Internal Server Error"',
        '"both"',
        'ends with a backslash and a quote \\"',
        'two lines\nthe second ends with a quote"',
        "ends with a backslash \\",
        *NASTY,
    ],
)
def test_a_docstring_is_what_black_writes(text):
    import black

    source = f"class A:\n    {docstring(text, '    ')}\n\n    x: int\n"
    assert black.format_str(source, mode=black.Mode(line_length=100)) == source


_PROSE_PIECES = st.sampled_from(
    [*"ab-c.é名🙂x,", "\xa0", "\t", "\u3000", " ", " ", " ", "  ", "word", "longerword"]
)


@settings(max_examples=1000, deadline=None)
@given(
    text=st.lists(_PROSE_PIECES, max_size=60).map("".join),
    width=st.integers(1, 60),
    subsequent=st.sampled_from(["", "  ", "    "]),
)
def test_fill_is_textwrap(text, width, subsequent):
    # The fast path for plain prose must give textwrap's lines exactly.
    expected = textwrap.wrap(
        text,
        width=width,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert literals._fill(text, width, subsequent) == expected
