"""A drift report file (what a generated package's `drift.dump(path)` writes), read and
checked into typed entries; anything else is a `ReportError` naming the file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DriftReport",
    "ErrorReason",
    "ErrorStatus",
    "ReportError",
    "UnknownEnumValue",
    "UnknownField",
    "read_report",
]

SUPPORTED_VERSION = 1


class ReportError(Exception):
    """The file is not a drift report this command reads."""


@dataclass(frozen=True, slots=True)
class UnknownField:
    api: str
    model: str
    field: str
    count: int
    # Where the model arrived (`GenerateContentResponse.candidates[]`); "" in reports of
    # packages from before paths were recorded.
    path: str = ""


@dataclass(frozen=True, slots=True)
class UnknownEnumValue:
    api: str
    enum: str
    value: str | int
    count: int


@dataclass(frozen=True, slots=True)
class ErrorStatus:
    status: int
    count: int
    # The operation that got it; "" when the call had none, or the report predates them.
    api: str = ""
    operation: str = ""


@dataclass(frozen=True, slots=True)
class ErrorReason:
    domain: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class DriftReport:
    unknown_fields: tuple[UnknownField, ...]
    unknown_enum_values: tuple[UnknownEnumValue, ...]
    error_statuses: tuple[ErrorStatus, ...]
    error_reasons: tuple[ErrorReason, ...]
    dropped: int


# Each list's entry class and the JSON type of each of its keys.
_ENTRIES: dict[str, tuple[type, dict[str, tuple[type, ...]]]] = {
    "unknown_fields": (
        UnknownField,
        {"api": (str,), "model": (str,), "field": (str,), "path": (str,)},
    ),
    "unknown_enum_values": (UnknownEnumValue, {"api": (str,), "enum": (str,), "value": (str, int)}),
    "error_statuses": (ErrorStatus, {"api": (str,), "operation": (str,), "status": (int,)}),
    "error_reasons": (ErrorReason, {"domain": (str,), "reason": (str,)}),
}
# Keys an entry may lack: reports of packages from before operations and paths were recorded.
_OPTIONAL = {"error_statuses": ("api", "operation"), "unknown_fields": ("path",)}


def read_report(path: Path) -> DriftReport:
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:
        raise ReportError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: expected a JSON object (a drift report)")
    if data.get("version") != SUPPORTED_VERSION:
        raise ReportError(
            f"{path}: expected a drift report of version {SUPPORTED_VERSION}, "
            f"got version {data.get('version')!r}"
        )
    lists = {kind: _entries(path, data, kind) for kind in _ENTRIES}
    dropped = data.get("dropped", 0)
    if not _is_int(dropped):
        raise ReportError(f"{path}: dropped: expected an integer")
    return DriftReport(**lists, dropped=dropped)


def _entries(path: Path, data: dict[str, Any], kind: str) -> tuple[Any, ...]:
    cls, keys = _ENTRIES[kind]
    rows = data.get(kind, [])
    if not isinstance(rows, list):
        raise ReportError(f"{path}: {kind}: expected a list")
    entries = []
    for index, row in enumerate(rows):
        where = f"{path}: {kind}[{index}]"
        if not isinstance(row, dict):
            raise ReportError(f"{where}: expected an object")
        optional = _OPTIONAL.get(kind, ())
        checked = {k: t for k, t in keys.items() if k in row or k not in optional}
        checked["count"] = (int,)
        for key, types in checked.items():
            value = row.get(key)
            if not (isinstance(value, types) and (str in types or _is_int(value))):
                expected = " or ".join("string" if t is str else "integer" for t in types)
                raise ReportError(f"{where}: {key}: expected {expected}")
        entries.append(cls(**{key: row[key] for key in checked}))
    return tuple(entries)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
