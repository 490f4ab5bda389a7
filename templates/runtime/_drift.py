"""Drift: what the API sent that the spec did not describe, counted.

Models keep unknown fields and enums keep unknown values, so a client never
breaks on an addition; this module counts them, so that a team running the
package in staging learns what to add to the spec. Public as `<package>.drift`:

    report() -> dict    # the counts so far, in the shape below
    dump(path)          # the same, written as JSON
    reset()             # forget every count
    enable(), disable(), enabled()   # counting is on unless disabled

The report (`version` 1); lists sorted by their keys:

    {"version": 1,
     "unknown_fields": [{"api": "v1beta", "model": "Candidate", "field": "newThing",
                         "path": "GenerateContentResponse.candidates[]", "count": 3}],
     "unknown_enum_values": [{"api": "v1beta", "enum": "FinishReason",
                              "value": "NEW_REASON", "count": 1}],
     "error_statuses": [{"api": "v1beta", "operation": "generateContent",
                         "status": 409, "count": 2}],
     "error_reasons": [{"domain": "googleapis.com", "reason": "API_KEY_INVALID",
                        "count": 1}],
     "dropped": 0}

`api` is the subpackage, `model` and `enum` the generated class names, `path`
where the model arrived: the class decoded first (the response, a stream chunk),
then the JSON keys down to the model, `[]` for an array item, `{}` for a map value;
`operation` the spec's operationId of the method that got the error status ("" for
calls no spec operation describes: media transfers, operation polls). Every error
status raised to the caller (not one retried away) is counted, documented or not:
`python -m generator drift REPORT.json` turns each entry into the spec file and
JSON pointer to edit (for a status, that operation's `responses`, unless they list
it already), with the JSON paths where the spec's responses hold each model.

Only names are kept, never values: field names, enum values (the spec's own
kind of text) and ErrorInfo reasons, each cut to 200 characters. Memory is
bounded: at most 1,000 distinct entries of each kind; occurrences past that
add to `dropped`. Counting runs only when something unknown arrives (a known
payload costs nothing more); `benchmarks/drift.py` measures both cases.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterable
from types import CodeType, FrameType
from typing import Any

__all__ = ["disable", "dump", "enable", "enabled", "report", "reset"]

REPORT_VERSION = 1
_MAX_ENTRIES = 1_000  # distinct entries per kind
_MAX_NAME = 200  # characters kept of a name


class _Counts:
    """Every count of the process, behind one lock (the rare path pays for it)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.on = True
        self.kinds: dict[str, dict[tuple[Any, ...], int]] = {
            "unknown_fields": {},
            "unknown_enum_values": {},
            "error_statuses": {},
            "error_reasons": {},
        }
        self.dropped = 0

    def add(self, kind: str, keys: Iterable[tuple[Any, ...]]) -> None:
        with self.lock:
            table = self.kinds[kind]
            for key in keys:
                if key in table:
                    table[key] += 1
                elif len(table) < _MAX_ENTRIES:
                    table[key] = 1
                else:
                    self.dropped += 1


# The counts belong to the process, like a logger's handlers: every client adds to them.
_COUNTS = _Counts()
# (api, class name) of each model and enum class seen, one entry a generated class.
_ORIGINS: dict[type, tuple[str, str]] = {}
_KEYS = {
    "unknown_fields": ("api", "model", "field", "path"),
    "unknown_enum_values": ("api", "enum", "value"),
    "error_statuses": ("api", "operation", "status"),
    "error_reasons": ("domain", "reason"),
}


def _name(text: object) -> Any:
    return text[:_MAX_NAME] if isinstance(text, str) else text


def _origin(cls: type) -> tuple[str, str]:
    """(api subpackage, class name): `pkg.v1beta.models.Candidate` is ("v1beta", "Candidate");
    worked out once per class."""
    origin = _ORIGINS.get(cls)
    if origin is None:
        parts = cls.__module__.split(".")
        origin = _ORIGINS[cls] = (parts[-2] if len(parts) > 1 else ""), cls.__qualname__
    return origin


def note_unknown_fields(model: type, data: dict[str, Any], known: frozenset[str]) -> None:
    """`model` was decoded from `data`, which has keys outside `known` (or only nulls)."""
    if _COUNTS.on:
        extra = data.keys() - known
        if extra:
            api, name = _origin(model)
            where = _name(_arrival_path(name))
            rows = [(api, name, _name(key), where) for key in sorted(extra)]
            _COUNTS.add("unknown_fields", rows)


