"""The generated Python surface as typed data: what users call and import.

Built once from the IR (`surface.build`) and read by both the templates (through
`render.views`) and `diff`, so what the diff calls breaking is what is emitted.
Annotations are spelled as they appear in the generated modules; each element
keeps its IR node for documentation and wire details.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .. import ir

__all__ = [
    "CALL_OPTIONS",
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
]


class ArgumentRole(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    BODY = "body"
    MEDIA = "media"  # the bytes to upload, or where downloaded bytes go
    FIELD = "field"  # fills one field of an upload's metadata body
    OPTION = "option"  # a setting of the call itself (a MIME type, a timeout)
    PER_CALL = "per_call"  # one of the options every method takes (`CALL_OPTIONS`)


@dataclass(frozen=True, slots=True)
class Argument:
    """One keyword-only argument of a client method."""

    name: str
    annotation: str  # without the `| None` an optional argument adds
    optional: bool
    role: ArgumentRole
    param: ir.Param | None  # the spec parameter it carries, if any
    positional: bool = False  # before the `*` (upload_file(path), download_file(name, ...))
    default: str | None = None  # as code; an optional argument without one defaults to None
    # What it means, for an argument that carries no spec parameter and means something of
    # its own here (a transfer's `timeout=`); the docstring and the reference page show it.
    doc: str = ""

    @property
    def declared_annotation(self) -> str:
        return f"{self.annotation} | None" if self.optional else self.annotation

    @property
    def declared_default(self) -> str | None:
        return self.default or ("None" if self.optional else None)

    @property
    def declaration(self) -> str:
        """As in the signature: `name: annotation`, with ` = default` when it has one."""
        default = self.declared_default
        declared = f"{self.name}: {self.declared_annotation}"
        return declared if default is None else f"{declared} = {default}"


# Every generated call method ends with these (the fields of the runtime's `Options`,
# which a test holds them to); the method passes them on as one `_rt.Options`.
CALL_OPTIONS = (
    Argument(
        "timeout",
        "_rt.TimeoutArg | _rt.NotGiven",
        False,
        ArgumentRole.PER_CALL,
        None,
        default="_rt.NOT_GIVEN",
    ),
    Argument("extra_headers", "Mapping[str, str | None]", True, ArgumentRole.PER_CALL, None),
    Argument("extra_query", "Mapping[str, Any]", True, ArgumentRole.PER_CALL, None),
    Argument("extra_body", "Mapping[str, Any]", True, ArgumentRole.PER_CALL, None),
)


class MethodKind(enum.Enum):
    CALL = "call"  # one operation, called as the spec describes it
    UPLOAD = "upload"  # sends a file's bytes by the operation's `x-media-upload`
    DOWNLOAD = "download"  # streams the bytes of the operation's `x-media-download`
    WAIT = "wait"  # polls the operation until its `x-wait` field is ready


class ReturnShape(enum.Enum):
    PLAIN = "plain"  # the decoded response
    STREAM = "stream"  # server-sent events, one decoded item each
    PAGER = "pager"  # every item of every page, fetched lazily
    OPERATION = "operation"  # a long-running operation handle


@dataclass(frozen=True, slots=True)
class Returns:
    shape: ReturnShape
    sync: str  # the annotation on `Client`
    asynchronous: str  # ... and on `AsyncClient`
    # What a stream or pager yields, or an operation's result and metadata, as annotations.
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Method:
    """A method of `Client` and `AsyncClient`: arguments in their emitted order."""

    name: str
    arguments: tuple[Argument, ...]
    returns: Returns
    operation: ir.Operation
    kind: MethodKind = MethodKind.CALL


@dataclass(frozen=True, slots=True)
class Attribute:
    """A field of a generated model class."""

    name: str
    annotation: str  # as declared: an optional field's includes `| None`
    required: bool  # a constructor argument without a default
    field: ir.Field

    @property
    def declaration(self) -> str:
        """As in `__init__`: `name: annotation`, with ` = None` when it is optional."""
        declared = f"{self.name}: {self.annotation}"
        return declared if self.required else f"{declared} = None"


@dataclass(frozen=True, slots=True)
class ModelSurface:
    name: str
    attributes: tuple[Attribute, ...]  # in spec order
    model: ir.Model


@dataclass(frozen=True, slots=True)
class EnumSurface:
    name: str
    members: tuple[ir.EnumValue, ...]
    enum: ir.Enum


@dataclass(frozen=True, slots=True)
class ApiSurface:
    """One API version's subpackage: its client methods, models and enums."""

    module: str
    methods: tuple[Method, ...]
    models: tuple[ModelSurface, ...]
    enums: tuple[EnumSurface, ...]
    api: ir.Api
