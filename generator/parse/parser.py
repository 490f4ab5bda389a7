"""Stage 2, parse: one checked spec document to a frozen `ir.Api`.

Schemas are delegated to `schemas.SchemaBuilder`; this module reads operations,
parameters, bodies, responses, servers and security, and recognizes the
patterns the client treats specially: server-sent events, page-token
pagination and long-running operations.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..conventions import Conventions
from ..diagnostics import Diagnostics, join_pointer
from ..spec.extensions import ADDITIONAL_PATHS, IDEMPOTENT, MEDIA_DOWNLOAD, MEDIA_UPLOAD, WAIT
from ..spec.load import SpecDocument
from ..spec.operations import HTTP_METHODS
from ..spec.refs import follow_refs
from . import naming
from .document import report_not_generated, security_schemes, servers
from .extensions import media_download, media_upload, typed_upload, waiter
from .schemas import SchemaBuilder
from .shapes import spec_text

__all__ = ["parse_api"]

_JSON_TYPES = ("application/json",)
_SSE = "text/event-stream"


def parse_api(
    document: SpecDocument, module: str, conventions: Conventions, diagnostics: Diagnostics
) -> ir.Api:
    data = document.data
    schemas = SchemaBuilder(document, diagnostics)
    schemas.declare_components()
    operations = _parse_operations(document, schemas, diagnostics)
    report_not_generated(document, diagnostics)
    schemas.build_all_models()
    models, enums = schemas.freeze()
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    return ir.Api(
        module=module,
        title=spec_text(info.get("title")),
        version=str(info.get("version", "")),
        description=spec_text(info.get("description")),
        spec_file=document.name,
        spec_sha256=document.sha256,
        servers=servers(data),
        security=security_schemes(document),
        models=models,
        enums=enums,
        operations=_finish_operations(operations, models, conventions),
        conventions=conventions,
    )


def _parse_operations(
    document: SpecDocument, schemas: SchemaBuilder, diagnostics: Diagnostics
) -> list[ir.Operation]:
    data = document.data
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    method_names = naming.NameRegistry()
    operations = []
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        if "$ref" in item:
            item = follow_refs(data, item)
        for method in HTTP_METHODS:
            raw = item.get(method)
            if not isinstance(raw, dict):
                continue
            pointer = join_pointer("#/paths", path, method)
            operation = _parse_operation(
                document, schemas, diagnostics, str(path), method, item, raw, pointer, method_names
            )
            operations.append(operation)
    return operations


def _parse_operation(
    document: SpecDocument,
    schemas: SchemaBuilder,
    diagnostics: Diagnostics,
    path: str,
    method: str,
    path_item: dict[str, Any],
    raw: dict[str, Any],
    pointer: str,
    method_names: naming.NameRegistry,
) -> ir.Operation:
    operation_id = raw.get("operationId")
    if not isinstance(operation_id, str) or not operation_id.strip():
        # Valid OpenAPI; the method is named from the method and path instead.
        operation_id = f"{method} {path}"
    hint = naming.class_name(operation_id)
    body_type, body_required, body_media = _request_body(document, schemas, raw, pointer, hint)
    response, streaming, response_raw = _response(document, schemas, raw, pointer, hint)
    return ir.Operation(
        operation_id=operation_id,
        method_name=method_names.claim(naming.method_name(operation_id)),
        http_method=method.upper(),
        path=path,
        summary=spec_text(raw.get("summary")),
        description=spec_text(raw.get("description")),
        deprecated=raw.get("deprecated") is True,
        params=_params(document, schemas, diagnostics, path_item, raw, pointer, hint),
        request_body=body_type,
        request_required=body_required,
        request_media_type=body_media,
        response=response,
        response_raw=response_raw,
        streaming=streaming,
        pagination=None,
        long_running=_long_running(document, schemas, raw, pointer, response),
        source=ir.Source(document.name, pointer),
        alternate_paths=tuple(raw.get(ADDITIONAL_PATHS, ())),
        media_upload=media_upload(raw.get(MEDIA_UPLOAD), method_names),
        media_download=media_download(raw.get(MEDIA_DOWNLOAD)),
        waiter=waiter(raw.get(WAIT), method_names),
        idempotent=_idempotent(method, raw),
    )


# RFC 9110 section 9.2.2; POST and PATCH only when the spec says so.
_IDEMPOTENT_METHODS = frozenset({"get", "head", "put", "delete", "options"})


def _idempotent(method: str, raw: dict[str, Any]) -> bool:
    """Whether the operation may be sent again after the server may have acted on it:
    by its HTTP method, unless the operation's `x-idempotent: true|false` says otherwise."""
    marked = raw.get(IDEMPOTENT)
    return marked if isinstance(marked, bool) else method.lower() in _IDEMPOTENT_METHODS


