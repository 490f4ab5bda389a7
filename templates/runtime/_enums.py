"""Forward-compatible enums: a value the spec does not list still parses.

Google adds enum values (FinishReason gained eight in a year). A strict enum
would turn each addition into a crash in every deployed client; here an unknown
value becomes a pseudo-member that is equal to no known member, keeps the raw
value in `.value`, and serializes back unchanged. It is logged once per value and
counted, every time it arrives, in the drift report (`_drift.py`).
"""

from __future__ import annotations

import enum
import logging
from typing import Any, TypeVar

from ._drift import note_unknown_enum_value
from ._json import ShapeError, json_type

__all__ = ["WireEnum", "WireIntEnum", "decode_enum"]

logger = logging.getLogger(__name__.rsplit(".", 2)[0])
E = TypeVar("E", bound=enum.Enum)
# The pseudo-members made so far, by (enum class, value): as many as the values the
# API has sent, like the members Enum itself caches.
_UNKNOWN_MEMBERS: dict[tuple[type, Any], Any] = {}


def _unknown_member(cls: type[E], value: Any, kind: Any) -> E | None:
    if type(value) is not kind:
        return None
    member: Any = kind.__new__(cls, value)  # type: ignore[arg-type, unused-ignore]
    member._name_ = None
    member._value_ = value
    # Cached beside the class's own lookup table, not in it: a later occurrence still
    # misses there and comes here, so the drift report counts every one; it gets the
    # same member and is not logged again. setdefault is atomic, so of two threads
    # racing on a new value only one logs.
    cached: E = _UNKNOWN_MEMBERS.setdefault((cls, value), member)
    if cached is member:
        logger.info("%s received an unknown value %r; kept as is", cls.__name__, value)
    return cached


def _from_wire(cls: type[E], value: Any, kind: type, kind_name: str) -> E:
    """The member for a JSON value: a dict hit for known values, else a checked lookup."""
    member = cls._value2member_map_.get(value) if value.__class__ is kind else None
    if member is None:
        if value.__class__ is not kind:
            raise ShapeError(f"expected {kind_name}, got {json_type(value)}")
        # A value seen before skips Enum's lookup machinery; a known value is a hit above.
        member = _UNKNOWN_MEMBERS.get((cls, value))
        if member is None:
            member = cls(value)
        note_unknown_enum_value(cls, value)
    return member  # type: ignore[return-value]


class _Tolerant:
    """What both enum kinds share; `_name_` is None for a value the spec did not list.

    A mixin of the enum classes below, so `_name_` and `_value_` are Enum's own.
    """

    def _repr(self) -> str:
        name = getattr(self, "_name_", None) or "<unknown>"
        return f"<{type(self).__name__}.{name}: {getattr(self, '_value_', None)!r}>"

    @property
    def is_known(self) -> bool:
        """False for a value the spec did not list when this package was generated."""
        return getattr(self, "_name_", None) is not None


# Not enum.StrEnum, which Python 3.10 lacks; str() is the value all the same.
class WireEnum(str, _Tolerant, enum.Enum):  # noqa: UP042
    """A string enum that tolerates values added to the API after generation."""

    # Set in the class body: Enum replaces a mixin's __repr__ with its own.
    __repr__ = _Tolerant._repr

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

    # Set in the class body: Enum replaces a mixin's __repr__ with its own.
    __repr__ = _Tolerant._repr

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return _unknown_member(cls, value, int)

    @classmethod
    def from_wire(cls: type[E], value: Any) -> E:
        return _from_wire(cls, value, int, "integer")


W = TypeVar("W", bound=WireEnum | WireIntEnum)


def decode_enum(cls: type[W], value: Any) -> W:
    """`cls.from_wire(value)`, a known value found in one step. Generated `from_dict`
    methods call this: looking `from_wire` up on the class goes through Enum's metaclass
    `__getattr__` and costs more than the rest of decoding a known value."""
    if value.__class__ is str or value.__class__ is int:  # hashable, as the map needs
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[return-value]  # the map holds members of cls
    return cls.from_wire(value)  # type: ignore[return-value]  # a member of cls, as above
