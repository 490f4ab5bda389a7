"""The HTTP layer shared by every generated client: requests, retries and errors.

Generated methods build a `Call` (`_call`) and hand it to `_request`, `_stream`,
`_paginate` or `_long_running`, or use the transfers of `_transfers` (uploads,
downloads, waiting). The sync and async clients share everything but the
waiting, which lives in `_send`.

The API key travels only in the header the spec names: never in a URL (which
httpx logs), a repr, a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import copy
import email.utils
import logging
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, TypeVar

import httpx

from ._call import Call, encode_body, json_body, query_value
from ._errors import (
    RETRY_STATUSES,
    APIConnectionError,
    ApiError,
    APITimeoutError,
    error_for_response,
)
from ._media import origin
from ._operations import AsyncOperationHandle, OperationHandle
from ._paging import AsyncPager, Pager
from ._streaming import AsyncStream, Stream
from ._transfers import AsyncTransfers, SyncTransfers
from ._wire import loads

__all__ = ["AsyncClientBase", "SyncClientBase", "retry_delay"]

logger = logging.getLogger(__name__.rsplit(".", 2)[0])
T = TypeVar("T")
C = TypeVar("C", bound="_ClientBase")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 2
# A server asking for a longer wait than this gets exponential backoff instead:
# sleeping minutes inside a call looks like a hang.
_MAX_RETRY_AFTER = 60.0
# The API family's conventions, filled in by the generator (generator/conventions.py):
# where a key may come from, and the error detail that names a retry delay.
_KEY_ENV_VARS: tuple[str, ...] = ("GEMINI_API_KEY", "GOOGLE_API_KEY")
_RETRY_INFO: str | None = "type.googleapis.com/google.rpc.RetryInfo"
_DURATION = re.compile(r"(\d+(?:\.\d*)?)s")


class _Unset(Enum):
    UNSET = "UNSET"


_UNSET = _Unset.UNSET
TimeoutArg = float | httpx.Timeout | None


def retry_delay(
    attempt: int,
    response: httpx.Response | None,
    initial: float = 0.5,
    maximum: float = 8.0,
) -> float:
    """Seconds to wait before retry `attempt` (0-based).

    The server's word first: the `Retry-After` header, else the `retryDelay` of a
    RetryInfo detail in the error body, for API families that send one. Else
    exponential backoff from `initial`, capped at `maximum`, less up to 25 % jitter
    so that many clients do not retry in lockstep.
    """
    if response is not None:
        seconds = _server_delay(response)
        if seconds is not None and 0 <= seconds <= _MAX_RETRY_AFTER:
            return seconds
    base = min(initial * 2.0**attempt, maximum)
    return base * (1 - 0.25 * random.random())  # jitter, not security


def _server_delay(response: httpx.Response) -> float | None:
    header = response.headers.get("retry-after")
    if header:
        return _parse_retry_after(header.strip())
    if _RETRY_INFO is None:
        return None
    try:
        body = loads(response.content)
    except (ValueError, httpx.ResponseNotRead):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    details = error.get("details") if isinstance(error, dict) else None
    for detail in details if isinstance(details, list) else ():
        if isinstance(detail, dict) and detail.get("@type") == _RETRY_INFO:
            match = _DURATION.fullmatch(str(detail.get("retryDelay", "")))
            if match:
                return float(match.group(1))
    return None


def _parse_retry_after(header: str) -> float | None:
    try:
        return float(header)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(float(when.timestamp() - time.time()), 0.0)


class _ClientBase:
    _default_base_url: ClassVar[str] = ""
    _api_key_header: ClassVar[str | None] = None
    _api_key_query: ClassVar[str | None] = None
    # Backoff when the server names no delay: 0.5 s, 1 s, 2 s, ... at most 8 s.
    _initial_retry_delay: float = 0.5
    _max_retry_delay: float = 8.0
    _owns_http: bool

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        key = api_key or next((os.environ[v] for v in _KEY_ENV_VARS if os.environ.get(v)), None)
        if not key and (self._api_key_header or self._api_key_query):
            where = " or set " + " or ".join(_KEY_ENV_VARS) if _KEY_ENV_VARS else ""
            raise ValueError(f"no API key: pass api_key=...{where}")
        self.__api_key = key or ""
        self.base_url = (base_url or self._default_base_url).rstrip("/")
        self.timeout = timeout
        self.max_retries = _check_retries(max_retries)
        self.default_headers: dict[str, str] = dict(default_headers or {})

    def __repr__(self) -> str:
        # The key is deliberately absent: reprs end up in logs.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self: C,
        *,
        timeout: TimeoutArg | _Unset = _UNSET,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy with other settings that shares this client's connections, for one
        call or a few: `client.with_options(timeout=5, max_retries=0).get_model(...)`.
        `default_headers` are added to this client's. Closing the copy closes nothing."""
        clone = copy.copy(self)
        clone._owns_http = False
        if not isinstance(timeout, _Unset):
            clone.timeout = timeout
        if max_retries is not None:
            clone.max_retries = _check_retries(max_retries)
        if default_headers:
            clone.default_headers = {**self.default_headers, **default_headers}
        return clone

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call) -> httpx.Request:
        accept = "*/*" if call.raw_response else "application/json"
        # A whole URL named by a server (an upload session) may be on another host: the key
        # and the caller's headers go only to the API's own origin.
        ours = call.url is None or origin(call.url) == origin(self.base_url)
        headers = {"accept": accept, **(self.default_headers if ours else {})}
        if self._api_key_header and self.__api_key and ours:
            headers[self._api_key_header] = self.__api_key
        for name, value in (call.headers or {}).items():
            if value is not None:
                headers[name] = str(query_value(value))
        params = {k: query_value(v) for k, v in (call.query or {}).items() if v is not None}
        if self._api_key_query and not self._api_key_header and self.__api_key and ours:
            # Only for specs whose sole scheme is a query key; a header is preferred.
            params[self._api_key_query] = self.__api_key
        body = encode_body(call) if call.body is not None else {}
        if "content" in body:
            headers["content-type"] = call.content_type
        # Merged, not replaced: a session URL carries its own query (`upload_id=...`).
        url = httpx.URL(call.url or self.base_url + call.path).copy_merge_params(params)
        return http.build_request(call.method, url, headers=headers, timeout=self.timeout, **body)

    def _retry_wait(
        self, attempt: int, what: str, why: str, response: httpx.Response | None = None
    ) -> float:
        """Seconds to wait before retry `attempt` of `what` ("GET url"), logged."""
        delay = retry_delay(attempt, response, self._initial_retry_delay, self._max_retry_delay)
        # `what` holds no secret: the key is a header, and upload session URLs are not logged.
        logger.info(
            "%s failed (%s); retry %d of %d in %.2f s",
            what,
            why,
            attempt + 1,
            self.max_retries,
            delay,
        )
        return delay

    @staticmethod
    def _connection_error(exc: httpx.TransportError) -> ApiError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"request timed out ({type(exc).__name__})")
        return APIConnectionError(f"connection failed ({type(exc).__name__}: {exc})")


