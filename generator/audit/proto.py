"""`proto:google.ai.generativelanguage_v1beta`: the installed client package as a source.

Bindings come from each service's `transports/rest_base.py`, whose `_Base<Method>` classes
carry the `google.api.http` options (primary and additional bindings) as
`_get_http_options()`; calling that static method is more robust than parsing the file.
Request and response types come from the typed method properties of the transport base
class, and long-running result types from the client's `operation.from_gapic(...)` call.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import typing
from pathlib import Path
from typing import Any

from .model import ApiSurface, Binding, LongRunning, Method, Parameter
from .paths import path_variables, template_segments
from .proto_types import ProtoCatalog, json_name

__all__ = ["PROTO_PREFIX", "ProtoSourceError", "read_proto_package"]

PROTO_PREFIX = "proto:"
_OPERATION = "google.longrunning.Operation"


class ProtoSourceError(Exception):
    """The named module is not an installed client package with REST transports."""


def read_proto_package(module_name: str) -> ApiSurface:
    version = _version_of(module_name)
    try:
        services = importlib.import_module(f"{module_name}.services")
    except ImportError as exc:
        raise ProtoSourceError(f"cannot import {module_name}.services: {exc}") from None
    catalog = ProtoCatalog(types_module=_types_module(module_name))
    methods: dict[tuple[str, tuple[Binding, ...]], Method] = {}
    for service in sorted(m.name for m in pkgutil.iter_modules(services.__path__)):
        for method in _service_methods(module_name, service, version, catalog):
            # The operations mixin is repeated in every service: keep the first copy.
            methods.setdefault((method.name, method.bindings), method)
    origin = PROTO_PREFIX + module_name
    return ApiSurface(version, origin, tuple(methods.values()), catalog.messages, catalog.enums)


def _version_of(module_name: str) -> str:
    match = re.search(r"_(v\d+\w*)$", module_name)
    if match is None:
        raise ProtoSourceError(f"{module_name}: no API version at the end of the module name")
    return match.group(1)


def _service_methods(
    module_name: str, service: str, version: str, catalog: ProtoCatalog
) -> list[Method]:
    prefix = f"{module_name}.services.{service}"
    try:
        rest_base = importlib.import_module(f"{prefix}.transports.rest_base")
    except ImportError:
        return []  # a service without REST transport has no HTTP bindings to compare
    transport = next(
        (
            c
            for n, c in vars(rest_base).items()
            if n.endswith("RestTransport") and inspect.isclass(c)
        ),
        None,
    )
    if transport is None:
        return []
    client_tree = _client_tree(prefix)
    methods = []
    for attribute, inner in sorted(vars(transport).items()):
        options = getattr(inner, "_get_http_options", None)
        if not attribute.startswith("_Base") or options is None:
            continue  # bidirectional streaming methods have no HTTP binding
        rpc = attribute.removeprefix("_Base")
        signature = _signature(transport, rpc)
        if signature is None:
            continue
        where = f"{service}.{rpc}"
        methods.append(_method(rpc, options(), signature, version, catalog, client_tree, where))
    return methods


def _method(
    rpc: str,
    http_options: list[dict[str, str]],
    signature: tuple[Any, Any],
    version: str,
    catalog: ProtoCatalog,
    client_tree: ast.Module | None,
    where: str,
) -> Method:
    request_cls, response_cls = signature
    request = catalog.add_message(request_cls)
    # Cancel and delete of operations return nothing at all.
    response = catalog.add_message(response_cls) if response_cls is not type(None) else ""
    bindings = tuple(
        Binding(o["method"].upper(), template_segments(o["uri"], version)) for o in http_options
    )
    bound = {v for o in http_options for v in path_variables(o["uri"])}
    body = http_options[0].get("body", "") if http_options else ""
    message = catalog.messages[request]
    body_name = request
    query: tuple[Parameter, ...] = ()
    path_fields: frozenset[str] = frozenset()
    top_bound = {json_name(v.split(".", 1)[0]) for v in bound}
    if body == "*":
        path_fields = frozenset(top_bound)
    else:
        body_field = message.field(json_name(body)) if body else None
        body_name = body_field.type.ref if body_field is not None else ""
        prefix = body + "."
        path_fields = frozenset(
            json_name(v.removeprefix(prefix)) for v in bound if v.startswith(prefix)
        )
        query = tuple(
            Parameter(f.name, f.type, f.where)
            for f in message.fields
            if f.name not in top_bound and (body_field is None or f.name != body_field.name)
        )
    long_running = None
    if response == _OPERATION:
        long_running = _operation_info(client_tree, _snake(rpc), catalog)
    return Method(
        name=rpc[:1].lower() + rpc[1:],
        bindings=bindings,
        request=body_name,
        response=response,
        where=where,
        query=query,
        path_fields=path_fields,
        long_running=long_running,
    )


def _signature(transport: type, rpc: str) -> tuple[Any, Any] | None:
    """(request class, response class) from `Callable[[Request], Union[Response, ...]]`."""
    prop = getattr(transport, _snake(rpc), None)
    if not isinstance(prop, property) or prop.fget is None:
        return None
    try:
        hint = typing.get_type_hints(prop.fget)["return"]
    except (KeyError, NameError, TypeError):
        return None
    arguments, result = typing.get_args(hint)
    response = typing.get_args(result)[0] if typing.get_args(result) else result
    return arguments[0], response


def _operation_info(
    tree: ast.Module | None, method: str, catalog: ProtoCatalog
) -> LongRunning | None:
    """The result and metadata types of `operation.from_gapic(response, client, Result,
    metadata_type=Metadata)` inside the client's `method`; None when not found."""
    if tree is None:
        return None
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef) or function.name != method:
            continue
        for call in ast.walk(function):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "from_gapic"
                and len(call.args) >= 3
            ):
                metadata = next((k.value for k in call.keywords if k.arg == "metadata_type"), None)
                return LongRunning(_leaf(call.args[2], catalog), _leaf(metadata, catalog))
    return None


def _leaf(node: ast.expr | None, catalog: ProtoCatalog) -> str:
    """The message a `module.Name` expression names: a known message with that last part,
    else the class of that name exported by the package's `types`, added to the catalog."""
    if not isinstance(node, ast.Attribute | ast.Name):
        return ""
    name = node.attr if isinstance(node, ast.Attribute) else node.id
    known = next((m for m in catalog.messages if m.rsplit(".", 1)[-1] == name), None)
    if known is not None:
        return known
    cls = getattr(catalog.types_module, name, None)
    return catalog.add_message(cls) if inspect.isclass(cls) else name


def _client_tree(prefix: str) -> ast.Module | None:
    try:
        client = importlib.import_module(f"{prefix}.client")
        source = Path(inspect.getfile(client)).read_text(encoding="utf-8")
        return ast.parse(source)
    except (ImportError, OSError, SyntaxError, TypeError):
        return None


def _types_module(module_name: str) -> Any:
    try:
        return importlib.import_module(f"{module_name}.types")
    except ImportError:
        return None


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()
