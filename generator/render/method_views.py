"""Client methods as the templates see them: a `surface.Method` with its code pieces.

The signature comes from the surface; this module adds how the path, query and
headers are assembled, the decoder, and the docstring.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from .. import ir
from ..style.layout import (
    argument_call,
    argument_tuple,
    assignment,
    inline_tuple,
    return_annotation,
)
from ..style.literals import STEP, docstring, full_stop, py_literal
from ..surface import (
    CALL_OPTIONS,
    CLIENT_TYPES,
    Argument,
    ArgumentRole,
    Method,
    MethodKind,
    Returns,
    ReturnShape,
)

__all__ = ["MethodView", "method_view"]

# Where the method templates put each argument of `_rt.Call(`, `self._upload(`, ...
_ARGUMENT = STEP * 3


@dataclass(frozen=True, slots=True)
class ArgumentView:
    declaration: str  # `name: annotation`, with `| None = None` when optional


@dataclass(frozen=True, slots=True)
class PaginationView:
    token_param: str  # literals
    items_field: str
    next_token: str


@dataclass(frozen=True, slots=True)
class LongRunningView:
    result: str  # decoder expressions
    metadata: str


@dataclass(frozen=True, slots=True)
class UploadView:
    path: str  # an expression for the upload path (from the host)
    fields: tuple[tuple[str, str], ...]  # (JSON pointer literal, argument name) of the metadata
    protocols: str  # a tuple literal
    decode: str  # turns the final response's JSON into the result


@dataclass(frozen=True, slots=True)
class WaitView:
    field: str  # literals
    ready: str
    failed: str
    error: str


@dataclass(frozen=True, slots=True)
class MethodView:
    kind: str  # a `surface.MethodKind` value: which template partial writes it
    name: str
    http_method: str  # a string literal
    path: str  # a literal of the path template, or a tuple of them (`_path_templates`)
    path_params: tuple[tuple[str, str], ...]  # (placeholder literal, argument name)
    positional: tuple[ArgumentView, ...]  # before the `*`
    args: tuple[ArgumentView, ...]  # keyword-only
    has_body: bool
    query: tuple[tuple[str, str], ...]  # (wire literal, argument name or constant literal)
    headers: tuple[tuple[str, str], ...]
    shape: str  # a `surface.ReturnShape` value
    decode: str
    content_type: str | None
    raw_response: bool
    idempotent: str  # a bool literal: whether the call may be re-sent after the server had it
    returns: Returns
    docstring: str
    pagination: PaginationView | None
    long_running: LongRunningView | None
    upload: UploadView | None
    media_path: str | None  # an expression for a download's path (from the host)
    wait: WaitView | None
    options: str | None  # the `_rt.Options(...)` of its per-call arguments, if it takes them
    operation: str  # a tuple literal (API version, operationId): whose `responses` an error
    # status belongs to in the drift report
    # Its lines in `RawClient` and `AsyncRawClient`, laid out for black.
    raw_binding: str
    async_raw_binding: str


def method_view(api: ir.Api, method: Method) -> MethodView:
    op = method.operation
    by_location = {
        location: [p for p in op.params if p.location is location] for location in ir.ParamLocation
    }
    # Path parameters keep the spec's order; each is filled from the argument carrying it.
    carried = {a.param.wire_name: a.name for a in method.arguments if a.param is not None}
    path_params = tuple(
        (py_literal(carried[p.wire_name]), carried[p.wire_name])
        for p in by_location[ir.ParamLocation.PATH]
        if p.wire_name in carried
    )
    # The templates write the path inside `_rt.expand_path(` when it has parameters
    # (a wait always does), else as an argument of `_rt.Call(` directly.
    in_expand_path = bool(path_params) or method.kind is MethodKind.WAIT
    path_indent = _ARGUMENT + STEP if in_expand_path else _ARGUMENT
    return MethodView(
        kind=method.kind.value,
        name=method.name,
        http_method=py_literal(op.http_method),
        path=_path_templates(op, carried, path_indent),
        path_params=path_params,
        positional=tuple(ArgumentView(a.declaration) for a in method.arguments if a.positional),
        args=tuple(ArgumentView(a.declaration) for a in method.arguments if not a.positional),
        has_body=op.request_body is not None,
        query=tuple(
            (py_literal(p.wire_name), _query_value(op, p))
            for p in by_location[ir.ParamLocation.QUERY]
        ),
        headers=tuple(
            (py_literal(p.wire_name), p.name) for p in by_location[ir.ParamLocation.HEADER]
        ),
        shape=method.returns.shape.value,
        decode=_decoder(op),
        content_type=py_literal(op.request_media_type) if op.request_media_type else None,
        raw_response=op.response_raw,
        idempotent=py_literal(op.idempotent),
        returns=dataclasses.replace(
            method.returns,
            sync=return_annotation(method.returns.sync, STEP),
            asynchronous=return_annotation(method.returns.asynchronous, STEP),
        ),
        docstring=docstring(_method_doc(method), "        "),
        pagination=_pagination_view(api, op),
        long_running=_long_running_view(op.long_running),
        upload=_upload_view(method, path_params, carried),
        media_path=(
            _path_expression(op.media_download.path, path_params, carried)
            if op.media_download is not None
            else None
        ),
        wait=_wait_view(op.waiter),
        options=_options(method),
        operation=inline_tuple([py_literal(api.module), py_literal(op.operation_id)]),
        raw_binding=assignment(method.name, f"_rt.raw_method(Client.{method.name})", STEP),
        async_raw_binding=assignment(
            method.name, f"_rt.async_raw_method(AsyncClient.{method.name})", STEP
        ),
    )


def _options(method: Method) -> str | None:
    """The per-call arguments handed on together: positionally when they are the first
    fields `_rt.Options` declares (as `CALL_OPTIONS` lists them), else by keyword (a
    wait, whose `timeout` is its own)."""
    names = [a.name for a in method.arguments if a.role is ArgumentRole.PER_CALL]
    if not names:
        return None
    fields = [a.name for a in CALL_OPTIONS]
    passed = names if names == fields[: len(names)] else [f"{n}={n}" for n in names]
    return f"_rt.Options({', '.join(passed)})"


def _query_value(op: ir.Operation, p: ir.Param) -> str:
    if p.constant:
        return py_literal(p.constant)
    if p.wire_name == op.update_mask:
        return f"_rt.field_mask(request) if {p.name} is None else {p.name}"
    return p.name


def _path_expression(
    template: str, path_params: tuple[tuple[str, str], ...], carried: Mapping[str, str]
) -> str:
    """Code for a media path: the template filled from the arguments, as the client does."""
    if "{" not in template:
        return py_literal(template)
    values = ", ".join(f"{placeholder}: {name}" for placeholder, name in path_params)
    literal = py_literal(_by_argument(template, carried))
    return argument_call("_rt.expand_path", [literal, f"{{{values}}}"], _ARGUMENT)


def _by_argument(template: str, carried: Mapping[str, str]) -> str:
    """A path template whose placeholders are the arguments filling them, so that the
    runtime's errors name what the caller passes (`tuned_model`, not `tunedModel`)."""
    return ir.PATH_PARAMETER.sub(lambda m: "{" + carried.get(m[1], m[1]) + "}", template)


