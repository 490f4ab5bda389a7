"""Spec text to Markdown, and GitHub's heading anchors: how the reference page is written safely.

Spec text is untrusted here too. In the reference page it lands in paragraphs and
table cells, where a pipe would end a cell, a newline a row, a backtick a code span,
`<` an HTML tag and `[`/`*`/`_` a link or emphasis. `text` backslash-escapes every
such character (CommonMark lets any ASCII punctuation be escaped), so the text
renders as written and can never become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .literals import full_stop, visible

__all__ = ["anchors", "code", "fenced", "first_sentence", "link", "slug", "text"]

# What CommonMark or GitHub treat as markup inside a line; each is escaped with `\`.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|#~&!])")
# What starts a block at the beginning of a line (a list, a quote, a heading, a rule).
_BLOCK_START = re.compile(r"^(?:[-+=]|\d+[.)])")
# GitHub keeps letters, digits, `_`, `-` and spaces of a heading's text for its anchor.
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
# Code that needs no care in a code span: no backtick, pipe, space at the ends or run of
# whitespace, and nothing invisible (anything else takes `code`'s general path).
_PLAIN_CODE = re.compile(r"[!-_a-{}~](?:[ !-_a-{}~]*[!-_a-{}~])?")
# A code span of single backticks, as spec descriptions write them (other runs are text).
_CODE_SPAN = re.compile(r"(?<!`)`([^`]+)`(?!`)")
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!etc)[.!?](?=\s+[A-Z(`\"']|\s*$)")


def text(value: str, in_table: bool = True) -> str:
    """Spec text as one line of Markdown that renders exactly as the text reads; a
    `code span` in it stays one (nothing inside a code span is markup)."""
    line = visible(" ".join(value.split()))
    pieces: list[str] = []
    end = 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_escape(line[end : span.start()]))
        pieces.append(code(span.group(1), in_table))
        end = span.end()
    pieces.append(_escape(line[end:]))
    escaped = "".join(pieces)
    return _BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], escaped, count=1)


def _escape(plain: str) -> str:
    return _INLINE_MARKUP.sub(r"\\\1", plain)


def code(value: str, in_table: bool = True) -> str:
    """A code span showing `value` exactly: fenced with more backticks than it holds.

    In a table cell a pipe ends the cell even inside a code span unless escaped, and
    GitHub removes that escape before the span is read.
    """
    if _PLAIN_CODE.fullmatch(value) and "  " not in value:
        return f"`{value}`"  # the usual name or annotation: nothing to take care of
    line = visible(re.sub(r"\s+", " ", value))
    if in_table:
        line = line.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    # A space keeps a backtick at either end from joining the fence, and keeps spaces at
    # both ends: CommonMark strips one space from each end when both have one.
    ends = (line[:1], line[-1:])
    padded = f" {line} " if "`" in ends or (ends == (" ", " ") and line.strip()) else line
    return f"{fence}{padded}{fence}"


def fenced(source: str, language: str) -> str:
    """A fenced code block of `source`, fenced with more backticks than any run inside."""
    longest = max((len(run) for run in re.findall(r"`{3,}", source)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{source}\n{fence}"


def link(label: str, anchor: str) -> str:
    """A link to a heading of the same page; `label` is Markdown already."""
    return f"[{label}](#{anchor})"


def first_sentence(value: str) -> str:
    """The first sentence of a description (`e.g.` does not end one), whitespace collapsed,
    ending in a full stop when it has no other ending."""
    line = " ".join(value.split())
    found = _SENTENCE_END.search(line)
    sentence = line[: found.end()] if found else line
    return full_stop(sentence)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text: lowercase, punctuation dropped, spaces to `-`."""
    return _NOT_IN_SLUG.sub("", heading.strip().lower()).replace(" ", "-")


def anchors(headings: Iterable[str]) -> tuple[str, ...]:
    """The anchor of each heading of a page, in page order: a repeated slug gets `-1`,
    `-2`, ... as GitHub numbers them (skipping a suffixed slug a heading already has)."""
    counts: dict[str, int] = {}
    found: list[str] = []
    for heading in headings:
        base = slug(heading)
        anchor = base
        while anchor in counts:
            counts[base] += 1
            anchor = f"{base}-{counts[base]}"
        counts[anchor] = 0
        found.append(anchor)
    return tuple(found)