def _params(
    document: SpecDocument,
    schemas: SchemaBuilder,
    diagnostics: Diagnostics,
    path_item: dict[str, Any],
    raw: dict[str, Any],
    pointer: str,
    hint: str,
) -> tuple[ir.Param, ...]:
    data = document.data
    # Operation-level parameters override path-level ones with the same name and location.
    merged: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for base, entries in (
        (join_pointer(pointer[: pointer.rfind("/")], "parameters"), path_item.get("parameters")),
        (join_pointer(pointer, "parameters"), raw.get("parameters")),
    ):
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            param = follow_refs(data, entry)
            if isinstance(param.get("name"), str) and isinstance(param.get("in"), str):
                merged[(param["in"], param["name"])] = (join_pointer(base, index), param)
    names = naming.NameRegistry()
    params = []
    for (location, wire_name), (param_pointer, param) in merged.items():
        if location == "cookie":
            diagnostics.warning(
                document.location,
                param_pointer,
                f"cookie parameter {wire_name!r} is not supported; the client does not send it",
                document.line_of(param_pointer),
            )
            continue
        schema: Any = param.get("schema", {})
        if "schema" not in param and isinstance(param.get("content"), dict):
            schema = _mapping(next(iter(param["content"].values()), {})).get("schema", {})
        constant = _constant(schema) if location == "query" else None
        # A constant is sent by the client and never typed by users: no enum class for it.
        param_type = (
            ir.ScalarType(ir.Scalar.STRING)
            if constant is not None
            else schemas.type_of(
                schema, join_pointer(param_pointer, "schema"), hint + naming.class_name(wire_name)
            )
        )
        params.append(
            ir.Param(
                name=names.claim(naming.param_name(wire_name)),
                wire_name=wire_name,
                location=ir.ParamLocation(location),
                type=param_type,
                required=param.get("required") is True or location == "path",
                description=spec_text(param.get("description")),
                deprecated=param.get("deprecated") is True,
                constant=constant,
                source=ir.Source(document.name, param_pointer),
            )
        )
    # Path parameters first, in template order: they read like the URL.
    order = {"path": 0, "query": 1, "header": 2}
    return tuple(sorted(params, key=lambda p: order[p.location.value]))


def _constant(schema: Any) -> str | None:
    """A query parameter with a single allowed value is sent by the client, not asked for."""
    if not isinstance(schema, dict):
        return None
    values = schema.get("enum")
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
        return values[0]
    return None


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _request_body(
    document: SpecDocument,
    schemas: SchemaBuilder,
    raw: dict[str, Any],
    pointer: str,
    hint: str,
) -> tuple[ir.TypeExpr | None, bool, str | None]:
    """The body's type, whether it is required, and its media type when not JSON."""
    body = raw.get("requestBody")
    if not isinstance(body, dict):
        return None, False, None
    body_pointer = body.get("$ref", join_pointer(pointer, "requestBody"))
    body = follow_refs(document.data, body)
    required = body.get("required") is True
    content = _mapping(body.get("content"))
    media_type, media = _pick_json(content)
    if media_type is None:
        media_type = next((t for t in _FORM_TYPES if t in content), None)
        if media_type is None:
            # Anything else (octet-stream, text, images) is sent as the bytes given.
            other = next(iter(content), "application/octet-stream")
            return ir.ScalarType(ir.Scalar.BYTES), required, str(other)
        media = content[media_type]
        body_media: str | None = media_type
    else:
        body_media = None
    schema = _mapping(media).get("schema", {})
    schema_pointer = join_pointer(body_pointer, "content", media_type, "schema")
    return schemas.type_of(schema, schema_pointer, hint + "Body"), required, body_media


