"""The HTTP layer shared by every generated client: requests, retries and errors.

Generated methods build a `Call` (method, path, query, headers, body) and hand
it to `_request`, `_stream`, `_paginate` or `_long_running`. The sync and async
clients share everything but the waiting, which lives in `_send`.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

import httpx

from ._errors import APIConnectionError, ApiError, APITimeoutError, error_for_response
from ._operations import AsyncOperationHandle, OperationHandle
from ._paging import AsyncPager, Pager
from ._streaming import AsyncStream, Stream
from ._wire import WireModel

__all__ = ["AsyncClientBase", "Call", "SyncClientBase", "expand_path", "to_body"]

T = TypeVar("T")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
_MAX_RETRY_AFTER = 60.0
_KEY_ENV_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP request as a generated method describes it."""

    method: str
    path: str
    query: Mapping[str, Any] | None = None
    headers: Mapping[str, Any] | None = None
    body: Any = None

    def with_query(self, name: str, value: Any) -> Call:
        return replace(self, query={**(self.query or {}), name: value})


def expand_path(template: str, values: Mapping[str, str | None]) -> str:
    """Fill `{param}` placeholders, accepting short ids and full resource names.

    `model="gemini-2.0-flash"` and `model="models/gemini-2.0-flash"` give the same
    path; so do `permission="y"` with `tuned_model="x"` and
    `permission="tunedModels/x/permissions/y"` alone.
    """
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
        if len(parts) == index + 1 and _is_resource_name(segments[: index + 1], parts):
            filled = list(parts)
        elif index and len(parts) == 2 and parts[0] == segments[index - 1] and parts[1]:
            filled.append(quote(parts[1], safe=""))
        else:
            filled.append(quote(str(value), safe=""))
    if None in filled:
        names = [s[1:-1] for s, f in zip(segments, filled) if f is None]
        raise ValueError(
            f"{template}: missing {', '.join(names)} (give it, or a full resource name)"
        )
    return "/" + "/".join(f for f in filled if f is not None) + colon + verb


def _is_resource_name(segments: list[str], parts: list[str]) -> bool:
    return all(p and (s.startswith("{") or s == p) for s, p in zip(segments, parts))


def to_body(request: Any) -> Any:
    """A request body as JSON data: models via `to_dict`, mappings as given."""
    if isinstance(request, WireModel):
        return request.to_dict()
    if isinstance(request, Mapping):
        return dict(request)
    return request


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_query_value(v) for v in value]
    return value


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry `attempt` (0-based): Retry-After, else exponential with jitter."""
    if response is not None:
        header = response.headers.get("retry-after")
        if header:
            seconds = _parse_retry_after(header)
            if seconds is not None:
                return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
    base = min(0.5 * 2.0**attempt, 8.0)
    return base * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not security


def _parse_retry_after(header: str) -> float | None:
    try:
        return float(header)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return float(when.timestamp() - time.time())


class _ClientBase:
    _default_base_url: ClassVar[str] = ""
    _api_key_header: ClassVar[str | None] = "x-goog-api-key"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        key = api_key or next((os.environ[v] for v in _KEY_ENV_VARS if os.environ.get(v)), None)
        if not key:
            raise ValueError(
                "no API key: pass api_key=... or set GEMINI_API_KEY or GOOGLE_API_KEY"
            )
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.__api_key = key
        self.base_url = (base_url or self._default_base_url).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._default_headers = dict(default_headers or {})

    def __repr__(self) -> str:
        # The key is deliberately absent: reprs end up in logs.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call) -> httpx.Request:
        headers = {"accept": "application/json", **self._default_headers}
        if self._api_key_header:
            headers[self._api_key_header] = self.__api_key
        for name, value in (call.headers or {}).items():
            if value is not None:
                headers[name] = str(_query_value(value))
        params = {k: _query_value(v) for k, v in (call.query or {}).items() if v is not None}
        content = None
        if call.body is not None:
            content = json.dumps(call.body, ensure_ascii=False, separators=(",", ":")).encode()
            headers["content-type"] = "application/json"
        return http.build_request(
            call.method,
            self.base_url + call.path,
            params=params,
            headers=headers,
            content=content,
            timeout=self.timeout if self.timeout is not None else None,
        )

    @staticmethod
    def _connection_error(exc: httpx.TransportError) -> ApiError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"request timed out ({type(exc).__name__})")
        return APIConnectionError(f"connection failed ({type(exc).__name__}: {exc})")


class SyncClientBase(_ClientBase):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, call: Call, stream: bool = False) -> httpx.Response:
        request = self._build_request(self._http, call)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if last:
                    raise self._connection_error(exc) from None
                time.sleep(retry_delay(attempt, None))
                continue
            if response.is_success:
                return response
            if response.status_code in RETRY_STATUSES and not last:
                response.close()
                time.sleep(retry_delay(attempt, response))
                continue
            response.read()
            response.close()
            raise error_for_response(response)
        raise AssertionError("unreachable")

    def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = self._send(call)
        return decode(_json(response))

    def _stream(self, call: Call, decode: Callable[[Any], T]) -> Stream[T]:
        return Stream(self._send(call.with_query("alt", "sse"), stream=True), decode)

    def _paginate(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        token_param: str,
        items: str,
        next_token: str,
    ) -> Pager[Any]:
        def fetch(token: str | None) -> Any:
            page_call = call if token is None else call.with_query(token_param, token)
            return self._request(page_call, decode)

        return Pager(fetch, items, next_token)

    def _long_running(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> OperationHandle[Any, Any]:
        operation = self._request(call, decode)

        def poll(name: str) -> Any:
            return self._request(Call("GET", "/" + name.lstrip("/")), decode)

        return OperationHandle(operation, poll, result, metadata)


class AsyncClientBase(_ClientBase):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _send(self, call: Call, stream: bool = False) -> httpx.Response:
        import asyncio

        request = self._build_request(self._http, call)
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if last:
                    raise self._connection_error(exc) from None
                await asyncio.sleep(retry_delay(attempt, None))
                continue
            if response.is_success:
                return response
            if response.status_code in RETRY_STATUSES and not last:
                await response.aclose()
                await asyncio.sleep(retry_delay(attempt, response))
                continue
            await response.aread()
            await response.aclose()
            raise error_for_response(response)
        raise AssertionError("unreachable")

    async def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = await self._send(call)
        return decode(_json(response))

    async def _stream(self, call: Call, decode: Callable[[Any], T]) -> AsyncStream[T]:
        return AsyncStream(await self._send(call.with_query("alt", "sse"), stream=True), decode)

    def _paginate(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        token_param: str,
        items: str,
        next_token: str,
    ) -> AsyncPager[Any]:
        async def fetch(token: str | None) -> Any:
            page_call = call if token is None else call.with_query(token_param, token)
            return await self._request(page_call, decode)

        return AsyncPager(fetch, items, next_token)

    async def _long_running(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> AsyncOperationHandle[Any, Any]:
        operation = await self._request(call, decode)

        async def poll(name: str) -> Any:
            return await self._request(Call("GET", "/" + name.lstrip("/")), decode)

        return AsyncOperationHandle(operation, poll, result, metadata)


def _json(response: httpx.Response) -> Any:
    if not response.content:
        return {}
    try:
        return json.loads(response.content)
    except ValueError:
        raise ApiError(
            "the server sent a response that is not JSON",
            status_code=response.status_code,
            response=response,
        ) from None

