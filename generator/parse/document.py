"""What a spec says about the API as a whole: servers, security schemes, and the
valid parts no client code is generated for (said, with where, never dropped)."""

from __future__ import annotations

from typing import Any

from .. import ir
from ..diagnostics import Diagnostics, join_pointer
from ..spec.load import SpecDocument
from ..spec.operations import HTTP_METHODS
from ..spec.refs import follow_refs
from .shapes import spec_text

__all__ = ["report_not_generated", "security_schemes", "servers"]


def report_not_generated(document: SpecDocument, diagnostics: Diagnostics) -> None:
    """Valid parts of a spec the client does not cover: said, with where, never dropped silently."""
    data = document.data
    if isinstance(data.get("webhooks"), dict) and data["webhooks"]:
        diagnostics.warning(
            document.location,
            "#/webhooks",
            "webhooks are requests the API sends; no client code is generated for them",
            document.line_of("#/webhooks"),
        )
    paths = data.get("paths") if isinstance(data.get("paths"), dict) else {}
    for path, item in paths.items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict) and operation.get("callbacks"):
                where = join_pointer("#/paths", path, method, "callbacks")
                diagnostics.warning(
                    document.location,
                    where,
                    "callbacks are requests the API sends; not generated",
                    document.line_of(where),
                )
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for name, scheme in (schemes or {}).items() if isinstance(schemes, dict) else ():
        if isinstance(scheme, dict) and scheme.get("type") != "apiKey":
            where = join_pointer("#/components/securitySchemes", name)
            diagnostics.warning(
                document.location,
                where,
                f"security scheme type {scheme.get('type')!r}: the client sends API keys only; "
                "pass other credentials with default_headers or an http_client",
                document.line_of(where),
            )


def servers(data: dict[str, Any]) -> tuple[ir.Server, ...]:
    servers = data.get("servers")
    servers = servers if isinstance(servers, list) else []
    return tuple(
        ir.Server(str(s["url"]), spec_text(s.get("description")))
        for s in servers
        if isinstance(s, dict) and isinstance(s.get("url"), str)
    )


def security_schemes(document: SpecDocument) -> tuple[ir.SecurityScheme, ...]:
    components = document.data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return ()
    result = []
    for name, scheme in schemes.items():
        scheme = follow_refs(document.data, scheme)
        result.append(
            ir.SecurityScheme(
                name=str(name),
                kind=str(scheme.get("type", "")),
                location=scheme.get("in") if isinstance(scheme.get("in"), str) else None,
                parameter=scheme.get("name") if isinstance(scheme.get("name"), str) else None,
                source=ir.Source(document.name, join_pointer("#/components/securitySchemes", name)),
            )
        )
    return tuple(result)
