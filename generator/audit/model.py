"""The shape both sides of an audit are read into: methods, messages and enums.

Every reader (Discovery, OpenAPI 3.0 export, installed proto package, our spec) produces an
`ApiSurface`, so the comparison never knows where a side came from. `where` is a location
to print: a JSON pointer in our spec, or a readable place in the source.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "STANDARD_PARAMETERS",
    "ApiSurface",
    "Binding",
    "EnumType",
    "Field",
    "LongRunning",
    "Message",
    "Method",
    "Parameter",
    "TypeRef",
]

# Google's system parameters, accepted by every method; no side's comparison counts them.
STANDARD_PARAMETERS = frozenset(
    {
        "$.xgafv", "alt", "callback", "fields", "key", "access_token", "oauth_token",
        "prettyPrint", "quotaUser", "upload_protocol", "uploadType",
    }
)  # fmt: skip

# The common type vocabulary: every source's types and formats are mapped onto these kinds.
SCALAR_KINDS = frozenset(
    {
        "string", "int32", "int64", "uint32", "uint64", "float", "double", "bool",
        "bytes", "any", "timestamp", "duration", "field-mask",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A field's type. `kind` is a scalar kind, "message", "enum" or "map"; `ref` names the
    message or enum; `value` is a map's value type; `repeated` marks a list."""

    kind: str
    ref: str = ""
    repeated: bool = False
    value: TypeRef | None = None

    def describe(self) -> str:
        if self.kind == "map" and self.value is not None:
            text = f"map<string, {self.value.describe()}>"
        elif self.kind in ("message", "enum"):
            text = f"{self.kind}({self.ref})"
        else:
            text = self.kind
        return f"repeated {text}" if self.repeated else text

    def shape(self) -> str:
        """What two sides must agree on; names of messages and enums may differ."""
        if self.kind == "map" and self.value is not None:
            text = f"map<{self.value.shape()}>"
        else:
            text = self.kind
        return f"repeated {text}" if self.repeated else text


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the JSON (wire) name, lowerCamelCase
    type: TypeRef
    where: str


@dataclass(frozen=True, slots=True)
class Message:
    name: str
    fields: tuple[Field, ...]
    where: str

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    values: tuple[str, ...]
    where: str


@dataclass(frozen=True, slots=True)
class Binding:
    """One HTTP binding: the verb in upper case and the path as literal or `*` segments
    (`**` for a reserved expansion whose segments are unknown), custom verb as `:name`."""

    verb: str
    segments: tuple[str, ...]

    def display(self) -> str:
        path = "/".join(s for s in self.segments if not s.startswith(":"))
        verb = "".join(s for s in self.segments if s.startswith(":"))
        return f"{self.verb} /{path}{verb}"


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: TypeRef
    where: str


@dataclass(frozen=True, slots=True)
class LongRunning:
    response: str  # message names; empty when unknown
    metadata: str


@dataclass(frozen=True, slots=True)
class Method:
    """One method with all its bindings. `request` is the message sent as the body (already
    narrowed to the body field when only one field is the body); `path_fields` are the
    request fields that travel in the URL instead."""

    name: str
    bindings: tuple[Binding, ...]
    request: str
    response: str
    where: str
    query: tuple[Parameter, ...] = ()
    path_fields: frozenset[str] = frozenset()
    upload_paths: tuple[tuple[str, ...], ...] = ()
    download: bool = False
    long_running: LongRunning | None = None


@dataclass(frozen=True, slots=True)
class ApiSurface:
    version: str
    origin: str  # a file name or `proto:module`, for messages
    methods: tuple[Method, ...]
    messages: dict[str, Message]
    enums: dict[str, EnumType]
