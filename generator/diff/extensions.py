"""Members of the hand-written extension modules compared: part of the surface users call.

Matched by Python name (`GenerateContentResponse.text`, or a helper's own name). A
member removed, or one whose signature changed, breaks code that used it; a new one
is additive. The location is the extension module and line (`extensions/v1beta.py#L47`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..handwritten import ExtensionMember, ExtensionModule
from .changes import ADDITIVE, BREAKING, Category, Change, match

__all__ = ["diff_extensions"]


def diff_extensions(
    module: str, old: ExtensionModule | None, new: ExtensionModule | None
) -> Iterator[Change]:
    before = old.members if old else ()
    after = new.members if new else ()
    removed, added, kept = match(before, after, lambda m: m.python_name)
    for m in removed:
        yield _change(module, BREAKING, "removed", m, old, f"hand-written {m.kind.value} removed")
    for m in added:
        yield _change(module, ADDITIVE, "added", m, new, f"hand-written {m.kind.value} added")
    for was, m in kept:
        if (was.kind, was.signature) != (m.kind, m.signature):
            message = (
                f"hand-written {m.kind.value} changed from {was.kind.value} "
                f"{was.signature or '(untyped)'} to {m.signature or '(untyped)'}"
            )
            yield _change(module, BREAKING, "changed", m, new, message)


def _change(
    module: str,
    category: Category,
    verb: str,
    member: ExtensionMember,
    source: ExtensionModule | None,
    message: str,
) -> Change:
    origin = source.origin if source else ""
    return Change(
        category,
        f"extension.{verb}",
        module,
        member.python_name,
        origin,
        f"#L{member.line}",
        message,
    )