def _upload_view(
    method: Method, path_params: tuple[tuple[str, str], ...], carried: Mapping[str, str]
) -> UploadView | None:
    op, upload = method.operation, method.operation.media_upload
    if method.kind is not MethodKind.UPLOAD or upload is None:
        return None
    decode = _decoder(op)
    result = upload.result_type
    if result is not None and method.returns.shape is ReturnShape.PLAIN:
        part = f"_rt.at_pointer(x, {py_literal(upload.result)})"
        decode = f"lambda x: {CLIENT_TYPES.decode(result, part)}"
    return UploadView(
        path=_path_expression(upload.path, path_params, carried),
        fields=tuple((py_literal(pointer), name) for name, pointer in upload.arguments),
        protocols=inline_tuple([py_literal(p) for p in upload.protocols]),
        decode=decode,
    )


def _wait_view(waiter: ir.Waiter | None) -> WaitView | None:
    if waiter is None:
        return None
    return WaitView(
        field=py_literal(waiter.field),
        ready=inline_tuple([py_literal(v) for v in waiter.ready]),
        failed=inline_tuple([py_literal(v) for v in waiter.failed]) if waiter.failed else "()",
        error=py_literal(waiter.error),
    )


def _path_templates(op: ir.Operation, carried: Mapping[str, str], indent: str) -> str:
    """The path template, or every template of a method reached under several patterns,
    laid out for an argument line at `indent`."""
    if not op.alternate_paths:
        return py_literal(_by_argument(op.path, carried))
    templates = (op.path, *op.alternate_paths)
    return argument_tuple([py_literal(_by_argument(t, carried)) for t in templates], indent)


def _decoder(op: ir.Operation) -> str:
    if op.response is None:
        return "_rt.ignore"
    if op.response_raw:
        return "_rt.identity"  # the body's bytes, as received
    return CLIENT_TYPES.decoder(op.response)


def _pagination_view(api: ir.Api, op: ir.Operation) -> PaginationView | None:
    p = op.pagination
    if p is None:
        return None
    return PaginationView(
        token_param=py_literal(p.page_token_param),
        items_field=py_literal(p.items_field),
        next_token=py_literal(_attribute_of(api, op.response, p.next_token_field)),
    )


