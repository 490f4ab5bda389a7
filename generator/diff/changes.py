"""A classified change, and the rules shared by every kind of element.

Classification, from the point of view of code written against the old package:
breaking when that code may stop working (removals, Python type changes, a new
or newly required input, a removed enum value, a changed return shape);
additive when it keeps working (additions, inputs becoming optional, new enum
values, which our enums tolerate anyway); cosmetic when only documentation
changes (descriptions, deprecation notes).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from .. import ir
from ..surface import MODEL_TYPES

__all__ = [
    "ADDITIVE",
    "BREAKING",
    "COSMETIC",
    "Category",
    "Change",
    "Scope",
    "change",
    "docs",
    "match",
    "required_change",
    "spell",
    "type_change",
]


class Category(enum.Enum):
    BREAKING = "breaking"
    ADDITIVE = "additive"
    COSMETIC = "cosmetic"


BREAKING, ADDITIVE, COSMETIC = Category.BREAKING, Category.ADDITIVE, Category.COSMETIC
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Change:
    category: Category
    kind: str  # "<element>.<change>", e.g. "field.removed"; the full list is report.KINDS
    module: str  # the API subpackage, e.g. "v1beta"
    python_name: str  # "Candidate.token_count", "Client.generate_content(model=)"
    file: str  # spec file name the pointer belongs to
    pointer: str  # "#/components/schemas/Candidate/properties/tokenCount"
    message: str


@dataclass(frozen=True, slots=True)
class Scope:
    module: str
    request_models: frozenset[str]  # models reachable from a request body or a parameter


def change(
    scope: Scope, category: Category, kind: str, name: str, source: ir.Source, message: str
) -> Change:
    return Change(category, kind, scope.module, name, source.file, source.pointer, message)


def match(
    old: Iterable[_T], new: Iterable[_T], key: Callable[[_T], object]
) -> tuple[list[_T], list[_T], list[tuple[_T, _T]]]:
    """(removed, added, kept as (old, new) pairs), each in spec order."""
    old_by = {key(x): x for x in old}
    new_by = {key(x): x for x in new}
    removed = [x for k, x in old_by.items() if k not in new_by]
    added = [x for k, x in new_by.items() if k not in old_by]
    return removed, added, [(old_by[k], x) for k, x in new_by.items() if k in old_by]


def docs(
    scope: Scope,
    element: str,
    name: str,
    source: ir.Source,
    old_text: str,
    new_text: str,
    deprecated: tuple[bool, bool] = (False, False),
) -> Iterator[Change]:
    """Description text and the deprecated flag: they change docstrings only."""
    if old_text != new_text:
        yield change(
            scope,
            COSMETIC,
            f"{element}.description_changed",
            name,
            source,
            f"{element} description changed",
        )
    if deprecated[0] != deprecated[1]:
        message = "now deprecated" if deprecated[1] else "no longer deprecated"
        yield change(scope, COSMETIC, f"{element}.deprecation_changed", name, source, message)


def required_change(
    scope: Scope, element: str, name: str, source: ir.Source, required: bool, in_requests: bool
) -> Change:
    if not required:
        return change(
            scope, ADDITIVE, f"{element}.optional", name, source, "now optional (was required)"
        )
    # Only callers that build the value are hurt; a response field that is always
    # present is good news for readers.
    return change(
        scope,
        BREAKING if in_requests else ADDITIVE,
        f"{element}.required",
        name,
        source,
        "now required (was optional)",
    )


def type_change(
    scope: Scope,
    kind: str,
    name: str,
    source: ir.Source,
    old: ir.TypeExpr | None,
    new: ir.TypeExpr | None,
    what: str,
) -> Iterator[Change]:
    if (old and _formatless(old)) == (new and _formatless(new)):
        return  # int32 -> uint32, float -> double: the same generated code
    before, after = spell(old), spell(new)
    if before != after:
        yield change(
            scope, BREAKING, kind, name, source, f"{what} type changed from {before} to {after}"
        )
    else:
        # Integer to int64 or string to date-time: decoding changes, user code does not.
        yield change(
            scope,
            ADDITIVE,
            kind,
            name,
            source,
            f"{what} wire format changed; the Python type stays {after}",
        )


def spell(t: ir.TypeExpr | None) -> str:
    """A type as the generated models module spells it, so messages show what users see."""
    return "None" if t is None else MODEL_TYPES.annotation(t)


def _formatless(t: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(t, ir.ScalarType):
        return ir.ScalarType(t.scalar)
    if isinstance(t, ir.ArrayType):
        return ir.ArrayType(_formatless(t.items))
    if isinstance(t, ir.MapType):
        return ir.MapType(_formatless(t.values))
    if isinstance(t, ir.NullableType):
        return ir.NullableType(_formatless(t.inner))
    if isinstance(t, ir.UnionType):
        return replace(t, variants=tuple(_formatless(v) for v in t.variants))
    return t
