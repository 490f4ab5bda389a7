"""Fields and enum values compared by walking from paired messages.

Names may differ between the sides (our `UsageMetadata` is the source's
`GenerateContentResponse.UsageMetadata`), so messages are paired through the fields that
use them, starting from the request and response of each matched method.
"""

from __future__ import annotations

from ..diagnostics import join_pointer
from .findings import AuditContext
from .model import EnumType, Message, TypeRef

__all__ = ["pair_messages"]


def pair_messages(
    context: AuditContext,
    source_name: str,
    our_name: str,
    skip: frozenset[str] = frozenset(),
    seen: set[tuple[str, str, frozenset[str]]] | None = None,
) -> None:
    """Compare `source_name` with `our_name` and every message pair reached from them;
    `skip` names top-level fields that travel in the URL. Iterative: refs may recurse."""
    seen = set() if seen is None else seen
    pending = [(source_name, our_name, skip)]
    while pending:
        pair = pending.pop()
        if pair in seen:
            continue
        seen.add(pair)
        source = context.source.messages.get(pair[0])
        ours = context.ours.messages.get(pair[1])
        if source is not None and ours is not None:
            pending.extend(_compare_fields(context, source, ours, pair[2]))


def _compare_fields(
    context: AuditContext, source: Message, ours: Message, skip: frozenset[str]
) -> list[tuple[str, str, frozenset[str]]]:
    reached: list[tuple[str, str, frozenset[str]]] = []
    for field in source.fields:
        if field.name in skip:
            continue
        our_field = ours.field(field.name)
        key = f"{ours.name}.{field.name}"
        if our_field is None:
            context.add(
                "field", "missing", key, join_pointer(ours.where, "properties"),
                f"{ours.name} lacks the field {field.name!r} ({field.type.describe()})",
                field.where, source.name, field.name,
            )  # fmt: skip
            continue
        if not _same_shape(field.type, our_field.type):
            context.add(
                "type", "different", key, our_field.where,
                f"{key} is {our_field.type.describe()} here but "
                f"{field.type.describe()} in the source",
                field.where, source.name, field.name,
            )  # fmt: skip
            continue
        source_type, our_type = _innermost(field.type), _innermost(our_field.type)
        if source_type.kind == "message":
            reached.append((source_type.ref, our_type.ref, frozenset()))
        elif source_type.kind == "enum":
            _compare_enums(context, source_type.ref, our_type.ref)
    for our_field in ours.fields:
        if our_field.name not in skip and source.field(our_field.name) is None:
            context.add(
                "field", "extra", f"{ours.name}.{our_field.name}", our_field.where,
                f"{ours.name}.{our_field.name} is not in the source's {source.name}",
                source.where,
            )  # fmt: skip
    return reached


def _compare_enums(context: AuditContext, source_name: str, our_name: str) -> None:
    source = context.source.enums.get(source_name)
    ours = context.ours.enums.get(our_name)
    if source is None or ours is None or (source_name, our_name) in _done(context):
        return
    _done(context).add((source_name, our_name))
    for value in source.values:
        if value not in ours.values:
            context.add(
                "enum", "missing", f"{ours.name}.{value}", _enum_pointer(ours),
                f"{ours.name} lacks the value {value!r}", source.where, source.name, value,
            )  # fmt: skip
    for value in ours.values:
        if value not in source.values:
            context.add(
                "enum", "extra", f"{ours.name}.{value}", _enum_pointer(ours),
                f"{ours.name}.{value} is not in the source's {source.name}", source.where,
            )  # fmt: skip


def _done(context: AuditContext) -> set[tuple[str, str]]:
    # Enum pairs already compared: the same enum is reached through many fields.
    return context.compared_enums


def _enum_pointer(enum: EnumType) -> str:
    return join_pointer(enum.where, "enum") if enum.where.startswith("#") else enum.where


def _innermost(kind: TypeRef) -> TypeRef:
    return kind.value if kind.kind == "map" and kind.value is not None else kind


def _same_shape(source: TypeRef, ours: TypeRef) -> bool:
    return source.shape() == ours.shape()
