"""`diff` output: the changes as text, a markdown CHANGELOG section, or JSON; plus a semver hint.

Rendering only: the changes arrive sorted and classified from `diff`, and the
same changes always give the same bytes (no dates, no paths of temp folders).

Semver: major when anything is breaking, minor when something was added,
patch when only documentation changed, and "none" when the generated API is
the same (so CI can tell "release nothing" apart from "release a doc fix").

JSON (`--format json`), format_version 1:

    {
      "format_version": 1,
      "semver": "major" | "minor" | "patch" | "none",
      "counts": {"breaking": int, "additive": int, "cosmetic": int},
      "changes": [
        {
          "category": "breaking" | "additive" | "cosmetic",
          "kind": "<element>.<change>",      # see KINDS
          "module": "v1beta",                # the API subpackage
          "python_name": "Candidate.token_count",
          "file": "v1beta.openapi.yaml",     # spec file the pointer belongs to
          "pointer": "#/components/schemas/Candidate/properties/tokenCount",
                                             # (for a hand-written extension member: its
                                             # module, "extensions/v1beta.py", and "#L<line>")
          "message": "field 'tokenCount' removed"
        }
      ]
    }

`changes` is sorted by category (breaking first), module, python_name, kind and
pointer. New keys may be added in a later format_version; existing keys keep
their meaning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .changes import Category, Change

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "count",
    "insert_section",
    "render_json",
    "render_markdown",
    "render_text",
    "suggest_semver",
]

FORMAT_VERSION = 1
# Every `kind` the comparison emits, for consumers of the JSON.
KINDS = (
    "operation.added",
    "operation.removed",
    "operation.streaming_changed",
    "operation.pagination_changed",
    "operation.long_running_changed",
    "operation.description_changed",
    "operation.deprecation_changed",
    "operation.route_added",
    "operation.route_removed",
    "argument.added",
    "argument.removed",
    "argument.changed",
    "return.type_changed",
    "parameter.added",
    "parameter.removed",
    "parameter.type_changed",
    "parameter.required",
    "parameter.optional",
    "parameter.description_changed",
    "parameter.deprecation_changed",
    "request_body.added",
    "request_body.removed",
    "request_body.type_changed",
    "request_body.required",
    "request_body.optional",
    "response.type_changed",
    "model.added",
    "model.removed",
    "model.description_changed",
    "model.deprecation_changed",
    "field.added",
    "field.removed",
    "field.type_changed",
    "field.required",
    "field.optional",
    "field.read_only_changed",
    "field.description_changed",
    "field.deprecation_changed",
    "enum.added",
    "enum.removed",
    "enum.type_changed",
    "enum.description_changed",
    "enum_value.added",
    "enum_value.removed",
    "enum_value.renamed",
    "enum_value.description_changed",
    "extension.added",
    "extension.removed",
    "extension.changed",
)
_HEADINGS = (
    (Category.BREAKING, "Breaking"),
    (Category.ADDITIVE, "Added"),
    (Category.COSMETIC, "Cosmetic"),
)
_NOTHING = "No changes to the generated Python API."


def suggest_semver(changes: Sequence[Change]) -> str:
    categories = {c.category for c in changes}
    if Category.BREAKING in categories:
        return "major"
    if Category.ADDITIVE in categories:
        return "minor"
    return "patch" if categories else "none"


def count(changes: Sequence[Change]) -> dict[str, int]:
    return {category.value: sum(c.category is category for c in changes) for category in Category}


def _counts(changes: Sequence[Change]) -> str:
    return ", ".join(f"{n} {name}" for name, n in count(changes).items())


def render_text(changes: Sequence[Change]) -> str:
    lines = []
    for category, heading in _HEADINGS:
        selected = [c for c in changes if c.category is category]
        if not selected:
            continue
        lines.append(f"{heading} ({len(selected)}):")
        for c in selected:
            lines.append(f"  {c.python_name} [{c.module}]: {c.message}")
            lines.append(f"      {c.file}{c.pointer}")
        lines.append("")
    if not changes:
        lines.append(_NOTHING)
    lines.append(f"Suggested version bump: {suggest_semver(changes)} ({_counts(changes)})")
    return "\n".join(lines) + "\n"


def render_markdown(changes: Sequence[Change], title: str) -> str:
    """One `##` section: a CHANGELOG entry or a pull-request comment."""
    lines = [f"## {title}", ""]
    if not changes:
        lines += [_NOTHING, ""]
    for category, heading in _HEADINGS:
        selected = [c for c in changes if c.category is category]
        if not selected:
            continue
        lines += [f"### {heading}", ""]
        for c in selected:
            lines.append(
                f"- {_code(c.python_name)} ({c.module}): {_escape(c.message)}"
                f" ({_code(c.file + c.pointer)})"
            )
        lines.append("")
    lines += [f"Suggested version bump: **{suggest_semver(changes)}** ({_counts(changes)}).", ""]
    return "\n".join(lines)


def render_json(changes: Sequence[Change]) -> str:
    document = {
        "format_version": FORMAT_VERSION,
        "semver": suggest_semver(changes),
        "counts": count(changes),
        "changes": [
            {
                "category": c.category.value,
                "kind": c.kind,
                "module": c.module,
                "python_name": c.python_name,
                "file": c.file,
                "pointer": c.pointer,
                "message": c.message,
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def insert_section(existing: str | None, section: str) -> str:
    """CHANGELOG text with `section` placed first under the `# ` title, newest first.

    The section goes before the first existing `## ` entry, so an introduction
    under the title stays where it is. A file without a title gets `# Changelog`.
    """
    section = section.rstrip("\n") + "\n"
    text = existing or ""
    lines = text.splitlines(keepends=True)
    if not any(line.startswith("# ") for line in lines[:1]):
        lines = ["# Changelog\n", "\n", *lines]
    entry = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
    if entry is None:
        head = "".join(lines).rstrip("\n") + "\n\n"
        return head + section
    head = "".join(lines[:entry]).rstrip("\n") + "\n\n"
    return head + section + "\n" + "".join(lines[entry:])


def _code(text: str) -> str:
    # Spec names are untrusted: a backtick run inside must not end the code span.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{_inline(text)}{pad}{fence}"


def _inline(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    """A message as literal markdown text: it quotes untrusted enum values and wire names.

    Only what can start markup is escaped, so `list[Content]` and `FINISH_REASON`
    stay readable in the CHANGELOG source: an inline link needs `](`, emphasis
    needs `*` or an `_` that is not inside a word.
    """
    text = re.sub(r"([\\`*<])", r"\\\1", _inline(text))
    text = text.replace("](", "]\\(")
    return re.sub(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])", r"\\_", text)
