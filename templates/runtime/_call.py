"""One HTTP request as a generated method describes it, and how its path and body are made.

Generated methods build a `Call` (method, path, query, headers, body); the client
bases send it. `expand_path` turns path templates and arguments into the path,
accepting short ids and full resource names.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from ._errors import ApiError
from ._json import ShapeError, decode_data, dumps, loads
from ._options import Options
from ._wire import WireModel

__all__ = [
    "Call",
    "decode_response",
    "encode_body",
    "expand_path",
    "field_mask",
    "json_body",
    "query_value",
    "to_body",
]

T = TypeVar("T")
_PLACEHOLDER = re.compile(r"\{[^{}/]+\}")
# RFC 9110 section 9.2.2.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP request as a generated method describes it."""

    method: str
    path: str
    query: Mapping[str, Any] | None = None
    headers: Mapping[str, Any] | None = None
    body: Any = None
    # The body's media type: JSON unless the spec says form, multipart or raw bytes.
    content_type: str = "application/json"
    # The success response is not JSON: hand its bytes to the decoder as they are.
    raw_response: bool = False
    # A whole URL, for endpoints outside the base URL (media uploads and downloads).
    url: str | None = None
    # Whether sending it twice does no more than sending it once; None: by the HTTP
    # method. Only an idempotent call is sent again after its body may have reached
    # the server (`RetryPolicy`).
    idempotent: bool | None = None
    # The caller's per-call options (`timeout=`, `extra_headers=`, ...), if any.
    options: Options | None = None
    # (API version, spec operationId) of the generated method, so that the drift report
    # counts an error status against the operation whose `responses` should list it.
    operation: tuple[str, str] | None = None

    @property
    def is_idempotent(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method.upper() in _IDEMPOTENT_METHODS

    def with_query(self, name: str, value: Any) -> Call:
        return replace(self, query={**(self.query or {}), name: value})


def expand_path(template: str | tuple[str, ...], values: Mapping[str, str | None]) -> str:
    """Fill `{param}` placeholders, accepting short ids and full resource names.

    `model="gemini-2.0-flash"` and `model="models/gemini-2.0-flash"` give the same
    path; so do `permission="y"` with `tuned_model="x"` and
    `permission="tunedModels/x/permissions/y"` alone. A method served under several
    resource patterns passes all its templates: the full name given for the last
    parameter picks one (`model="tunedModels/x"`), a short id takes the first, and a
    name that fits none is a ValueError before anything is sent.
    """
    if isinstance(template, str):
        return _fill(template, values)
    routed = _PLACEHOLDER.findall(template[0].partition(":")[0])[-1][1:-1]
    name = values.get(routed)
    if name is None or "/" not in str(name):
        return _fill(template[0], values)
    parts = str(name).split("/")
    for candidate in template:
        # Compared up to the routed parameter: a parent's name ends there (`corpora/c`
        # routes /corpora/{parent}/permissions).
        segments = _routed_segments(candidate, routed)
        if len(parts) == len(segments) and _is_resource_name(segments, parts):
            return _fill(candidate, values)
    first = _routed_segments(template[0], routed)
    if len(parts) == 2 and len(first) > 1 and parts[0] == first[-2] and parts[1]:
        return _fill(template[0], values)  # `permissions/p` beside its parent's id
    patterns = ", ".join(_pattern(t, routed) for t in template)
    raise ValueError(f"{routed}={name!r} is not a resource name this method serves: {patterns}")


def _routed_segments(template: str, routed: str) -> list[str]:
    """The template's segments up to and including `{routed}`."""
    segments = template.partition(":")[0].strip("/").split("/")
    return segments[: segments.index("{" + routed + "}") + 1]


def _pattern(template: str, routed: str) -> str:
    """The names a template takes: `/corpora/{corpus}/permissions/{permission}` routed by
    `permission` as `corpora/*/permissions/*`."""
    return _PLACEHOLDER.sub("*", "/".join(_routed_segments(template, routed)))


def _fill(template: str, values: Mapping[str, str | None]) -> str:
    head, colon, verb = template.partition(":")
    segments = head.strip("/").split("/")
    filled: list[str | None] = []
    for index, segment in enumerate(segments):
        if not (segment.startswith("{") and segment.endswith("}")):
            filled.append(segment)
            continue
        value = values.get(segment[1:-1])
        if value is None:
            filled.append(None)  # may come from a later full resource name
            continue
        parts = str(value).split("/")
        if any(part in (".", "..") for part in parts):
            # httpx would resolve them, and the call would reach another resource.
            raise ValueError(f"{segment[1:-1]}={value!r}: '.' and '..' are not names")
        if len(parts) == index + 1 and _is_resource_name(segments[: index + 1], parts):
            filled = [quote(part, safe="") for part in parts]
        elif index and len(parts) == 2 and parts[0] == segments[index - 1] and parts[1]:
            filled.append(quote(parts[1], safe=""))
        else:
            filled.append(quote(str(value), safe=""))
    if None in filled:
        names = [s[1:-1] for s, f in zip(segments, filled, strict=True) if f is None]
        raise ValueError(
            f"{template}: missing {', '.join(names)} (give it, or a full resource name)"
        )
    return "/" + "/".join(f for f in filled if f is not None) + colon + verb


def _is_resource_name(segments: list[str], parts: list[str]) -> bool:
    return all(p and (s.startswith("{") or s == p) for s, p in zip(segments, parts, strict=True))


def to_body(request: Any) -> Any:
    """A request body as data: models via `to_dict`, also inside a dict or list
    (`{"contents": request.contents}`), enum members as their wire values. Unlike
    `_wire.encode_value`, bytes and tuples stay as they are: a form body sends them as
    files (`(name, bytes, type)`), and the JSON encoder of a JSON body refuses bytes."""
    if isinstance(request, WireModel):
        return request.to_dict()
    if isinstance(request, Mapping):
        return {key: to_body(value) for key, value in request.items()}
    if isinstance(request, list):
        return [to_body(value) for value in request]
    if isinstance(request, Enum):
        return request.value
    return request


def field_mask(request: Any) -> str | None:
    """The fields a partial update names, as an update mask: the top-level keys of a
    mapping. A model carries its required and output fields too, so it names none."""
    if isinstance(request, Mapping) and request:
        return ",".join(str(key) for key in request)
    return None


def query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [query_value(v) for v in value]
    return value


def encode_body(call: Call) -> dict[str, Any]:
    """httpx keyword arguments carrying the body in its media type."""
    media = call.content_type.split(";")[0].strip().lower()
    body = call.body
    if media == "application/json" or media.endswith("+json"):
        return {"content": dumps(body).encode()}
    if media == "application/x-www-form-urlencoded" and isinstance(body, Mapping):
        return {"data": {k: query_value(v) for k, v in body.items() if v is not None}}
    if media == "multipart/form-data" and isinstance(body, Mapping):
        files = {k: v for k, v in body.items() if isinstance(v, bytes | bytearray | tuple)}
        data = {k: query_value(v) for k, v in body.items() if k not in files and v is not None}
        return {"data": data, "files": files}
    if isinstance(body, str):
        return {"content": body.encode("utf-8")}
    if isinstance(body, bytes | bytearray):
        return {"content": bytes(body)}
    if isinstance(body, Iterator | AsyncIterator):
        return {"content": body}  # streamed as it is read (upload chunks)
    return {"content": dumps(body).encode()}


def json_body(response: httpx.Response) -> Any:
    if not response.content:
        return {}
    try:
        return loads(response.content)
    except ShapeError as exc:  # JSON, but nested deeper than the decoder goes
        raise ApiError(
            f"the server sent a response the client cannot decode: {exc}",
            status_code=response.status_code,
            response=response,
        ) from exc
    except ValueError:
        raise ApiError(
            "the server sent a response that is not JSON",
            status_code=response.status_code,
            response=response,
        ) from None


def decode_response(response: httpx.Response, call: Call, decode: Callable[[Any], T]) -> T:
    """The typed result of a successful response: its JSON (or its bytes) decoded."""
    return decode_data(response.content if call.raw_response else json_body(response), decode)
