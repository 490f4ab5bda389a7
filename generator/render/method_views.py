"""Client methods as the templates see them: a `surface.Method` with its code pieces.

The signature comes from the surface; this module adds how the path, query and
headers are assembled, the decoder, and the docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from ..style.layout import inline_tuple
from ..style.literals import docstring, py_literal
from ..surface import CLIENT_TYPES, Argument, Method, Returns

__all__ = ["MethodView", "method_view"]


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
class MethodView:
    name: str
    http_method: str  # a string literal
    path: str  # a literal of the path template, or a tuple of them (`_path_templates`)
    path_params: tuple[tuple[str, str], ...]  # (wire literal, argument name)
    args: tuple[ArgumentView, ...]
    has_body: bool
    query: tuple[tuple[str, str], ...]  # (wire literal, argument name or constant literal)
    headers: tuple[tuple[str, str], ...]
    shape: str  # a `surface.ReturnShape` value
    decode: str
    content_type: str | None
    raw_response: bool
    returns: Returns
    docstring: str
    pagination: PaginationView | None
    long_running: LongRunningView | None


def method_view(api: ir.Api, method: Method) -> MethodView:
    op = method.operation
    by_location = {
        location: [p for p in op.params if p.location is location] for location in ir.ParamLocation
    }
    return MethodView(
        name=method.name,
        http_method=py_literal(op.http_method),
        path=_path_templates(op),
        path_params=tuple(
            (py_literal(p.wire_name), p.name) for p in by_location[ir.ParamLocation.PATH]
        ),
        args=tuple(ArgumentView(_declaration(a)) for a in method.arguments),
        has_body=op.request_body is not None,
        query=tuple(
            (py_literal(p.wire_name), py_literal(p.constant) if p.constant else p.name)
            for p in by_location[ir.ParamLocation.QUERY]
        ),
        headers=tuple(
            (py_literal(p.wire_name), p.name) for p in by_location[ir.ParamLocation.HEADER]
        ),
        shape=method.returns.shape.value,
        decode=_decoder(op),
        content_type=py_literal(op.request_media_type) if op.request_media_type else None,
        raw_response=op.response_raw,
        returns=method.returns,
        docstring=docstring(_doc_text(op), "        "),
        pagination=_pagination_view(api, op),
        long_running=_long_running_view(op.long_running),
    )


def _path_templates(op: ir.Operation) -> str:
    """The path template, or every template of a method reached under several patterns."""
    if not op.alternate_paths:
        return py_literal(op.path)
    return inline_tuple([py_literal(t) for t in (op.path, *op.alternate_paths)])


def _declaration(argument: Argument) -> str:
    if argument.optional:
        return f"{argument.name}: {argument.declared_annotation} = None"
    return f"{argument.name}: {argument.annotation}"


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


def _doc_text(op: ir.Operation) -> str:
    summary = (
        op.summary
        if not op.summary or op.summary.endswith((".", "!", "?", ":"))
        else op.summary + "."
    )
    parts = [t for t in (summary, op.description) if t]
    if op.summary and op.description and op.description.startswith(op.summary):
        parts = [op.description]
    lines = []
    for p in op.params:
        if p.constant is None:
            lines.append(_arg_doc(p.name, p.description))
    if op.request_body is not None:
        lines.append(_arg_doc("request", "The request body: a model instance or its JSON dict."))
    if lines:
        parts.append("Args:\n" + "\n".join(lines))
    if op.deprecated:
        parts.append("Deprecated.")
    parts.append(f"{op.http_method} {op.path} ({op.operation_id}).")
    if op.alternate_paths:
        # Which names route where is part of the method's contract.
        parts.append("Also served at: " + ", ".join(op.alternate_paths) + ".")
    return "\n\n".join(parts)


def _arg_doc(name: str, description: str) -> str:
    text = " ".join(description.split()) or "See the API reference."
    return f"    {name}: {text}"
