"""Reading a generated reference page (`api.md`) as GitHub shows it: its headings'
anchors, its links and its tables."""

from __future__ import annotations

import itertools
import re

from markdown_it import MarkdownIt

from generator.style.markdown import anchors

_PARSER = MarkdownIt("commonmark").enable("table")
# A pipe that separates cells: not escaped (preceded by an even run of backslashes).
_CELL_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def parse(page: str) -> list:
    return _PARSER.parse(page)


def heading_texts(page: str) -> list[tuple[int, str]]:
    """(level, text as shown) of every heading, in page order."""
    tokens = parse(page)
    found = []
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "heading_open":
            shown = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
            found.append((int(opening.tag[1:]), shown))
    return found


def heading_anchors(page: str) -> set[str]:
    return set(anchors(text for _, text in heading_texts(page)))


def link_targets(page: str) -> list[str]:
    tokens = parse(page)
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    return [str(c.attrs["href"]) for c in inline if c.type == "link_open"]


def html_tokens(page: str) -> list[str]:
    """Raw HTML the page contains, besides the `<br>` that separates lines in a cell."""
    tokens = parse(page)
    found = [t.content for t in tokens if t.type == "html_block"]
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    found += [c.content for c in inline if c.type == "html_inline" and c.content != "<br>"]
    return found


def ragged_table_rows(page: str) -> list[str]:
    """Table rows whose cell count differs from their table's header row."""
    ragged = []
    columns = None
    for line in page.splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        count = len(_CELL_PIPE.findall(line))
        if columns is None:
            columns = count
        elif count != columns:
            ragged.append(line)
    return ragged
