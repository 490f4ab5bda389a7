"""The intermediate representation: what the specs mean, independent of OpenAPI and Python syntax.

Frozen, tuple-based, and built only by `parser`. Every node carries its
`Source` (spec file and JSON pointer) so any later message can say where it came
from. Nothing here returns code: rendering decides how the IR is spelled.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TypeAlias

from .conventions import Conventions

__all__ = [
    "PATH_PARAMETER",
    "Api",
    "ArrayType",
    "ConstType",
    "Enum",
    "EnumRef",
    "EnumValue",
    "Field",
    "LongRunning",
    "MapType",
    "MediaDownload",
    "MediaUpload",
    "Model",
    "ModelRef",
    "NullableType",
    "Operation",
    "Pagination",
    "Param",
    "ParamLocation",
    "Scalar",
    "ScalarType",
    "SecurityScheme",
    "Server",
    "Source",
    "TypeExpr",
    "UnionType",
    "Waiter",
]

# A `{name}` placeholder of a path template (`Operation.path` and the like), from the
# spec's paths through to the client's routing; group 1 is the name.
PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    pointer: str


class Scalar(enum.Enum):
    STRING = "string"
    INTEGER = "integer"  # int32 and plain integers: always a JSON number
    INT64 = "int64"  # may arrive as a JSON string (the proto3 JSON mapping)
    NUMBER = "number"
    BOOLEAN = "boolean"
    BYTES = "bytes"  # base64 on the wire
    DATETIME = "date-time"  # RFC 3339 text, kept exactly as sent
    DURATION = "duration"  # protobuf duration text such as "3.5s"
    ANY = "any"  # free-form JSON value


@dataclass(frozen=True, slots=True)
class ScalarType:
    scalar: Scalar
    format: str | None = None


@dataclass(frozen=True, slots=True)
class ModelRef:
    name: str


@dataclass(frozen=True, slots=True)
class EnumRef:
    name: str


@dataclass(frozen=True, slots=True)
class ArrayType:
    items: TypeExpr


@dataclass(frozen=True, slots=True)
class MapType:
    values: TypeExpr


@dataclass(frozen=True, slots=True)
class ConstType:
    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class NullableType:
    inner: TypeExpr


@dataclass(frozen=True, slots=True)
class UnionType:
    variants: tuple[TypeExpr, ...]
    # Wire property naming the variant, and which value selects which variant (index).
    discriminator: str | None = None
    mapping: tuple[tuple[str, int], ...] = ()


TypeExpr: TypeAlias = (
    ScalarType | ModelRef | EnumRef | ArrayType | MapType | ConstType | NullableType | UnionType
)


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # Python attribute, snake_case, unique in its model
    wire_name: str  # JSON key, exactly as in the spec
    type: TypeExpr
    required: bool
    read_only: bool
    write_only: bool
    deprecated: bool
    description: str
    default: object  # a JSON value; meaningful only when has_default
    has_default: bool
    source: Source


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    description: str
    fields: tuple[Field, ...]
    deprecated: bool
    source: Source


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str  # Python member name
    value: str | int
    description: str
    source: Source  # the value's place in the spec's `enum` list


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    is_integer: bool
    values: tuple[EnumValue, ...]
    description: str
    source: Source


class ParamLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class Param:
    name: str  # Python keyword argument
    wire_name: str
    location: ParamLocation
    type: TypeExpr
    required: bool
    description: str
    deprecated: bool
    # A query parameter the client always sends with this value (e.g. alt=sse).
    constant: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class Pagination:
    page_token_param: str  # wire name of the request's page token
    page_size_param: str | None
    next_token_field: str  # wire name in the response
    items_field: str  # Python attribute of the response holding the items
    item_type: TypeExpr


@dataclass(frozen=True, slots=True)
class LongRunning:
    response: TypeExpr | None
    metadata: TypeExpr | None


@dataclass(frozen=True, slots=True)
class MediaUpload:
    """`x-media-upload`: the bytes go to another endpoint, resumable or multipart."""

    method_name: str  # the generated upload method
    path: str  # relative to the server's host, e.g. /upload/v1beta/files
    protocols: tuple[str, ...]  # "resumable", "multipart"
    # Keyword arguments that fill fields of the metadata body: (argument, JSON pointer).
    arguments: tuple[tuple[str, str], ...]
    result: str  # JSON pointer into the final response to return; "" for all of it
    # The types at those pointers, once the schemas are built (None: not a typed field).
    argument_types: tuple[TypeExpr | None, ...] = ()
    result_type: TypeExpr | None = None


@dataclass(frozen=True, slots=True)
class MediaDownload:
    """`x-media-download`: the bytes come from another path, with `alt=media`."""

    path: str  # relative to the server's host


@dataclass(frozen=True, slots=True)
class Waiter:
    """`x-wait`: poll this operation until a field reaches a ready or failed value."""

    method_name: str
    field: str  # JSON pointer into the response
    ready: tuple[str, ...]
    failed: tuple[str, ...]
    error: str  # JSON pointer to a google.rpc.Status to raise on failure; "" for none


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method_name: str
    http_method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    request_body: TypeExpr | None
    request_required: bool
    # Media type of the body when it is not JSON (form, multipart, raw bytes or text).
    request_media_type: str | None
    response: TypeExpr | None
    # True when the success response is not JSON: the method returns the raw bytes.
    response_raw: bool
    streaming: bool
    pagination: Pagination | None
    long_running: LongRunning | None
    source: Source
    # Other path templates that reach the same method (`x-additional-paths`), ending in
    # the same parameter; the client picks one by the full resource name given for it.
    alternate_paths: tuple[str, ...] = ()
    media_upload: MediaUpload | None = None
    media_download: MediaDownload | None = None
    waiter: Waiter | None = None
    # The update-mask query parameter (wire name) that defaults to the body's fields.
    update_mask: str | None = None
    # Sending it twice has the effect of sending it once (RFC 9110 section 9.2.2): GET,
    # HEAD, PUT, DELETE, OPTIONS, or an operation marked `x-idempotent`. The client
    # re-sends only these after a connection failed once the server had the request.
    idempotent: bool = False


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    kind: str  # apiKey, http, oauth2, openIdConnect, mutualTLS
    location: str | None  # header, query, cookie for apiKey
    parameter: str | None  # header or query name for apiKey
    source: Source


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    description: str


@dataclass(frozen=True, slots=True)
class Api:
    module: str  # subpackage name, from the spec's version
    title: str
    version: str
    description: str
    spec_file: str
    spec_sha256: str
    servers: tuple[Server, ...]
    security: tuple[SecurityScheme, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    operations: tuple[Operation, ...]
    conventions: Conventions  # the API family's conventions (generator/conventions.py)
