"""Runtime support shared by the generated subpackages. Not generated per spec; copied."""

from ._call import Call, expand_path, field_mask, to_body
from ._enums import WireEnum, WireIntEnum, decode_enum
from ._errors import ApiError, ShapeError, StreamError
from ._http import AsyncClientBase, SyncClientBase
from ._json import json_type
from ._media import Destination, UploadFile, at_pointer, nest
from ._operations import AsyncOperationHandle, OperationHandle
from ._options import NOT_GIVEN, NotGiven, Options
from ._paging import AsyncPager, Pager
from ._raw import AsyncRawResponse, RawClientBase, RawResponse, async_raw_method, raw_method
from ._retry import RetryPolicy
from ._streaming import AsyncStream, Stream
from ._timeouts import TimeoutArg
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
    enum_to_wire,
    expect_bool,
    expect_const,
    expect_float,
    expect_int,
    expect_int32,
    expect_int64,
    expect_object,
    expect_str,
    expect_uint32,
    expect_uint64,
    identity,
    ignore,
    unknown_fields,
)

__all__ = [
    "NOT_GIVEN",
    "ApiError",
    "AsyncClientBase",
    "AsyncOperationHandle",
    "AsyncPager",
    "AsyncRawResponse",
    "AsyncStream",
    "Call",
    "Destination",
    "NotGiven",
    "OperationHandle",
    "Options",
    "Pager",
    "RawClientBase",
    "RawResponse",
    "RetryPolicy",
    "ShapeError",
    "StrInt",
    "Stream",
    "StreamError",
    "SyncClientBase",
    "TimeoutArg",
    "UploadFile",
    "WireEnum",
    "WireIntEnum",
    "WireModel",
    "async_raw_method",
    "at_pointer",
    "decode_bytes",
    "decode_enum",
    "decode_list",
    "decode_map",
    "decode_union",
    "encode_bytes",
    "encode_int64",
    "encode_value",
    "enum_to_wire",
    "expand_path",
    "expect_bool",
    "expect_const",
    "expect_float",
    "expect_int",
    "expect_int32",
    "expect_int64",
    "expect_object",
    "expect_str",
    "expect_uint32",
    "expect_uint64",
    "field_mask",
    "identity",
    "ignore",
    "json_type",
    "nest",
    "raw_method",
    "to_body",
    "unknown_fields",
]
