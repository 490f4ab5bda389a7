"""The checks our generator relies on, beyond OpenAPI's own rules, each located.

`prepare_document` checks the version and bundles file references (all that must
happen before openapi-spec-validator may read the document); `check_prepared`
does the rest: references, operations, enum descriptions, schema types and keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, join_pointer
from ..ir import PATH_PARAMETER
from .bundle import bundle_external_refs
from .extensions import check_extensions
from .load import SpecDocument
from .operations import spec_operations
from .refs import check_refs, resolve_pointer, walk
from .schema_keys import check_schema_keys

__all__ = ["check_prepared", "is_schema_position", "prepare_document"]


def prepare_document(
    document: SpecDocument, diagnostics: Diagnostics, ref_roots: Sequence[Path] = ()
) -> bool:
    """The version check and the bundling of file references: all that must happen
    before openapi-spec-validator may read the document. False for an unusable version.
    File references may lead inside the spec's folder or one of `ref_roots`."""
    if _check_version(document, diagnostics) is None:
        return False
    bundle_external_refs(document, diagnostics, ref_roots)
    return True


def check_prepared(document: SpecDocument, diagnostics: Diagnostics) -> bool:
    """The rest of our checks, after `prepare_document`. True when every reference
    resolves (else openapi-spec-validator's findings are noise)."""
    refs_ok = check_refs(document, diagnostics)
    _check_operations(document, diagnostics)
    check_extensions(document, diagnostics)
    _check_enum_descriptions(document, diagnostics)
    _check_schema_types(document, diagnostics)
    check_schema_keys(document, diagnostics)
    return refs_ok


def _error(document: SpecDocument, diagnostics: Diagnostics, pointer: str, message: str) -> None:
    diagnostics.error(document.location, pointer, message, document.line_of(pointer))


def _check_version(document: SpecDocument, diagnostics: Diagnostics) -> str | None:
    data = document.data
    if "swagger" in data:
        _error(
            document,
            diagnostics,
            "#/swagger",
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3.0 or 3.1",
        )
        return None
    version = data.get("openapi")
    if version is None:
        _error(document, diagnostics, "#", "missing 'openapi' version field (need 3.0.x or 3.1.x)")
        return None
    text = str(version)
    if not re.fullmatch(r"3\.[01]\.\d+", text):
        _error(
            document,
            diagnostics,
            "#/openapi",
            f"unsupported OpenAPI version {text!r} (need 3.0.x or 3.1.x)",
        )
        return None
    return text


def _declared_params(data: Any, *lists: Any) -> list[dict[str, Any]]:
    params = []
    for entries in lists:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "$ref" in entry:
                try:
                    entry = resolve_pointer(data, entry["$ref"])
                except KeyError:
                    continue
            if isinstance(entry, dict):
                params.append(entry)
    return params


def _check_operations(document: SpecDocument, diagnostics: Diagnostics) -> None:
    data = document.data
    first_use: dict[str, str] = {}
    for pointer, path, _method, operation in spec_operations(data):
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str):
            if operation_id in first_use:
                _error(
                    document,
                    diagnostics,
                    join_pointer(pointer, "operationId"),
                    f"duplicate operationId {operation_id!r} (first used at {first_use[operation_id]})",
                )
            else:
                first_use[operation_id] = pointer
        path_item = data["paths"][path]
        declared = {
            p.get("name")
            for p in _declared_params(
                data, path_item.get("parameters"), operation.get("parameters")
            )
            if p.get("in") == "path"
        }
        for name in PATH_PARAMETER.findall(path):
            if name not in declared:
                _error(
                    document,
                    diagnostics,
                    pointer,
                    f"path parameter {{{name}}} in {path!r} is not declared in 'parameters'",
                )


def _check_enum_descriptions(document: SpecDocument, diagnostics: Diagnostics) -> None:
    """`x-enum-descriptions` is a list of strings parallel to `enum` (one per value)."""
    for pointer, node in walk(document.data):
        if not (isinstance(node, dict) and "x-enum-descriptions" in node):
            continue
        described = node["x-enum-descriptions"]
        where = join_pointer(pointer, "x-enum-descriptions")
        values = node["enum"] if isinstance(node.get("enum"), list) else []
        if not isinstance(described, list) or not all(isinstance(d, str) for d in described):
            _error(document, diagnostics, where, "must be a list of strings, one per enum value")
        elif len(described) != len(values):
            _error(
                document,
                diagnostics,
                where,
                f"has {len(described)} descriptions for {len(values)} enum values",
            )


_JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})


def _check_schema_types(document: SpecDocument, diagnostics: Diagnostics) -> None:
    """Unknown `type` names in schemas, located exactly (the validator cannot say where)."""
    for pointer, node in walk(document.data):
        if not isinstance(node, dict) or not is_schema_position(pointer):
            continue
        kind = node.get("type")
        if isinstance(kind, dict):
            continue  # a map with a member named "type" (a property, say), not a schema
        names = kind if isinstance(kind, list) else [kind]
        if kind is not None and pointer.startswith(("#/components/schemas", "#/paths")):
            for name in names:
                if not isinstance(name, str) or name not in _JSON_TYPES:
                    _error(
                        document,
                        diagnostics,
                        join_pointer(pointer, "type"),
                        f"unknown schema type {name!r}",
                    )


_NAME_MAPS = (
    "properties", "patternProperties", "$defs", "definitions", "schemas", "dependentSchemas",
    "content", "headers", "links", "callbacks", "encoding", "responses", "securitySchemes",
)  # fmt: skip
_DATA_KEYS = ("/example", "/default", "/enum", "/const", "/x-", "/securitySchemes/")


def is_schema_position(pointer: str) -> bool:
    """Whether `pointer` can hold a schema, rather than a name map or literal data."""
    if not pointer.startswith(("#/components/", "#/paths")) or "/examples/" in pointer:
        return False
    last = pointer.rsplit("/", 1)[-1]
    return last not in _NAME_MAPS and not any(key in pointer for key in _DATA_KEYS)