# The package's own folder: the walk up the stack stops at the first frame outside it.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(__file__))  # as spelled in `co_filename`
# Paths worked out, by the decoders' (code, instruction) pairs on the stack: a field
# that arrives in every response pays for reading frame locals once.
_PATHS: dict[tuple[object, ...], str] = {}
_MAX_PATHS = 1_000
# `decode_list` and `decode_map`, which mark an array item and a map value.
_ITEM_MARKS: dict[CodeType, str] = {}


def _arrival_path(model: str) -> str:
    """Where the model being decoded sits in what is being decoded, read off the
    decoders' frames: each enclosing `from_dict` holds the JSON key it is decoding in
    `_key`, and `decode_list` and `decode_map` mark an item. Read only on this rare path,
    so that decoding a known payload carries no path at all."""
    if not _ITEM_MARKS:
        from ._wire import decode_list, decode_map  # imports this module: loaded by now

        _ITEM_MARKS.update({decode_list.__code__: "[]", decode_map.__code__: "{}"})
    # The roots' name tells them apart: they have no decoders above them.
    key: list[object] = [model]
    decoders: list[FrameType] = []
    # Frames 1 to 3 are `note_unknown_fields`, `unknown_fields` and the model's `from_dict`.
    frame: FrameType | None = sys._getframe(4)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "from_dict" or code in _ITEM_MARKS:
            key += (code, frame.f_lasti)
            decoders.append(frame)
        elif not code.co_filename.startswith(_PACKAGE_DIR):
            break
        frame = frame.f_back
    path = _PATHS.get(tuple(key))
    if path is None:
        path = _path_of(model, decoders)
        if len(_PATHS) < _MAX_PATHS:
            _PATHS[tuple(key)] = path
    return path


def _path_of(model: str, decoders: list[FrameType]) -> str:
    segments = []
    root = model
    for frame in decoders:
        if frame.f_code in _ITEM_MARKS:
            segments.append(_ITEM_MARKS[frame.f_code])
        elif "_key" in frame.f_locals and isinstance(frame.f_locals.get("cls"), type):
            segments.append("." + str(frame.f_locals["_key"]))
            root = frame.f_locals["cls"].__qualname__
    return root + "".join(reversed(segments))


def note_unknown_enum_value(enum: type, value: object) -> None:
    """`value` arrived for `enum`, which does not list it."""
    if _COUNTS.on:
        api, name = _origin(enum)
        _COUNTS.add("unknown_enum_values", [(api, name, _name(value))])


def note_error_status(status_code: int, operation: tuple[str, str] | None = None) -> None:
    """An HTTP error response arrived with this status, for `operation` (API version,
    operationId) when the call came from a generated method."""
    if _COUNTS.on:
        api, operation_id = operation or ("", "")
        _COUNTS.add("error_statuses", [(api, operation_id, status_code)])


def note_error_details(details: object) -> None:
    """A google.rpc.Status arrived with these `details`: its ErrorInfo reasons are counted."""
    if not _COUNTS.on or not isinstance(details, list):
        return
    reasons = [
        (_name(d.get("domain") if isinstance(d.get("domain"), str) else ""), _name(d["reason"]))
        for d in details
        if isinstance(d, dict)
        and str(d.get("@type", "")).endswith("google.rpc.ErrorInfo")
        and isinstance(d.get("reason"), str)
    ]
    if reasons:
        _COUNTS.add("error_reasons", reasons)


def report() -> dict[str, Any]:
    """The counts so far: plain JSON data, safe to log or send anywhere."""
    with _COUNTS.lock:
        tables = {kind: sorted(table.items()) for kind, table in _COUNTS.kinds.items()}
        dropped = _COUNTS.dropped
    result: dict[str, Any] = {"version": REPORT_VERSION}
    for kind, rows in tables.items():
        names = _KEYS[kind]
        result[kind] = [{**dict(zip(names, key, strict=True)), "count": n} for key, n in rows]
    result["dropped"] = dropped
    return result


def dump(path: str | os.PathLike[str]) -> None:
    """Write `report()` to `path` as JSON (UTF-8)."""
    text = json.dumps(report(), indent=2, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text + "\n")


def reset() -> None:
    """Forget every count."""
    with _COUNTS.lock:
        for table in _COUNTS.kinds.values():
            table.clear()
        _COUNTS.dropped = 0


def enable() -> None:
    """Count from now on (the default)."""
    _COUNTS.on = True


def disable() -> None:
    """Stop counting; the counts so far stay until `reset()`."""
    _COUNTS.on = False


def enabled() -> bool:
    return _COUNTS.on
