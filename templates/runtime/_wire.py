"""Decoding and encoding between JSON values and the generated models.

Generated `from_dict` methods call these small checkers for every field; they
are plain functions with a fast path first, so parsing costs little more than
`json.loads`. Errors carry the JSON path of the offending value.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, TypeVar

from ._drift import note_unknown_fields
from ._json import ShapeError, decode_data, dumps, json_type, loads

__all__ = [
    "StrInt",
    "WireModel",
    "decode_bytes",
    "decode_list",
    "decode_map",
    "decode_union",
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
    "unknown_fields",
]

T = TypeVar("T")
M = TypeVar("M", bound="WireModel")


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
    """Base of every generated model: JSON helpers, equality and repr shared by all.

    Models are plain classes with `__slots__` and a keyword-only `__init__`, not
    dataclasses: the dataclass decorator costs about a quarter of a millisecond per
    class at import, most of the import time of a large API. They behave as
    `@dataclass(slots=True, kw_only=True)` did: equal when of the same class with
    equal fields, unhashable, a repr of their fields without `extra_fields`.
    """

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names: tuple[str, ...] = self.__slots__
        return [getattr(self, n) for n in names] == [getattr(other, n) for n in names]

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names if n != "extra_fields")
        return f"{self.__class__.__qualname__}({shown})"

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
