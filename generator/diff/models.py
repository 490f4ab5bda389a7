"""Model classes and enums compared through the generated surface."""

from __future__ import annotations

from collections.abc import Iterator

from ..surface import Attribute, EnumSurface, ModelSurface
from .changes import (
    ADDITIVE,
    BREAKING,
    COSMETIC,
    Change,
    Scope,
    change,
    docs,
    match,
    required_change,
    spell,
    type_change,
)

__all__ = ["diff_enums", "diff_models"]


def diff_models(
    scope: Scope, old: tuple[ModelSurface, ...], new: tuple[ModelSurface, ...]
) -> Iterator[Change]:
    removed, added, kept = match(old, new, lambda m: m.name)
    for m in removed:
        yield change(scope, BREAKING, "model.removed", m.name, m.model.source, "model removed")
    for m in added:
        yield change(
            scope,
            ADDITIVE,
            "model.added",
            m.name,
            m.model.source,
            f"model added ({len(m.attributes)} fields)",
        )
    for before, m in kept:
        yield from _diff_attributes(scope, before, m)
        yield from docs(
            scope,
            "model",
            m.name,
            m.model.source,
            before.model.description,
            m.model.description,
            (before.model.deprecated, m.model.deprecated),
        )


def _diff_attributes(scope: Scope, old: ModelSurface, new: ModelSurface) -> Iterator[Change]:
    in_requests = new.name in scope.request_models
    removed, added, kept = match(old.attributes, new.attributes, lambda a: a.name)
    for a in removed:
        yield change(
            scope,
            BREAKING,
            "field.removed",
            f"{old.name}.{a.name}",
            a.field.source,
            f"field {a.field.wire_name!r} removed",
        )
    for a in added:
        # Required fields are required constructor arguments of the generated class.
        need = "required" if a.required else "optional"
        yield change(
            scope,
            BREAKING if a.required and in_requests else ADDITIVE,
            "field.added",
            f"{new.name}.{a.name}",
            a.field.source,
            f"{need} field {a.field.wire_name!r} added ({spell(a.field.type)})",
        )
    for before, a in kept:
        yield from _diff_attribute(scope, f"{new.name}.{a.name}", before, a, in_requests)


def _diff_attribute(
    scope: Scope, name: str, old: Attribute, new: Attribute, in_requests: bool
) -> Iterator[Change]:
    before, f = old.field, new.field
    yield from type_change(
        scope, "field.type_changed", name, f.source, before.type, f.type, "field"
    )
    if old.required != new.required:
        yield required_change(scope, "field", name, f.source, new.required, in_requests)
    if before.read_only != f.read_only:
        yield _read_only_change(scope, name, new, in_requests)
    yield from docs(
        scope,
        "field",
        name,
        f.source,
        before.description,
        f.description,
        (before.deprecated, f.deprecated),
    )


def _read_only_change(scope: Scope, name: str, attribute: Attribute, in_requests: bool) -> Change:
    kind, source = "field.read_only_changed", attribute.field.source
    if not attribute.field.read_only:
        return change(
            scope, ADDITIVE, kind, name, source, "no longer read-only: requests may now set it"
        )
    if in_requests:
        return change(
            scope, BREAKING, kind, name, source, "now read-only: the server ignores it in requests"
        )
    # Outside requests the flag only changes the docstring.
    return change(scope, COSMETIC, kind, name, source, "now read-only")


def diff_enums(
    scope: Scope, old: tuple[EnumSurface, ...], new: tuple[EnumSurface, ...]
) -> Iterator[Change]:
    removed, added, kept = match(old, new, lambda e: e.name)
    for e in removed:
        yield change(scope, BREAKING, "enum.removed", e.name, e.enum.source, "enum removed")
    for e in added:
        yield change(
            scope,
            ADDITIVE,
            "enum.added",
            e.name,
            e.enum.source,
            f"enum added ({len(e.members)} values)",
        )
    for before, e in kept:
        if before.enum.is_integer != e.enum.is_integer:
            kinds = {True: "integer", False: "string"}
            yield change(
                scope,
                BREAKING,
                "enum.type_changed",
                e.name,
                e.enum.source,
                f"values changed from {kinds[before.enum.is_integer]} to {kinds[e.enum.is_integer]}",
            )
        yield from _diff_members(scope, before, e)
        yield from docs(
            scope, "enum", e.name, e.enum.source, before.enum.description, e.enum.description
        )


def _diff_members(scope: Scope, old: EnumSurface, new: EnumSurface) -> Iterator[Change]:
    removed, added, kept = match(old.members, new.members, lambda value: value.value)
    for v in removed:
        yield change(
            scope,
            BREAKING,
            "enum_value.removed",
            f"{old.name}.{v.name}",
            v.source,
            f"enum value {v.value!r} removed",
        )
    for v in added:
        yield change(
            scope,
            ADDITIVE,
            "enum_value.added",
            f"{new.name}.{v.name}",
            v.source,
            f"enum value {v.value!r} added",
        )
    for before, v in kept:
        name, source = f"{new.name}.{v.name}", v.source
        if before.name != v.name:
            yield change(
                scope,
                BREAKING,
                "enum_value.renamed",
                name,
                source,
                f"member for {v.value!r} renamed from {old.name}.{before.name}",
            )
        if before.description != v.description:
            yield change(
                scope,
                COSMETIC,
                "enum_value.description_changed",
                name,
                source,
                f"description of enum value {v.value!r} changed",
            )
