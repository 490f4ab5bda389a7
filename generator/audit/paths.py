"""Path templates of every source reduced to one form, so bindings compare as tuples.

`/v1beta/{model=models/*}:generateContent` (proto), `v1beta/models/{modelsId}:generateContent`
(Discovery flatPath) and our `/models/{model}:generateContent` all become
`("models", "*", ":generateContent")`. A reserved expansion with no pattern (`{+name}`) says
nothing about its segments and becomes `**`, which matches one or more segments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["ANY_SEGMENTS", "path_variables", "segments_match", "template_segments"]

ANY_SEGMENTS = "**"
_VARIABLE = re.compile(r"\{([^}]*)\}")


def template_segments(template: str, version: str) -> tuple[str, ...]:
    """The literal/wildcard segments of `template`, without a leading version segment."""
    path, custom_verb = _split_custom_verb(template)
    # Expand variables first: `{name=tunedModels/*}` holds slashes of its own.
    expanded = _VARIABLE.sub(lambda m: _expand_variable(m.group(1)), path)
    segments = [s for s in expanded.split("/") if s]
    if segments[:1] == ["upload"] and segments[1:2] == [version]:
        segments = ["upload", *segments[2:]]
    elif segments[:1] == [version]:
        segments = segments[1:]
    if custom_verb:
        segments.append(":" + custom_verb)
    return tuple(segments)


def path_variables(template: str) -> tuple[str, ...]:
    """The field paths bound by `template`'s variables: `tuned_model.name`, `+name` → `name`."""
    names = []
    for body in _VARIABLE.findall(template):
        name = body.split("=", 1)[0].lstrip("+")
        names.append(name)
    return tuple(names)


def segments_match(left: Sequence[str], right: Sequence[str]) -> bool:
    """Whether two segment tuples can name the same path (`**` spans one or more segments)."""
    if not left or not right:
        return not left and not right
    head, rest = left[0], left[1:]
    if head == ANY_SEGMENTS:
        # It spans path segments only; a custom verb (`:generateContent`) must match itself.
        spans = range(1, len(right) + 1)
        return any(
            segments_match(rest, right[i:]) for i in spans if not right[i - 1].startswith(":")
        )
    if right[0] == ANY_SEGMENTS:
        return segments_match(right, left)
    return head == right[0] and segments_match(rest, right[1:])


def _split_custom_verb(template: str) -> tuple[str, str]:
    # The custom verb follows the last `:` outside any `{...}` in the last segment.
    depth = 0
    for index in range(len(template) - 1, -1, -1):
        char = template[index]
        if char == "}":
            depth += 1
        elif char == "{":
            depth -= 1
        elif char == "/" and depth == 0:
            break
        elif char == ":" and depth == 0:
            return template[:index], template[index + 1 :]
    return template, ""


def _expand_variable(body: str) -> str:
    name, _, pattern = body.partition("=")
    if pattern:
        return pattern
    return ANY_SEGMENTS if name.startswith("+") else "*"
