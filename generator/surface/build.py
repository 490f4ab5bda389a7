"""IR to the generated Python surface (`signatures`): names, arguments, annotations, shapes."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .. import ir
from .signatures import (
    CALL_OPTIONS,
    ApiSurface,
    Argument,
    ArgumentRole,
    Attribute,
    EnumSurface,
    Method,
    ModelSurface,
    Returns,
    ReturnShape,
)
from .transfers import download_method, upload_method, wait_method
from .types import TypeSpeller

__all__ = ["CLIENT_CLASSES", "CLIENT_TYPES", "MODEL_TYPES", "VERSION_EXPORTS", "build_surface"]

# How each generated module spells types: models.py and enums.py refer to their own
# classes; client.py reaches them through the `models` and `enums` modules.
MODEL_TYPES = TypeSpeller()
CLIENT_TYPES = TypeSpeller(model_prefix="models.", enum_prefix="enums.")
# The client classes of every API version, and what its package exports, by the module
# each name lives in (the extension checks and the package's `__init__` both need it).
CLIENT_CLASSES = ("AsyncClient", "Client")
VERSION_EXPORTS: Mapping[str, str] = MappingProxyType(
    {**dict.fromkeys(CLIENT_CLASSES, "client"), "enums": "enums", "models": "models"}
)
_ROLES = {
    ir.ParamLocation.PATH: ArgumentRole.PATH,
    ir.ParamLocation.QUERY: ArgumentRole.QUERY,
    ir.ParamLocation.HEADER: ArgumentRole.HEADER,
}


def build_surface(api: ir.Api) -> ApiSurface:
    return ApiSurface(
        module=api.module,
        methods=tuple(m for op in api.operations for m in _methods(api, op)),
        models=tuple(_model(m) for m in api.models),
        enums=tuple(EnumSurface(e.name, e.values, e) for e in api.enums),
        api=api,
    )


def _methods(api: ir.Api, op: ir.Operation) -> list[Method]:
    """The operation's own method, and those its extensions add."""
    arguments = _arguments(api, op)
    # The path arguments in the path's own order (the signature puts required ones first).
    by_name = {a.name: a for a in arguments}
    path_args = [by_name[p.name] for p in op.params if p.location is ir.ParamLocation.PATH]
    returns = _returns(op)
    if op.media_download is not None:
        # The JSON side of a download says nothing; the method returns the bytes.
        methods = [download_method(op, path_args)]
    else:
        methods = [Method(op.method_name, (*arguments, *CALL_OPTIONS), returns, op)]
    if op.media_upload is not None:
        methods.append(upload_method(op, CLIENT_TYPES, returns, path_args))
    if op.waiter is not None:
        methods.append(wait_method(op, path_args, returns))
    return methods


def _arguments(api: ir.Api, op: ir.Operation) -> tuple[Argument, ...]:
    """Keyword-only: path parameters, the body, then query and header parameters; the
    required ones first, each group keeping its order (they read best that way)."""
    path_params = [p for p in op.params if p.location is ir.ParamLocation.PATH]
    # With resource names, the last path parameter may carry the full name
    # (/tunedModels/{tunedModel}/permissions/{permission}), so the ones before it are optional.
    resource = (
        api.conventions.resource_names and _is_resource_path(op.path) and len(path_params) > 1
    )
    arguments = [_argument(p, optional=resource and p is not path_params[-1]) for p in path_params]
    if op.request_body is not None:
        arguments.append(
            Argument(
                "request",
                _body_annotation(op.request_body),
                not op.request_required,
                ArgumentRole.BODY,
                None,
            )
        )
    arguments += [
        # An update mask the client can work out from the body need not be given.
        _argument(p, optional=not p.required or p.wire_name == op.update_mask)
        for p in op.params
        if p.location is not ir.ParamLocation.PATH and p.constant is None
    ]
    return tuple(sorted(arguments, key=lambda a: a.optional))


def _argument(p: ir.Param, optional: bool) -> Argument:
    return Argument(p.name, CLIENT_TYPES.annotation(p.type), optional, _ROLES[p.location], p)


def _body_annotation(body: ir.TypeExpr) -> str:
    if body == ir.ScalarType(ir.Scalar.BYTES):
        return "bytes | str"
    if isinstance(body, ir.ScalarType):
        return "Any"
    return f"{CLIENT_TYPES.annotation(body)} | Mapping[str, Any]"


def _is_resource_path(path: str) -> bool:
    """Segments alternate collection / {parameter}, possibly ending in `:verb`."""
    segments = path.split(":")[0].strip("/").split("/")
    if len(segments) % 2:
        segments = segments[:-1]
    return all(
        not ir.PATH_PARAMETER.search(segments[i]) and ir.PATH_PARAMETER.fullmatch(segments[i + 1])
        for i in range(0, len(segments), 2)
    )


def _returns(op: ir.Operation) -> Returns:
    spell = CLIENT_TYPES.annotation
    if op.streaming:
        item = spell(op.response) if op.response is not None else "None"
        return Returns(
            ReturnShape.STREAM, f"_rt.Stream[{item}]", f"_rt.AsyncStream[{item}]", (item,)
        )
    if op.pagination is not None:
        item = spell(op.pagination.item_type)
        return Returns(ReturnShape.PAGER, f"_rt.Pager[{item}]", f"_rt.AsyncPager[{item}]", (item,))
    if op.long_running is not None:
        lr = op.long_running
        result = spell(lr.response) if lr.response else "Any"
        metadata = spell(lr.metadata) if lr.metadata else "Any"
        return Returns(
            ReturnShape.OPERATION,
            f"_rt.OperationHandle[{result}, {metadata}]",
            f"_rt.AsyncOperationHandle[{result}, {metadata}]",
            (result, metadata),
        )
    response = spell(op.response) if op.response is not None else "None"
    return Returns(ReturnShape.PLAIN, response, response)


def _model(m: ir.Model) -> ModelSurface:
    return ModelSurface(m.name, tuple(_attribute(f) for f in m.fields), m)


def _attribute(f: ir.Field) -> Attribute:
    # One class serves requests and responses. A required read-only field is never
    # needed to build a request, and a required write-only one never comes back in a
    # response (OpenAPI's rule), so neither is required of the Python object.
    required = f.required and not f.read_only and not f.write_only
    annotation = (MODEL_TYPES.annotation if required else MODEL_TYPES.optional_annotation)(f.type)
    return Attribute(f.name, annotation, required, f)