def _attribute_of(api: ir.Api, response: ir.TypeExpr | None, wire_name: str) -> str:
    """The Python attribute of the response model's field `wire_name`: the pager reads
    decoded pages, whose attributes are snake_case (`nextPageToken` is `next_page_token`)."""
    if isinstance(response, ir.ModelRef):
        for model in api.models:
            if model.name == response.name:
                for f in model.fields:
                    if f.wire_name == wire_name:
                        return f.name
    raise AssertionError(f"pagination token {wire_name!r} is not a field of {response}")


def _long_running_view(lr: ir.LongRunning | None) -> LongRunningView | None:
    if lr is None:
        return None
    return LongRunningView(
        result=CLIENT_TYPES.decoder(lr.response) if lr.response else "_rt.identity",
        metadata=CLIENT_TYPES.decoder(lr.metadata) if lr.metadata else "_rt.identity",
    )


def _method_doc(method: Method) -> str:
    op = method.operation
    if method.kind is MethodKind.UPLOAD and op.media_upload is not None:
        return _upload_doc(method, op.media_upload)
    if method.kind is MethodKind.DOWNLOAD and op.media_download is not None:
        return (
            f"{_sentence(op.summary)} Streams the bytes to `destination`.\n\n"
            "Args:\n"
            "    name: The resource's ID or full name.\n"
            "    destination: A path (written beside it and renamed into place when complete) "
            "or a binary file object.\n" + _documented(method) + "\n"
            "Returns the number of bytes written.\n\n"
            f"GET {op.media_download.path}?alt=media ({op.operation_id})."
        )
    if method.kind is MethodKind.WAIT and op.waiter is not None:
        w = op.waiter
        return (
            f"Poll until `{w.field.strip('/')}` is {' or '.join(w.ready)}, and return the "
            "resource.\n\n"
            "Args:\n"
            "    name: The resource's ID or full name.\n"
            "    timeout: Seconds to wait in all (None: no limit); then `APITimeoutError`.\n"
            "    poll_interval: Seconds between polls.\n" + _documented(method) + "\n"
            f"Raises `OperationFailedError` when it becomes {' or '.join(w.failed) or 'failed'}. "
            f"Polls {op.http_method} {op.path} ({op.operation_id})."
        )
    return _doc_text(method)


def _documented(method: Method) -> str:
    """Docstring lines for the arguments whose meaning the surface gives (`Argument.doc`)."""
    return "".join(_arg_doc(a.name, a.doc) + "\n" for a in method.arguments if a.doc)


def _upload_doc(method: Method, upload: ir.MediaUpload) -> str:
    op = method.operation
    lines = [
        "    file: A path, bytes or a seekable binary file object, read a chunk at a time.",
        "    mime_type: The bytes' media type; by default guessed from a path's extension, else "
        "application/octet-stream.",
    ]
    lines += [
        f"    {name}: Sets `{pointer}` of the metadata." for name, pointer in upload.arguments
    ]
    how = (
        "by the resumable protocol, which resumes after a broken connection where the "
        "server's copy ends"
        if "resumable" in upload.protocols
        else "in one multipart request"
    )
    if set(upload.protocols) == {"resumable", "multipart"}:
        how += "; a file that fits in one chunk goes in one multipart request instead"
    return (
        f"{_sentence(op.summary)} Uploads the bytes {how}.\n\n"
        "Args:\n" + "\n".join(lines) + "\n" + _documented(method) + "\n"
        f"POST {upload.path} ({op.operation_id})."
    )


def _sentence(text: str) -> str:
    return full_stop(text.strip())


def _doc_text(method: Method) -> str:
    op = method.operation
    parts = [t for t in (_sentence(op.summary), op.description) if t]
    if op.summary and op.description and op.description.startswith(op.summary):
        parts = [op.description]
    # In the signature's order: required arguments first.
    # The per-call options are the same everywhere: the class docstring tells them.
    lines = [
        _arg_doc(a.name, _argument_text(op, a))
        for a in method.arguments
        if a.role is not ArgumentRole.PER_CALL
    ]
    if lines:
        parts.append("Args:\n" + "\n".join(lines))
    if op.deprecated:
        parts.append("Deprecated.")
    parts.append(f"{op.http_method} {op.path} ({op.operation_id}).")
    if op.alternate_paths:
        # Which names route where is part of the method's contract.
        parts.append("Also served at: " + ", ".join(op.alternate_paths) + ".")
    return "\n\n".join(parts)


def _argument_text(op: ir.Operation, argument: Argument) -> str:
    if argument.param is None:
        return "The request body: a model instance or its JSON dict."
    text = argument.param.description
    if argument.param.wire_name == op.update_mask:
        text += " By default, the keys of a `request` dict."
    return text


def _arg_doc(name: str, description: str) -> str:
    text = " ".join(description.split()) or "See the API reference."
    return f"    {name}: {text}"
