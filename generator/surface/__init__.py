"""Stage 3, surface: the IR as the Python API it becomes (see `signatures`)."""

from .build import CLIENT_CLASSES, CLIENT_TYPES, MODEL_TYPES, VERSION_EXPORTS, build_surface
from .signatures import (
    CALL_OPTIONS,
    ApiSurface,
    Argument,
    ArgumentRole,
    Attribute,
    EnumSurface,
    Method,
    MethodKind,
    ModelSurface,
    Returns,
    ReturnShape,
)
from .types import TypeSpeller

__all__ = [
    "CALL_OPTIONS",
    "CLIENT_CLASSES",
    "CLIENT_TYPES",
    "MODEL_TYPES",
    "VERSION_EXPORTS",
    "ApiSurface",
    "Argument",
    "ArgumentRole",
    "Attribute",
    "EnumSurface",
    "Method",
    "MethodKind",
    "ModelSurface",
    "ReturnShape",
    "Returns",
    "TypeSpeller",
    "build_surface",
]
