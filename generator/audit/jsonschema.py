"""Named JSON-schema-like definitions (ours, Google's OpenAPI 3.0 export, Discovery) to
messages and enums in the common vocabulary.

The three dialects differ only in how a `$ref` is spelled and in a few formats
(`google-datetime` vs `date-time`), so one reader serves all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..diagnostics import join_pointer
from .model import EnumType, Field, Message, TypeRef

__all__ = ["SchemaSet", "enum_aware", "read_schemas", "schema_type"]

# Discovery's format names and OpenAPI's, side by side, onto one kind each.
_STRING_FORMATS = {
    "int64": "int64",
    "uint64": "uint64",
    "int32": "int32",
    "uint32": "uint32",
    "byte": "bytes",
    "binary": "bytes",
    "date-time": "timestamp",
    "google-datetime": "timestamp",
    "duration": "duration",
    "google-duration": "duration",
    "field-mask": "field-mask",
    "google-fieldmask": "field-mask",
}
_INTEGER_FORMATS = {"int32": "int32", "int64": "int64", "uint32": "uint32", "uint64": "uint64"}
_NUMBER_FORMATS = {"float": "float", "double": "double"}

RefName = Callable[[str], str]
SchemaSet = tuple[dict[str, Message], dict[str, EnumType]]


def read_schemas(schemas: Mapping[str, Any], base: str, ref_name: RefName) -> SchemaSet:
    """Every named schema under `base` (a pointer such as `#/components/schemas`); inline
    enums become enums named `Schema.field`, since Discovery never names them."""
    messages: dict[str, Message] = {}
    enums: dict[str, EnumType] = {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            continue
        pointer = join_pointer(base, name)
        if "enum" in schema:
            enums[name] = EnumType(name, _enum_values(schema), pointer)
            continue
        fields = []
        for field_name, prop in _properties(schema).items():
            where = join_pointer(pointer, "properties", field_name)
            kind = schema_type(prop, ref_name, f"{name}.{field_name}", where, enums)
            fields.append(Field(field_name, kind, where))
        messages[name] = Message(name, tuple(fields), pointer)
    # A `$ref` cannot tell an enum from a message until every schema has been read.
    for name, message in messages.items():
        retyped = tuple(Field(f.name, enum_aware(f.type, enums), f.where) for f in message.fields)
        messages[name] = Message(name, retyped, message.where)
    return messages, enums


def enum_aware(kind: TypeRef, enums: Mapping[str, EnumType]) -> TypeRef:
    """`kind` with a reference to a named enum marked as an enum rather than a message."""
    if kind.value is not None:
        return TypeRef(kind.kind, kind.ref, kind.repeated, enum_aware(kind.value, enums))
    if kind.kind == "message" and kind.ref in enums:
        return TypeRef("enum", kind.ref, kind.repeated)
    return kind


def schema_type(
    schema: Any, ref_name: RefName, inline_name: str, where: str, enums: dict[str, EnumType]
) -> TypeRef:
    """The type of one property or parameter schema; inline enums are added to `enums`."""
    if not isinstance(schema, dict):
        return TypeRef("any")
    ref = schema.get("$ref")
    if ref is None:
        ref = _single_ref(schema)
    if isinstance(ref, str):
        return TypeRef("message", ref_name(ref))
    kind = _type_name(schema.get("type"))
    if "enum" in schema and kind in ("string", ""):
        enums[inline_name] = EnumType(inline_name, _enum_values(schema), where)
        return TypeRef("enum", inline_name)
    if kind == "array":
        item = schema_type(schema.get("items"), ref_name, inline_name, where, enums)
        return TypeRef(item.kind, item.ref, True, item.value)
    if kind == "object" or (not kind and "additionalProperties" in schema):
        return _object_type(schema, ref_name, inline_name, where, enums)
    fmt = schema.get("format")
    if kind == "string":
        return TypeRef(_STRING_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string")
    if kind == "integer":
        return TypeRef(_INTEGER_FORMATS.get(fmt, "int32") if isinstance(fmt, str) else "int32")
    if kind == "number":
        return TypeRef(_NUMBER_FORMATS.get(fmt, "double") if isinstance(fmt, str) else "double")
    if kind == "boolean":
        return TypeRef("bool")
    return TypeRef("any")  # untyped, or Discovery's `type: any`


def _object_type(
    schema: dict[str, Any],
    ref_name: RefName,
    inline_name: str,
    where: str,
    enums: dict[str, EnumType],
) -> TypeRef:
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra and not schema.get("properties"):
        value = schema_type(extra, ref_name, inline_name, where, enums)
        # A map of untyped values is a free-form object (protobuf Struct) on every side.
        return TypeRef("any") if value.kind == "any" else TypeRef("map", value=value)
    return TypeRef("any")  # free-form JSON (`additionalProperties: true`, Any, Struct)


def _single_ref(schema: dict[str, Any]) -> str | None:
    # `allOf: [{$ref}]` is how OpenAPI 3.0 put a description beside a reference.
    for key in ("allOf", "anyOf", "oneOf"):
        parts = schema.get(key)
        if isinstance(parts, list):
            refs = [p["$ref"] for p in parts if isinstance(p, dict) and "$ref" in p]
            if len(refs) == 1 and isinstance(refs[0], str):
                return refs[0]
    return None


def _type_name(value: Any) -> str:
    if isinstance(value, list):  # OpenAPI 3.1 `type: [string, "null"]`
        value = next((v for v in value if v != "null"), "")
    return value if isinstance(value, str) else ""


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, dict) else {}


def _enum_values(schema: dict[str, Any]) -> tuple[str, ...]:
    values = schema.get("enum")
    return tuple(str(v) for v in values) if isinstance(values, list) else ()
