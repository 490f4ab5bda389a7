"""A Google API Discovery document (`discovery#restDescription`) as an `ApiSurface`.

Quirks handled here: `flatPath` is preferred to `path` because `{+name}` hides the
segments; one method listed under several resources (models and tunedModels) is one
method with several bindings; `repeated` query parameters are lists; standard
parameters are dropped; media upload paths come from `mediaUpload.protocols`.
Schema quirks (`type: any`, Google formats, inline enums with their parallel
`enumDescriptions`/`enumDeprecated`) are handled by `jsonschema`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..diagnostics import join_pointer
from ..spec.load import SpecDocument
from .jsonschema import enum_aware, read_schemas, schema_type
from .model import STANDARD_PARAMETERS, ApiSurface, Binding, EnumType, Method, Parameter, TypeRef
from .paths import template_segments

__all__ = ["merge_shared_methods", "read_discovery"]


def read_discovery(document: SpecDocument) -> ApiSurface:
    data = document.data
    version = str(data.get("version", ""))
    schemas = data.get("schemas") if isinstance(data.get("schemas"), dict) else {}
    messages, enums = read_schemas(schemas, "#/schemas", lambda ref: ref)
    methods = [
        _method(pointer, name, raw, version, enums)
        for pointer, name, raw in _walk_methods(data, "#")
    ]
    return ApiSurface(version, document.name, merge_shared_methods(methods), messages, enums)


def merge_shared_methods(methods: Iterable[Method]) -> tuple[Method, ...]:
    """One method per (name, verb, request, response): the same RPC under several
    resources becomes one method whose bindings are all of its paths."""
    merged: dict[tuple[str, str, str, str], Method] = {}
    for method in methods:
        key = (method.name, method.bindings[0].verb, method.request, method.response)
        first = merged.get(key)
        if first is None:
            merged[key] = method
            continue
        merged[key] = replace(
            first,
            bindings=first.bindings + tuple(b for b in method.bindings if b not in first.bindings),
            upload_paths=first.upload_paths + method.upload_paths,
            path_fields=first.path_fields | method.path_fields,
            download=first.download or method.download,
        )
    return tuple(merged.values())


def _walk_methods(node: dict[str, Any], pointer: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    methods = node.get("methods")
    for name, method in methods.items() if isinstance(methods, dict) else ():
        if isinstance(method, dict):
            yield join_pointer(pointer, "methods", name), name, method
    resources = node.get("resources")
    for name, resource in resources.items() if isinstance(resources, dict) else ():
        if isinstance(resource, dict):
            yield from _walk_methods(resource, join_pointer(pointer, "resources", name))


def _method(
    pointer: str, name: str, raw: dict[str, Any], version: str, enums: dict[str, EnumType]
) -> Method:
    template = raw.get("flatPath") or raw.get("path") or ""
    binding = Binding(
        str(raw.get("httpMethod", "GET")).upper(), template_segments(template, version)
    )
    query, path_fields = [], set()
    parameters = raw.get("parameters")
    parameters = parameters if isinstance(parameters, dict) else {}
    for parameter_name, parameter in parameters.items():
        if not isinstance(parameter, dict) or parameter_name in STANDARD_PARAMETERS:
            continue
        if parameter.get("location") == "path":
            path_fields.add(parameter_name)
            continue
        where = join_pointer(pointer, "parameters", parameter_name)
        kind = enum_aware(
            schema_type(parameter, lambda r: r, f"{name}.{parameter_name}", where, enums), enums
        )
        if parameter.get("repeated") is True:
            kind = TypeRef(kind.kind, kind.ref, True, kind.value)
        query.append(Parameter(parameter_name, kind, where))
    return Method(
        name=str(raw.get("id", name)).rsplit(".", 1)[-1],
        bindings=(binding,),
        request=_ref(raw.get("request")),
        response=_ref(raw.get("response")),
        where=pointer,
        query=tuple(query),
        path_fields=frozenset(path_fields),
        upload_paths=tuple(template_segments(p, version) for p in _upload_paths(raw)),
        download=raw.get("supportsMediaDownload") is True,
    )


def _upload_paths(raw: dict[str, Any]) -> list[str]:
    upload = raw.get("mediaUpload")
    if raw.get("supportsMediaUpload") is not True or not isinstance(upload, dict):
        return []
    protocols = upload.get("protocols")
    values = protocols.values() if isinstance(protocols, dict) else ()
    return [p["path"] for p in values if isinstance(p, dict) and isinstance(p.get("path"), str)]


def _ref(value: Any) -> str:
    ref = value.get("$ref") if isinstance(value, dict) else None
    return ref if isinstance(ref, str) else ""
