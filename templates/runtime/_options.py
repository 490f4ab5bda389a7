"""Per-call options every generated method takes: `timeout=`, `extra_headers=`,
`extra_query=` and `extra_body=`, carried to the client bases in one `Options`.

`extra_headers` and `extra_query` are sent only to the API's own origin (like the
client's `default_headers`), and a None header value removes a default header.
`extra_query` adds query parameters; `extra_body` sets top-level keys of the JSON
body (no deep merge). A per-call `timeout` means what the client's `timeout` means.
The transfers (`_transfers`) give each of them the meaning their requests allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ._timeouts import TimeoutArg

__all__ = ["NOT_GIVEN", "NotGiven", "Options", "with_extra_body"]


class NotGiven(Enum):
    """Unlike None (no timeout at all), not given: the client's setting applies."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven.NOT_GIVEN


@dataclass(frozen=True, slots=True)
class Options:
    timeout: TimeoutArg | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str | None] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None


def with_extra_body(body: Any, extra: Mapping[str, Any] | None) -> Any:
    """`body` with `extra`'s top-level keys set (a body of its own when there is none)."""
    if not extra:
        return body
    if body is None:
        return dict(extra)
    if not isinstance(body, Mapping):
        raise TypeError("extra_body= needs a JSON object body; this method sends another kind")
    return {**body, **extra}
