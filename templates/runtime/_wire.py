"""Decoding and encoding between JSON values and the generated models.

Generated `from_dict` methods call these small checkers for every field; they
are plain functions with a fast path first, so parsing costs little more than
`json.loads`. Errors carry the JSON path of the offending value.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from ._drift import note_unknown_fields

__all__ = [
    "ShapeError",
    "StrInt",
    "WireModel",
    "decode_bytes",
    "decode_data",
    "decode_list",
    "decode_map",
    "decode_union",
    "dumps",
    "encode_bytes",
    "encode_int64",
    "encode_value",
    "enum_to_wire",
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
    "identity",
    "ignore",
    "json_type",
    "loads",
    "unknown_fields",
]

T = TypeVar("T")
M = TypeVar("M", bound="WireModel")

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


def _expected(kind: str, value: object) -> ShapeError:
    return ShapeError(f"expected {kind}, got {json_type(value)}")


class StrInt(int):
    """An int64 that arrived as a JSON string (the proto3 JSON form); written back as one."""

    __slots__ = ()


class _SpelledInt(StrInt):
    """An int64 string in a non-canonical spelling ("007"), written back exactly as it came."""

    wire: str


class _SpelledBytes(bytes):
    """Bytes whose base64 arrived unpadded or URL-safe, written back in that spelling."""

    wire: str


def identity(value: T) -> T:
    return value


def ignore(value: Any) -> None:
    """Decoder for operations whose response has no schema (an empty body)."""
    return None


def expect_str(value: Any) -> str:
    if value.__class__ is str:
        return value
    raise _expected("string", value)


def expect_int(value: Any) -> int:
    if value.__class__ is int:
        return value
    raise _expected("integer", value)


# The bounds of the integer formats: int32 is [-2**31, 2**31), uint32 [0, 2**32), ...
_2_31, _2_32, _2_63, _2_64 = 2**31, 2**32, 2**63, 2**64


def expect_int32(value: Any) -> int:
    if value.__class__ is int and -_2_31 <= value < _2_31:
        number: int = value
        return number
    return _in_range(expect_int(value), "int32", -_2_31, _2_31)


def expect_uint32(value: Any) -> int:
    if value.__class__ is int and 0 <= value < _2_32:
        number: int = value
        return number
    return _in_range(expect_int(value), "uint32", 0, _2_32)


def expect_int64(value: Any) -> int:
    cls = value.__class__
    if cls is int:
        number: int = value
        return number if -_2_63 <= number < _2_63 else _in_range(number, "int64", -_2_63, _2_63)
    return _in_range(_int_string(value), "int64", -_2_63, _2_63)


def expect_uint64(value: Any) -> int:
    if value.__class__ is int:
        number: int = value
        return number if 0 <= number < _2_64 else _in_range(number, "uint64", 0, _2_64)
    return _in_range(_int_string(value), "uint64", 0, _2_64)


def _in_range(number: int, kind: str, low: int, high: int) -> int:
    if low <= number < high:
        return number
    raise ShapeError(f"{number} is out of the {kind} range [{low}, {high - 1}]")


def _int_string(value: Any) -> int:
    """A 64-bit integer as proto3 JSON may send it: a number, or a string of digits."""
    if value.__class__ is not str:
        raise _expected("integer", value)
    # int() alone would also take " 5", "+5" and "1_000", which are not int64 JSON.
    digits = value[1:] if value[:1] == "-" else value
    if not (digits.isdigit() and digits.isascii()):
        raise ShapeError(f"expected an integer string, got {value!r}")
    number = StrInt(value)
    if str(number) != value:
        spelled = _SpelledInt(value)
        spelled.wire = value
        return spelled
    return number


def expect_float(value: Any) -> float:
    cls = value.__class__
    if cls is float or cls is int:
        number: float = value
        return number
    if cls is str and value in ("NaN", "Infinity", "-Infinity"):
        return float(value)  # the proto3 JSON spelling of non-finite numbers
    raise _expected("number", value)


def expect_bool(value: Any) -> bool:
    if value.__class__ is bool:
        return value
    raise _expected("boolean", value)


def expect_object(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _expected("object", value)


def expect_const(value: Any, constant: Any) -> Any:
    if value == constant and type(value) is type(constant):
        return value
    raise ShapeError(f"expected {constant!r}, got {value!r}")


def decode_bytes(value: Any) -> bytes:
    if value.__class__ is not str:
        raise _expected("base64 string", value)
    url_safe = "-" in value or "_" in value
    try:
        if not url_safe and not len(value) % 4:
            return base64.b64decode(value, validate=True)  # the canonical spelling
        padded = value + "=" * (-len(value) % 4)
        data = base64.b64decode(padded, altchars=b"-_" if url_safe else None, validate=True)
    except (binascii.Error, ValueError):
        raise ShapeError("expected base64 data, got a string that is not base64") from None
    spelled = _SpelledBytes(data)
    spelled.wire = value
    return spelled


def encode_bytes(value: bytes) -> str:
    if isinstance(value, _SpelledBytes):
        return value.wire
    return base64.b64encode(value).decode("ascii")


def encode_int64(value: int) -> int | str:
    cls = value.__class__
    if cls is StrInt:
        return str(value)
    if isinstance(value, _SpelledInt):
        return value.wire
    return value


def decode_list(value: Any, item: Callable[[Any], T]) -> list[T]:
    if value.__class__ is not list:
        raise _expected("array", value)
    try:
        return [item(element) for element in value]
    except ShapeError:
        pass
    # Slow path, errors only: find the index of the first bad element.
    for index, element in enumerate(value):
        try:
            item(element)
        except ShapeError as error:
            raise error.at(index) from None
    raise AssertionError("unreachable: an element failed once and then passed")


def decode_map(value: Any, item: Callable[[Any], T]) -> dict[str, T]:
    if not isinstance(value, dict):
        raise _expected("object", value)
    result = {}
    for key, element in value.items():
        try:
            result[key] = item(element)
        except ShapeError as error:
            raise error.at(key) from None
    return result


def decode_union(
    value: Any,
    variants: tuple[Callable[[Any], Any], ...],
    discriminator: str | None = None,
    mapping: Mapping[str, int] | None = None,
) -> Any:
    """The first variant that accepts `value`; a discriminator, when given, picks directly."""
    if discriminator is not None and mapping and isinstance(value, dict):
        tag = value.get(discriminator)
        if isinstance(tag, str) and tag in mapping:
            return variants[mapping[tag]](value)
    errors = []
    for variant in variants:
        try:
            return variant(value)
        except ShapeError as error:
            errors.append(str(error))
    raise ShapeError("matches no variant: " + "; ".join(errors))


def encode_value(value: Any) -> Any:
    """Encode a value whose type is only known at run time (union members, free-form data)."""
    if isinstance(value, WireModel):
        return value.to_dict()
    if hasattr(value, "_value_"):  # a WireEnum member
        return value._value_
    if isinstance(value, bytes):
        return encode_bytes(value)
    if isinstance(value, StrInt):
        return encode_int64(value)
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, dict):
        return {k: encode_value(v) for k, v in value.items()}
    return value


def unknown_fields(
    data: dict[str, Any], known: frozenset[str], model: type | None = None
) -> dict[str, Any] | None:
    """What the fields cannot hold, kept so that a round trip loses nothing: keys the
    spec does not describe, and explicit `null`s (a field's `None` means absent).
    Unknown keys are counted for `model` in the drift report."""
    if data.keys() <= known and None not in data.values():
        return None
    if model is not None:
        note_unknown_fields(model, data, known)
    kept = {k: v for k, v in data.items() if v is None or k not in known}
    return kept or None


def enum_to_wire(value: Any) -> Any:
    """An enum member's wire value; a plain value given in its place passes through."""
    return value._value_ if isinstance(value, Enum) else value


class WireModel:
    """Base of every generated model: JSON helpers shared by all of them."""

    __slots__ = ()

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def from_json(cls: type[M], text: str | bytes) -> M:
        try:
            data = loads(text)
        except ShapeError:
            raise
        except ValueError as exc:
            raise ShapeError(f"invalid JSON: {exc}") from None
        return decode_data(data, cls.from_dict)

    def to_json(self, *, indent: int | None = None) -> str:
        return dumps(self.to_dict(), indent=indent)


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
    try:
        return _encode(value, indent)
    except ValueError:
        pass  # a non-finite float somewhere: the rare case pays for a second pass
    return _encode(_finite(value), indent)


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
