"""SOURCE arguments to `ApiSurface`s: a Discovery document, an OpenAPI 3.0 export, or
`proto:<module>`. Problems become located diagnostics, never tracebacks."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..spec.load import load_spec
from .discovery import read_discovery
from .model import ApiSurface
from .openapi30 import read_openapi30
from .proto import PROTO_PREFIX, ProtoSourceError, read_proto_package

__all__ = ["read_source"]


def read_source(source: str, diagnostics: Diagnostics) -> ApiSurface | None:
    if source.startswith(PROTO_PREFIX):
        module = source.removeprefix(PROTO_PREFIX)
        try:
            return read_proto_package(module)
        except ProtoSourceError as exc:
            diagnostics.error(source, "#", str(exc))
            return None
    document = load_spec(Path(source), diagnostics)
    if document is None:
        return None
    data = document.data
    if "discoveryVersion" in data or data.get("kind") == "discovery#restDescription":
        surface = read_discovery(document)
        version_pointer = "#/version"
    elif str(data.get("openapi", "")).startswith("3.0"):
        surface = read_openapi30(document)
        version_pointer = "#/info/version"
    else:
        diagnostics.error(
            document.name, "#",
            "not a Discovery document (no discoveryVersion) nor an OpenAPI 3.0 document",
            document.line_of("#") or 1,
        )  # fmt: skip
        return None
    if not surface.version:
        line = document.line_of(version_pointer)
        diagnostics.error(document.name, version_pointer, "the API version is missing", line)
        return None
    return surface
