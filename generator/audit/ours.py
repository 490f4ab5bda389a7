"""Our OpenAPI 3.1 spec as an `ApiSurface`, every node located by its JSON pointer.

Google's OpenAPI 3.0 export has the same layout (paths, components/schemas, `$ref`), so
`openapi30` reads it with this module too.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import join_pointer
from ..spec.load import SpecDocument
from .jsonschema import enum_aware, read_schemas, schema_type
from .model import ApiSurface, Binding, EnumType, LongRunning, Method, Parameter
from .paths import template_segments

__all__ = ["HTTP_VERBS", "read_our_spec", "schema_ref_name"]

HTTP_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMAS = "#/components/schemas"


def schema_ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def read_our_spec(document: SpecDocument) -> ApiSurface:
    data = document.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    version = str(info.get("version", ""))
    components = _mapping(data.get("components"))
    messages, enums = read_schemas(_mapping(components.get("schemas")), _SCHEMAS, schema_ref_name)
    methods = []
    for path, item in _mapping(data.get("paths")).items():
        for verb in HTTP_VERBS:
            operation = _mapping(item).get(verb)
            if isinstance(operation, dict):
                pointer = join_pointer("#/paths", path, verb)
                methods.append(_method(path, verb, operation, pointer, version, enums, data))
    return ApiSurface(version, document.name, tuple(methods), messages, enums)


def _method(
    path: str,
    verb: str,
    operation: dict[str, Any],
    pointer: str,
    version: str,
    enums: dict[str, EnumType],
    data: dict[str, Any],
) -> Method:
    templates = [
        path,
        *[p for p in _list(operation.get("x-additional-paths")) if isinstance(p, str)],
    ]
    bindings = tuple(Binding(verb.upper(), template_segments(t, version)) for t in templates)
    query, path_fields = [], set()
    for index, raw in enumerate(_list(operation.get("parameters"))):
        parameter = _resolve(raw, data)
        if parameter.get("in") == "path" and isinstance(parameter.get("name"), str):
            path_fields.add(parameter["name"])
        if parameter.get("in") == "query" and isinstance(parameter.get("name"), str):
            where = join_pointer(pointer, "parameters", index)
            kind = schema_type(parameter.get("schema"), schema_ref_name, "", where, enums)
            kind = enum_aware(kind, enums)
            query.append(Parameter(parameter["name"], kind, where))
    upload = _mapping(operation.get("x-media-upload")).get("path")
    download = isinstance(operation.get("x-media-download"), dict)
    long_running = _long_running(operation.get("x-long-running"))
    return Method(
        name=str(operation.get("operationId", "")),
        bindings=bindings,
        request=_body_schema(_resolve(operation.get("requestBody"), data)),
        response=_response_schema(operation, data),
        where=pointer,
        query=tuple(query),
        path_fields=frozenset(path_fields),
        upload_paths=(template_segments(upload, version),) if isinstance(upload, str) else (),
        download=download,
        long_running=long_running,
    )


def _long_running(value: Any) -> LongRunning | None:
    if not isinstance(value, dict):
        return None
    response, metadata = value.get("response"), value.get("metadata")
    return LongRunning(
        schema_ref_name(response) if isinstance(response, str) else "",
        schema_ref_name(metadata) if isinstance(metadata, str) else "",
    )


def _response_schema(operation: dict[str, Any], data: dict[str, Any]) -> str:
    responses = _mapping(operation.get("responses"))
    for code in ("200", "201", 200, 201):
        if code in responses:
            return _body_schema(_resolve(responses[code], data))
    return ""


def _body_schema(body: dict[str, Any]) -> str:
    for media in _mapping(body.get("content")).values():
        ref = _mapping(_mapping(media).get("schema")).get("$ref")
        if isinstance(ref, str):
            return schema_ref_name(ref)
    return ""


def _resolve(value: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A local `$ref` followed once (parameters, responses and bodies may be shared)."""
    if isinstance(value, dict) and isinstance(value.get("$ref"), str):
        node: Any = data
        for token in value["$ref"].lstrip("#/").split("/"):
            node = _mapping(node).get(token.replace("~1", "/").replace("~0", "~"))
        return _mapping(node)
    return _mapping(value)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