def _check_retries(max_retries: int) -> int:
    if max_retries < 0:
        raise ValueError("max_retries must be 0 or more")
    return max_retries


class SyncClientBase(_ClientBase, SyncTransfers):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
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
        """Close the connection pool, unless it was passed in as `http_client`."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, call: Call, stream: bool = False, retry: bool = True) -> httpx.Response:
        """Send, retrying what may be retried; `retry=False` sends exactly once."""
        request = self._build_request(self._http, call)
        attempts = self.max_retries + 1 if retry else 1
        for attempt in range(attempts):
            retry = attempt < attempts - 1
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if not retry:
                    raise self._connection_error(exc) from None
                time.sleep(
                    self._retry_wait(attempt, f"{request.method} {request.url}", type(exc).__name__)
                )
                continue
            if response.is_success:
                return response
            try:
                response.read()
            except httpx.TransportError:
                pass  # the status line is enough to decide; the body is a bonus
            finally:
                response.close()
            if retry and response.status_code in RETRY_STATUSES:
                time.sleep(
                    self._retry_wait(
                        attempt,
                        f"{request.method} {request.url}",
                        str(response.status_code),
                        response,
                    )
                )
                continue
            raise error_for_response(response)
        raise AssertionError("unreachable")

    def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = self._send(call)
        return decode(response.content if call.raw_response else json_body(response))

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
        return self._handle(self._request(call, decode), decode, result, metadata)

    def _handle(
        self,
        operation: Any,
        decode: Callable[[Any], Any],
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> OperationHandle[Any, Any]:
        def poll(name: str) -> Any:
            return self._request(Call("GET", "/" + name.lstrip("/")), decode)

        def send(http_method: str, target: str) -> Any:
            # Cancel and delete are sent once: neither is worth repeating blindly.
            return self._send(Call(http_method, "/" + target.lstrip("/")), retry=False)

        return OperationHandle(operation, poll, result, metadata, send)


class AsyncClientBase(_ClientBase, AsyncTransfers):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
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
        """Close the connection pool, unless it was passed in as `http_client`."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _send(self, call: Call, stream: bool = False, retry: bool = True) -> httpx.Response:
        """Send, retrying what may be retried; `retry=False` sends exactly once."""
        request = self._build_request(self._http, call)
        attempts = self.max_retries + 1 if retry else 1
        for attempt in range(attempts):
            retry = attempt < attempts - 1
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if not retry:
                    raise self._connection_error(exc) from None
                await asyncio.sleep(
                    self._retry_wait(attempt, f"{request.method} {request.url}", type(exc).__name__)
                )
                continue
            if response.is_success:
                return response
            try:
                await response.aread()
            except httpx.TransportError:
                pass  # the status line is enough to decide; the body is a bonus
            finally:
                await response.aclose()
            if retry and response.status_code in RETRY_STATUSES:
                why = str(response.status_code)
                await asyncio.sleep(
                    self._retry_wait(attempt, f"{request.method} {request.url}", why, response)
                )
                continue
            raise error_for_response(response)
        raise AssertionError("unreachable")

    async def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = await self._send(call)
        return decode(response.content if call.raw_response else json_body(response))

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
        return self._handle(await self._request(call, decode), decode, result, metadata)

    def _handle(
        self,
        operation: Any,
        decode: Callable[[Any], Any],
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> AsyncOperationHandle[Any, Any]:
        async def poll(name: str) -> Any:
            return await self._request(Call("GET", "/" + name.lstrip("/")), decode)

        async def send(http_method: str, target: str) -> Any:
            # Cancel and delete are sent once: neither is worth repeating blindly.
            return await self._send(Call(http_method, "/" + target.lstrip("/")), retry=False)

        return AsyncOperationHandle(operation, poll, result, metadata, send)
