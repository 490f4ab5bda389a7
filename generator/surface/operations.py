"""The render-stage view of an operation: the finished pieces of one client method.

Decides the method signature (keyword-only; path parameters first), how the
path, query and headers are assembled, and which runtime entry point the
method uses: a plain request, a server-sent event stream, a pager or a
long-running operation handle.
"""

from __future__ import annotations

import re
from typing import Any

from .. import ir
from ..style.literals import docstring, py_literal
from .types import TypeSpeller

__all__ = ["operation_view"]

_TEMPLATE_PARAM = re.compile(r"\{([^{}]+)\}")


def operation_view(api: ir.Api, op: ir.Operation, speller: TypeSpeller) -> dict[str, Any]:
    path_params = [p for p in op.params if p.location is ir.ParamLocation.PATH]
    query_params = [p for p in op.params if p.location is ir.ParamLocation.QUERY]
    header_params = [p for p in op.params if p.location is ir.ParamLocation.HEADER]
    # In a resource path (/tunedModels/{tunedModel}/permissions/{permission}) the last
    # parameter may carry the full resource name, so the ones before it are optional.
    resource = _is_resource_path(op.path) and len(path_params) > 1
    last_path = path_params[-1].wire_name if path_params else None
    args = []
    for p in path_params:
        optional = resource and p.wire_name != last_path
        args.append(_arg(p.name, speller.annotation(p.type), optional))
    if op.request_body is not None:
        body_type = f"{speller.annotation(op.request_body)} | Mapping[str, Any]"
        if op.request_body == ir.ScalarType(ir.Scalar.BYTES):
            body_type = "bytes | str"
        elif isinstance(op.request_body, ir.ScalarType):
            body_type = "Any"
        args.append(_arg("request", body_type, not op.request_required))
    for p in query_params + header_params:
        if p.constant is None:
            args.append(_arg(p.name, speller.annotation(p.type), not p.required))
    # Required keyword-only arguments read best first; their relative order is kept.
    args.sort(key=lambda a: a["optional"])
    query = [
        (py_literal(p.wire_name), py_literal(p.constant) if p.constant else p.name)
        for p in query_params
    ]
    headers = [(py_literal(p.wire_name), p.name) for p in header_params]
    kind = "request"
    if op.streaming:
        kind = "stream"
    elif op.pagination is not None:
        kind = "paginate"
    elif op.long_running is not None:
        kind = "long_running"
    return {
        "name": op.method_name,
        "http_method": py_literal(op.http_method),
        "path": py_literal(op.path),
        "path_params": [(py_literal(p.wire_name), p.name) for p in path_params],
        "args": args,
        "has_body": op.request_body is not None,
        "query": query,
        "headers": headers,
        "kind": kind,
        "decode": _decoder(op, speller),
        "content_type": py_literal(op.request_media_type) if op.request_media_type else None,
        "raw_response": op.response_raw,
        "returns": _returns(op, speller),
        "docstring": docstring(_doc_text(api, op), "        "),
        "pagination": _pagination_view(api, op),
        "long_running": _long_running_view(op.long_running, speller),
        "deprecated": op.deprecated,
    }


def _decoder(op: ir.Operation, speller: TypeSpeller) -> str:
    if op.response is None:
        return "_rt.ignore"
    if op.response_raw:
        return "_rt.identity"  # the body's bytes, as received
    return speller.decoder(op.response)


def _arg(name: str, annotation: str, optional: bool) -> dict[str, Any]:
    if optional:
        return {
            "name": name,
            "declaration": f"{name}: {annotation} | None = None",
            "optional": True,
        }
    return {"name": name, "declaration": f"{name}: {annotation}", "optional": False}


def _is_resource_path(path: str) -> bool:
    """Segments alternate collection / {parameter}, possibly ending in `:verb`."""
    segments = path.split(":")[0].strip("/").split("/")
    if len(segments) % 2:
        segments = segments[:-1]
    return all(
        not _TEMPLATE_PARAM.search(segments[i]) and _TEMPLATE_PARAM.fullmatch(segments[i + 1])
        for i in range(0, len(segments), 2)
    )


def _returns(op: ir.Operation, speller: TypeSpeller) -> dict[str, str]:
    response = speller.annotation(op.response) if op.response is not None else "None"
    if op.streaming:
        return {"sync": f"_rt.Stream[{response}]", "async": f"_rt.AsyncStream[{response}]"}
    if op.pagination is not None:
        item = speller.annotation(op.pagination.item_type)
        return {"sync": f"_rt.Pager[{item}]", "async": f"_rt.AsyncPager[{item}]"}
    if op.long_running is not None:
        lr = op.long_running
        result = speller.annotation(lr.response) if lr.response else "Any"
        metadata = speller.annotation(lr.metadata) if lr.metadata else "Any"
        return {
            "sync": f"_rt.OperationHandle[{result}, {metadata}]",
            "async": f"_rt.AsyncOperationHandle[{result}, {metadata}]",
        }
    return {"sync": response, "async": response}


def _pagination_view(api: ir.Api, op: ir.Operation) -> dict[str, str] | None:
    p = op.pagination
    if p is None:
        return None
    return {
        "token_param": py_literal(p.page_token_param),
        "items_field": py_literal(p.items_field),
        "next_token": py_literal(_attribute_of(api, op.response, p.next_token_field)),
    }


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


def _long_running_view(lr: ir.LongRunning | None, speller: TypeSpeller) -> dict[str, str] | None:
    if lr is None:
        return None
    return {
        "result": speller.decoder(lr.response) if lr.response else "_rt.identity",
        "metadata": speller.decoder(lr.metadata) if lr.metadata else "_rt.identity",
    }


def _doc_text(api: ir.Api, op: ir.Operation) -> str:
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
    return "\n\n".join(parts)


def _arg_doc(name: str, description: str) -> str:
    text = " ".join(description.split()) or "See the API reference."
    return f"    {name}: {text}"