def _response(
    document: SpecDocument,
    schemas: SchemaBuilder,
    raw: dict[str, Any],
    pointer: str,
    hint: str,
) -> tuple[ir.TypeExpr | None, bool, bool]:
    """The success response's type, whether it streams (SSE), and whether it is raw bytes."""
    # YAML reads an unquoted `200:` as an int: keys are compared as text.
    responses = {str(k): v for k, v in _mapping(raw.get("responses")).items()}
    success = [code for code in responses if code.startswith("2")]
    if not success:
        return None, False, False
    code = sorted(success)[0]
    response_pointer = join_pointer(pointer, "responses", code)
    response = responses[code]
    if isinstance(response, dict) and "$ref" in response:
        response_pointer = response["$ref"]
    response = follow_refs(document.data, response)
    content = _mapping(response.get("content"))
    if _SSE in content:
        media = _mapping(content[_SSE])
        schema_pointer = join_pointer(response_pointer, "content", _SSE, "schema")
        return schemas.type_of(media.get("schema", {}), schema_pointer, hint + "Event"), True, False
    media_type, media = _pick_json(content)
    if media_type is None:
        return (ir.ScalarType(ir.Scalar.BYTES), False, True) if content else (None, False, False)
    schema_pointer = join_pointer(response_pointer, "content", media_type, "schema")
    schema = _mapping(media).get("schema", {})
    return schemas.type_of(schema, schema_pointer, hint + "Response"), False, False


def _pick_json(content: dict[str, Any]) -> tuple[str | None, Any]:
    for media_type in _JSON_TYPES:
        if media_type in content:
            return media_type, content[media_type]
    for media_type, media in content.items():
        base = str(media_type).split(";")[0].strip()
        if base.endswith("+json") or base.endswith("/json") or base == "*/*":
            return str(media_type), media
    return None, None


def _long_running(
    document: SpecDocument,
    schemas: SchemaBuilder,
    raw: dict[str, Any],
    pointer: str,
    response: ir.TypeExpr | None,
) -> ir.LongRunning | None:
    extension = raw.get("x-long-running")
    if isinstance(extension, dict):
        where = join_pointer(pointer, "x-long-running")
        types = {}
        for key in ("response", "metadata"):
            target = extension.get(key)
            types[key] = (
                schemas.type_of({"$ref": target}, join_pointer(where, key), "Operation")
                if isinstance(target, str)
                else None
            )
        return ir.LongRunning(types["response"], types["metadata"])
    return None


def _implied_long_running(op: ir.Operation, conventions: Conventions) -> ir.LongRunning | None:
    """An untyped operation handle, for an API family whose operations are one schema."""
    response = op.response
    if isinstance(response, ir.ModelRef) and response.name == conventions.operation_schema:
        return ir.LongRunning(None, None)
    return None


def _update_mask(op: ir.Operation, conventions: Conventions) -> str | None:
    """A PATCH whose mask may default to the fields present in its body."""
    name = conventions.update_mask_param
    if name is None or op.http_method != "PATCH" or op.request_body is None:
        return None
    query = (p for p in op.params if p.location is ir.ParamLocation.QUERY)
    return name if any(p.wire_name == name for p in query) else None


def _finish_operations(
    operations: list[ir.Operation], models: tuple[ir.Model, ...], conventions: Conventions
) -> tuple[ir.Operation, ...]:
    """Operations completed with what needs every model: an upload's argument and result
    types, and what the API family's conventions read into them (page-token pagination,
    operation handles implied by the response, derived update masks)."""
    by_name = {m.name: m for m in models}
    return tuple(
        replace(
            typed_upload(op, by_name),
            pagination=_pagination(op, by_name, conventions),
            long_running=op.long_running or _implied_long_running(op, conventions),
            update_mask=_update_mask(op, conventions),
        )
        for op in operations
    )


def _pagination(
    operation: ir.Operation, models: dict[str, ir.Model], conventions: Conventions
) -> ir.Pagination | None:
    if operation.streaming or not isinstance(operation.response, ir.ModelRef):
        return None
    query = {p.wire_name for p in operation.params if p.location is ir.ParamLocation.QUERY}
    token = next((n for n in conventions.page_token_params if n in query), None)
    model = models.get(operation.response.name)
    if token is None or model is None:
        return None
    fields = {f.wire_name: f for f in model.fields}
    next_token = next((n for n in conventions.next_token_fields if n in fields), None)
    lists = [f for f in model.fields if isinstance(f.type, ir.ArrayType)]
    if next_token is None or not lists or (len(lists) > 1 and not conventions.first_list_is_items):
        return None
    array = lists[0].type
    assert isinstance(array, ir.ArrayType)
    return ir.Pagination(
        page_token_param=token,
        page_size_param=next((n for n in conventions.page_size_params if n in query), None),
        next_token_field=next_token,
        items_field=lists[0].name,
        item_type=array.items,
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
