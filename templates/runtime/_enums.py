"""Forward-compatible enums: a value the spec does not list still parses.

Google adds enum values (FinishReason gained eight in a year). A strict enum
would turn each addition into a crash in every deployed client; here an unknown
value becomes a pseudo-member that is equal to no known member, keeps the raw
value in `.value`, and serializes back unchanged. It is logged once per value.
"""

from __future__ import annotations

import enum
import logging
from typing import Any, TypeVar

from ._json import ShapeError, json_type

__all__ = ["WireEnum", "WireIntEnum"]

logger = logging.getLogger(__name__.rsplit(".", 2)[0])
E = TypeVar("E", bound=enum.Enum)


def _unknown_member(cls: type[E], value: Any, kind: Any) -> E | None:
    if type(value) is not kind:
        return None
    member: Any = kind.__new__(cls, value)  # type: ignore[arg-type, unused-ignore]
    member._name_ = None
    member._value_ = value
    # Cached in the class's own lookup table: later occurrences are plain hits and
    # are not logged again. Iteration and len() still show only the spec's members.
    # setdefault is atomic, so of two threads racing on a new value only one logs.
    cached: E = cls._value2member_map_.setdefault(value, member)  # type: ignore[assignment]
    if cached is member:
        logger.info("%s received an unknown value %r; kept as is", cls.__name__, value)
    return cached


def _from_wire(cls: type[E], value: Any, kind: type, kind_name: str) -> E:
    """The member for a JSON value: a dict hit for known values, else a checked lookup."""
    member = cls._value2member_map_.get(value) if value.__class__ is kind else None
    if member is None:
        if value.__class__ is not kind:
            raise ShapeError(f"expected {kind_name}, got {json_type(value)}")
        member = cls(value)
    return member  # type: ignore[return-value]


class _Tolerant:
    """What both enum kinds share; `_name_` is None for a value the spec did not list.

    A mixin of the enum classes below, so `_name_` and `_value_` are Enum's own.
    """

    def __repr__(self) -> str:
        name = getattr(self, "_name_", None) or "<unknown>"
        return f"<{type(self).__name__}.{name}: {getattr(self, '_value_', None)!r}>"

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this package was generated."""
        return getattr(self, "_name_", None) is not None


class WireEnum(str, _Tolerant, enum.Enum):
    """A string enum that tolerates values added to the API after generation."""

    def __str__(self) -> str:
        return str(self._value_)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return _unknown_member(cls, value, str)

    @classmethod
    def from_wire(cls: type[E], value: Any) -> E:
        return _from_wire(cls, value, str, "string")


class WireIntEnum(int, _Tolerant, enum.Enum):
    """An integer enum that tolerates values added to the API after generation."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return _unknown_member(cls, value, int)

    @classmethod
    def from_wire(cls: type[E], value: Any) -> E:
        return _from_wire(cls, value, int, "integer")
