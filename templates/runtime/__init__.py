"""Runtime support shared by the generated subpackages. Not generated per spec; copied."""

from ._enums import WireEnum, WireIntEnum
from ._errors import ApiError, ShapeError, StreamError
from ._http import AsyncClientBase, Call, SyncClientBase, expand_path, to_body
from ._operations import AsyncOperationHandle, OperationHandle
from ._paging import AsyncPager, Pager
from ._streaming import AsyncStream, Stream
from ._wire import (
    StrInt,
    WireModel,
    decode_bytes,
    decode_list,
    decode_map,
    decode_union,
    encode_bytes,
    encode_int64,
    encode_value,
    expect_bool,
    expect_const,
    expect_float,
    expect_int,
    expect_int64,
    expect_object,
    expect_str,
    identity,
    ignore,
    json_type,
    unknown_fields,
)

__all__ = [
    "ApiError",
    "AsyncClientBase",
    "AsyncOperationHandle",
    "AsyncPager",
    "AsyncStream",
    "Call",
    "OperationHandle",
    "Pager",
    "ShapeError",
    "StrInt",
    "Stream",
    "StreamError",
    "SyncClientBase",
    "WireEnum",
    "WireIntEnum",
    "WireModel",
    "decode_bytes",
    "decode_list",
    "decode_map",
    "decode_union",
    "encode_bytes",
    "encode_int64",
    "encode_value",
    "expand_path",
    "expect_bool",
    "expect_const",
    "expect_float",
    "expect_int",
    "expect_int64",
    "expect_object",
    "expect_str",
    "identity",
    "ignore",
    "json_type",
    "to_body",
    "unknown_fields",
]
