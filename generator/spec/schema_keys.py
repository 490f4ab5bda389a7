"""Keys of a schema that no one reads: usually a property indented one level too little.

JSON Schema ignores keywords it does not know, so in

    Candidate:
      type: object
      properties:
        content: {type: string}
      finishReason:          # meant to be under `properties`
        type: string

the spec validates clean and `finishReason` silently vanishes from the model. A key
of a schema that is neither a JSON Schema or OpenAPI keyword nor an `x-` extension,
and whose value looks like a schema itself, is reported as a located warning (an
error under `--strict`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostics, join_pointer
from .load import SpecDocument
from .refs import walk

__all__ = ["SCHEMA_KEYWORDS", "check_schema_keys"]

# Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
_ONE_SCHEMA = (
    "additionalProperties", "items", "additionalItems", "not", "if", "then", "else",
    "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
    "contentSchema",
)  # fmt: skip
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

SCHEMA_KEYWORDS = frozenset(
    {
        *_ONE_SCHEMA, *_SCHEMA_LISTS, *_SCHEMA_MAPS,
        # JSON Schema 2020-12: core, validation, meta-data, format, content
        "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
        "$comment", "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum",
        "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
        "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
        "minProperties", "required", "dependentRequired", "title", "description", "default",
        "deprecated", "readOnly", "writeOnly", "examples", "format", "contentEncoding",
        "contentMediaType",
        # earlier drafts (OpenAPI 3.0 is based on draft 4/5)
        "id", "dependencies", "$recursiveRef", "$recursiveAnchor",
        # OpenAPI's own
        "discriminator", "xml", "externalDocs", "example", "nullable",
    }
)  # fmt: skip

# A value with one of these keys is taken for a misplaced schema.
_SCHEMA_HINTS = (
    "type", "$ref", "properties", "items", "enum", "allOf", "anyOf", "oneOf", "format",
    "description", "additionalProperties", "nullable",
)  # fmt: skip
_DATA = ("example", "examples", "default", "enum", "const")


def _subschemas(pointer: str, schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in _ONE_SCHEMA:
        if isinstance(schema.get(key), dict):
            yield join_pointer(pointer, key), schema[key]
    for key in _SCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for index, item in enumerate(schema[key]):
                yield join_pointer(pointer, key, index), item
    for key in _SCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for name, item in schema[key].items():
                yield join_pointer(pointer, key, name), item
    dependencies = schema.get("dependencies")
    if isinstance(dependencies, dict):
        for name, item in dependencies.items():
            yield join_pointer(pointer, "dependencies", name), item  # lists are skipped below


def _schema_roots(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Component schemas, and the `schema` of every parameter, header and media type."""
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):
        for name, schema in schemas.items():
            yield join_pointer("#/components/schemas", name), schema
    for pointer, node in walk(data):
        if isinstance(node.get("schema"), dict) and not _in_data(pointer):
            yield join_pointer(pointer, "schema"), node["schema"]


def _in_data(pointer: str) -> bool:
    """Whether `pointer` is inside example or default data, or an extension."""
    tokens = pointer.split("/")
    return any(t in _DATA or t.startswith("x-") for t in tokens) or pointer.startswith(
        "#/components/schemas/"
    )


def _schemas(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object once, with the pointer it is first reached by."""
    seen: set[int] = set()
    stack = list(_schema_roots(data))
    stack.reverse()
    while stack:
        pointer, schema = stack.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        yield pointer, schema
        stack.extend(reversed(list(_subschemas(pointer, schema))))


def check_schema_keys(document: SpecDocument, diagnostics: Diagnostics) -> None:
    for pointer, schema in _schemas(document.data):
        for key, value in schema.items():
            if (
                isinstance(key, str)
                and key not in SCHEMA_KEYWORDS
                and not key.startswith("x-")
                and isinstance(value, dict)
                and any(hint in value for hint in _SCHEMA_HINTS)
            ):
                where = join_pointer(pointer, key)
                diagnostics.warning(
                    document.location,
                    where,
                    f"{key!r} is not a schema keyword, so it is ignored, but it looks like a "
                    "schema: is it a property that belongs under 'properties'?",
                    document.line_of(where),
                )
