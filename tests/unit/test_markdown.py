"""Spec text in the reference page renders as written (read back by a CommonMark parser
with GitHub's tables), and heading anchors are numbered as GitHub numbers them."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from generator.style.literals import visible
from generator.style.markdown import anchors, code, fenced, first_sentence, link, slug, text

HOSTILE = [
    "a | b || c",
    "line\nbreak\r\nand\u2028separator",
    "`unclosed code",
    "``double`` and ```triple```",
    "<script>alert(1)</script> <b>bold</b> <!-- comment -->",
    "[link](javascript:alert(1)) ![image](x.png) [ref][1]",
    "# heading",
    "- item",
    "+ item",
    "1. item",
    "2) item",
    "> quote",
    "---",
    "===",
    "**bold** __bold__ *em* _em_ ~~strike~~",
    "&lt; entity &amp; &#60;",
    "back\\slash \\| \\` \\* trailing\\",
    "a `code | pipe` b `x`y`z`",
    "{{ jinja }} {% if x %}",
    "NUL \x00 bell \x07 rtl \u202e",
]
_PARSER = MarkdownIt("commonmark").enable("table")


def _inline_children(source: str):
    tokens = _PARSER.parse(source)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], source
    return tokens[1].children


def _read(children) -> str:
    """What a reader sees: text and code, and nothing else (no link, HTML or emphasis)."""
    assert {c.type for c in children} <= {"text", "code_inline"}, [c.type for c in children]
    return "".join(c.content for c in children)


@pytest.mark.parametrize("value", HOSTILE)
def test_spec_text_in_a_paragraph_reads_as_written(value):
    rendered = text(value, in_table=False)
    assert "\n" not in rendered and rendered.isprintable()
    assert _read(_inline_children(rendered)) == _shown(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_spec_text_in_a_table_cell_stays_in_its_cell(value):
    table = f"| a | b |\n|---|---|\n| {text(value)} | after |\n"
    tokens = _PARSER.parse(table)
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2, table
    assert _read(cells[0].children) == _shown(value)
    assert cells[1].content == "after"


def _shown(value: str) -> str:
    """What the text shows: one line, invisible characters as escapes, and a pair of
    single backticks marking code (shown without them)."""
    line = visible(" ".join(value.split()))
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", lambda m: m.group(1), line)


@pytest.mark.parametrize("value", ["x", "`", "a`b", "``a``", " | None", "a | b", "` ", " "])
def test_code_spans_show_their_text_exactly(value):
    children = _inline_children(f"x{code(value, in_table=False)}x")
    assert [c.type for c in children] == ["text", "code_inline", "text"]
    assert children[1].content == value
    cell = _PARSER.parse(f"| a |\n|---|\n| x{code(value)}x |\n")
    assert [t for t in cell if t.type == "inline"][1].children[1].content == value


def test_fenced_code_holds_any_backtick_run():
    source = 'x = """\n```\n````\n"""'
    tokens = _PARSER.parse(fenced(source, "python"))
    assert [(t.type, t.info, t.content) for t in tokens] == [("fence", "python", source + "\n")]


def test_links_point_at_anchors():
    children = _inline_children(link(code("Part"), "part"))
    assert children[0].type == "link_open" and children[0].attrs["href"] == "#part"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Models", "models"),
        ("generate_content", "generate_content"),
        ("v1beta API reference", "v1beta-api-reference"),
        ("Hello, World! (draft)", "hello-world-draft"),
        ("a - b", "a---b"),
        ("Ünïcode 名前", "ünïcode-名前"),
    ],
)
def test_slug_follows_github(heading, anchor):
    assert slug(heading) == anchor


def test_repeated_headings_are_numbered_like_github():
    headings = ["Models", "models", "Models", "models-1", "Enums"]
    assert anchors(headings) == ("models", "models-1", "models-2", "models-1-1", "enums")


@pytest.mark.parametrize(
    ("description", "sentence"),
    [
        ("Model ID, e.g. `gemini`. More text.", "Model ID, e.g. `gemini`."),
        ("Generate a model response", "Generate a model response."),
        ("Output only. The\nstate.", "Output only."),
        ("Version 1.5 is new. Next.", "Version 1.5 is new."),
        ("Is it? Yes.", "Is it?"),
        ("", ""),
    ],
)
def test_first_sentence(description, sentence):
    assert first_sentence(description) == sentence
