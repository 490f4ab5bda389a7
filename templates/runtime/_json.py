"""JSON text in and out: parsing, compact writing, and the error for a bad shape.

`loads` and `dumps` give the results of `json.loads` and `json.dumps` (compact,
non-ASCII kept), faster on the common input. When `orjson` is installed, `dumps`
writes through it: the same JSON values, byte for byte the standard library's
text except that numbers below 1e-4 take orjson's spelling (`0.00001` and `1e-7`
where json writes `1e-05` and `1e-07`). What orjson cannot write as the API
expects (NaN and infinities, integers past 64 bits) goes the standard way.
Only httpx is required.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["ShapeError", "decode_data", "dumps", "json_type", "loads"]

T = TypeVar("T")


def _optional_orjson() -> Any:
    """The orjson module when installed, else None; looked up by name so that type
    checking the package needs no orjson either."""
    try:
        return importlib.import_module("orjson")
    except ImportError:
        return None


_orjson: Any = _optional_orjson()  # the optional accelerator: `pip install orjson`

_JSON_TYPE_NAMES = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
    list: "array",
    dict: "object",
}


def json_type(value: object) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


class ShapeError(ValueError):
    """A JSON payload does not have the shape the spec describes.

    `path` lists the keys and indexes from the top of the payload to the bad
    value; `str(error)` reads like `candidates[0].content.parts[2].text: expected
    string, got integer`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str | int] = []

    def at(self, segment: str | int) -> ShapeError:
        """Prepend one path segment while the error travels up; returns itself."""
        self.path.insert(0, segment)
        return self

    @property
    def location(self) -> str:
        text = ""
        for segment in self.path:
            if isinstance(segment, int):
                text += f"[{segment}]"
            else:
                text += f".{segment}" if text else segment
        return text

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.path else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_shape_error, (self.message, self.path))


def _rebuild_shape_error(message: str, path: list[str | int]) -> ShapeError:
    error = ShapeError(message)
    error.path = path
    return error


# The C scanner inside json.loads. Called directly on the common input (UTF-8, no
# space before the value), it skips json.loads's Python-level wrapper: about a
# microsecond, a quarter of the cost of parsing a small response.
_scan_once: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads(text: str | bytes) -> Any:
    """`json.loads`, with the same results and errors, faster on the common input; JSON
    nested deeper than the interpreter's recursion limit is a `ShapeError`."""
    try:
        try:
            string: str = text.decode() if isinstance(text, bytes) else text
            value, end = _scan_once(string, 0)
        except (StopIteration, ValueError, TypeError, AttributeError):
            # A BOM, another encoding, leading space, or invalid JSON: json.loads decides.
            return json.loads(text)
        if end != len(string) and string[end:].strip(" \t\n\r"):
            return json.loads(text)  # data after the value: json.loads raises the error
    except RecursionError as exc:
        raise _too_deep() from exc
    return value


def decode_data(data: Any, decode: Callable[[Any], T]) -> T:
    """`decode(data)`, with nesting too deep for the decoders as a `ShapeError`."""
    try:
        return decode(data)
    except RecursionError as exc:
        raise _too_deep() from exc


def _too_deep() -> ShapeError:
    return ShapeError("the JSON is nested deeper than the decoder can follow")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Compact JSON text; NaN and infinities in their proto3 JSON spelling ("NaN",
    "Infinity", "-Infinity"), since bare `NaN` is not JSON and servers reject it."""
    if indent is None and _orjson is not None:
        text = _orjson_text(value)
        if text is not None:
            return text
    try:
        return _encode(value, indent)
    except ValueError:
        pass  # a non-finite float somewhere: the rare case pays for a second pass
    return _encode(_finite(value), indent)


# orjson writes NaN and infinities as a `null` value, where proto3 JSON wants "NaN". Such
# text goes the standard way; a real null, or the word inside a string after one of
# these characters, only costs that slower path. These are looked for only when the word
# is in the text at all: the common text is scanned once, at memory speed.
_NULL_VALUES = (b":null", b",null", b"[null")


def _may_hold_null_value(data: bytes) -> bool:
    if b"null" not in data:
        return False
    return data == b"null" or any(needle in data for needle in _NULL_VALUES)


def _orjson_text(value: Any) -> str | None:
    """orjson's text; None where it may have written NaN or an infinity as null."""
    try:
        data: bytes = _orjson.dumps(value)
    except TypeError:
        return None  # integers past 64 bits, keys that are not strings, lone surrogates
    if _may_hold_null_value(data):
        return None
    return data.decode()


def _encode(value: Any, indent: int | None) -> str:
    if indent is None:
        return _encode_compact(value)
    return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)


def _unserializable(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _compact_encoder() -> Callable[[Any], str]:
    """Compact encoding through one encoder made up front: json.dumps makes a new one
    on every call, which is a third of the cost of serializing a small request."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without json's C accelerator
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    # No circular-reference bookkeeping (a shared table would outlive a failed call);
    # a cycle, impossible in to_dict() output, ends in RecursionError instead.
    encode = make(
        None, _unserializable, json.encoder.encode_basestring, None, ":", ",", False, False, False
    )

    def encode_compact(value: Any) -> str:
        return "".join(encode(value, 0))

    return encode_compact


_encode_compact = _compact_encoder()


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
