"""What kind of thing a schema is, read from its keywords alone; and spec text as text."""

from __future__ import annotations

from typing import Any

from .. import ir

__all__ = [
    "ANY",
    "as_nullable",
    "flag",
    "is_closed_object",
    "is_enum",
    "is_integer_enum",
    "is_model",
    "is_scalar_all_of",
    "spec_text",
]

ANY = ir.ScalarType(ir.Scalar.ANY)


def is_enum(schema: dict[str, Any]) -> bool:
    """An enum of scalars; `enum` over objects or arrays only constrains, so it is ignored."""
    values = schema.get("enum")
    if not isinstance(values, list) or all(v is None for v in values):
        return False
    return all(v is None or isinstance(v, str | int | float | bool) for v in values)


def is_model(schema: dict[str, Any]) -> bool:
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) > 1:
        return True
    # An object with oneOf/anyOf alongside properties is treated as its properties.
    return isinstance(all_of, list) and len(all_of) == 1 and "properties" in schema


def is_scalar_all_of(schema: dict[str, Any]) -> bool:
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts or "properties" in schema:
        return False
    return all(
        isinstance(p, dict)
        and "$ref" not in p
        and "properties" not in p
        and "allOf" not in p
        and p.get("type") not in ("object", None)
        for p in parts
    )


def is_closed_object(schema: dict[str, Any]) -> bool:
    """A named `type: object` with no map values, such as `Empty`: still a model of its own."""
    extra = schema.get("additionalProperties")
    return schema.get("type") == "object" and (extra is None or extra is False)


def is_integer_enum(values: list[Any]) -> bool:
    return bool(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def as_nullable(inner: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(inner, ir.NullableType) or inner == ANY or inner == ir.ConstType(None):
        return inner
    return ir.NullableType(inner)


def flag(prop: dict[str, Any], resolved: dict[str, Any], key: str) -> bool:
    return prop.get(key, resolved.get(key)) is True


def spec_text(value: Any) -> str:
    """A description or title as text: stripped, or empty when absent or not a string."""
    return value.strip() if isinstance(value, str) else ""
