"""The HTTP layer shared by every generated client: requests, retries and errors.

Generated methods build a `Call` (`_call`) and hand it to `_request`, `_stream`,
`_paginate` or `_long_running`, or use the transfers of `_transfers` (uploads,
downloads, waiting). The sync and async clients share everything but the
waiting, which lives in `_send`.

The API key travels only in the header the spec names: never in a URL (which
httpx logs), a repr, a log line or an exception message.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, ClassVar, TypeVar, cast

import httpx

from ._attempts import async_sleep, pause_after_failure, pause_after_response, succeeded
from ._call import Call, decode_response, encode_body, query_value
from ._deadlines import async_deadline_transport, deadline_transport, until
from ._log import configure_from_env, logger
from ._media import origin
from ._operations import AsyncOperationHandle, OperationHandle
from ._options import NOT_GIVEN, NotGiven, Options, with_extra_body
from ._paging import AsyncPager, Pager
from ._raw import RawResponse
from ._retry import RetryPolicy, retry_delay, server_delay
from ._secrets import KeyAuth, release
from ._streaming import AsyncStream, Stream
from ._timeouts import TimeoutArg, Timeouts, bounded, stream_timeouts, unary_timeouts
from ._transfers import AsyncTransfers, SyncTransfers

__all__ = ["AsyncClientBase", "RetryPolicy", "SyncClientBase", "retry_delay"]

T = TypeVar("T")
C = TypeVar("C", bound="_ClientBase")
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRY = RetryPolicy()
# Sent exactly once: uploads' chunks, operation cancels and deletes.
_ONCE = RetryPolicy(max_attempts=1)
# The API family's conventions, filled in by the generator (generator/conventions.py):
# where a key may come from.
_KEY_ENV_VARS: tuple[str, ...] = ("GEMINI_API_KEY", "GOOGLE_API_KEY")


_NO_OPTIONS = Options()


class _ClientBase:
    _default_base_url: ClassVar[str] = ""
    _api_key_header: ClassVar[str | None] = None
    _api_key_query: ClassVar[str | None] = None
    _owns_http: bool
    # A copy made by `with_raw_response`: what a method returns is wrapped in a `RawResponse`.
    _raw_mode: bool = False

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        key = api_key or next((os.environ[v] for v in _KEY_ENV_VARS if os.environ.get(v)), None)
        if not key and (self._api_key_header or self._api_key_query):
            where = " or set " + " or ".join(_KEY_ENV_VARS) if _KEY_ENV_VARS else ""
            raise ValueError(f"no API key: pass api_key=...{where}")
        self.base_url = (base_url or self._default_base_url).rstrip("/")
        # Held only by the auth flow, which puts it on the wire and nowhere else.
        self._auth = KeyAuth(
            key or "", self._api_key_header, self._api_key_query, origin(self.base_url)
        )
        self.timeout = timeout
        self.stream_deadline = stream_deadline
        self.retry = _policy(retry or DEFAULT_RETRY, max_retries)
        self.default_headers: dict[str, str] = dict(default_headers or {})
        configure_from_env()

    @property
    def max_retries(self) -> int:
        """Retries after the first send: `retry.max_attempts - 1`."""
        return self.retry.max_attempts - 1

    def __repr__(self) -> str:
        # The key is deliberately absent: reprs end up in logs.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self: C,
        *,
        timeout: TimeoutArg | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy with other settings that shares this client's connections, for one
        call or a few: `client.with_options(timeout=5, retry=RetryPolicy(max_attempts=1))`.
        `default_headers` are added to this client's. Closing the copy closes nothing."""
        clone = copy.copy(self)
        clone._owns_http = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(stream_deadline, NotGiven):
            clone.stream_deadline = stream_deadline
        clone.retry = _policy(retry or self.retry, max_retries)
        if default_headers:
            clone.default_headers = {**self.default_headers, **default_headers}
        return clone

    def _raw_copy(self: C) -> C:
        """The copy `with_raw_response` calls: same settings and connections, raw results."""
        clone = copy.copy(self)
        clone._owns_http = False
        clone._raw_mode = True
        return clone

    def _result(self, response: httpx.Response, parse: Callable[[], T]) -> T:
        """What a method returns: `parse()`, or in raw mode the response with `parse`."""
        if self._raw_mode:
            return cast(T, RawResponse(response, parse))
        return parse()

    def _timeouts(self, stream: bool, call: Call) -> Timeouts:
        """The call's `timeout=` if it has one, else the client's."""
        chosen = (call.options or _NO_OPTIONS).timeout
        timeout = self.timeout if isinstance(chosen, NotGiven) else chosen
        if stream:
            return stream_timeouts(timeout, self.stream_deadline)
        return unary_timeouts(timeout)

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, call: Call, timeouts: Timeouts
    ) -> httpx.Request:
        accept = "*/*" if call.raw_response else "application/json"
        # A whole URL named by a server (an upload session) may be on another host: the
        # caller's headers and query (and, in KeyAuth, the key) go only to the API's own origin.
        ours = call.url is None or origin(call.url) == origin(self.base_url)
        options = call.options or _NO_OPTIONS
        headers = httpx.Headers({"accept": accept, **(self.default_headers if ours else {})})
        for name, value in (call.headers or {}).items():
            if value is not None:
                headers[name] = str(query_value(value))
        for name, value in (options.extra_headers or {}).items() if ours else ():
            if value is None:
                headers.pop(name, None)  # a None removes a default header
            else:
                headers[name] = value
        query = {**(call.query or {}), **((options.extra_query or {}) if ours else {})}
        params = {k: query_value(v) for k, v in query.items() if v is not None}
        if options.extra_body:
            call = replace(call, body=with_extra_body(call.body, options.extra_body))
        body = encode_body(call) if call.body is not None else {}
        if "content" in body:
            headers["content-type"] = call.content_type
        # Merged, not replaced: a session URL carries its own query (`upload_id=...`).
        url = httpx.URL(call.url or self.base_url + call.path).copy_merge_params(params)
        return http.build_request(
            call.method, url, headers=headers, extensions={"timeout": timeouts}, **body
        )

    def _retry_wait(
        self, attempt: int, what: str, why: str, response: httpx.Response | None = None
    ) -> float:
        """Seconds to wait before retry `attempt` of `what` (an upload resuming), logged."""
        named = server_delay(response) if response is not None else None
        delay = named if named is not None else self.retry.backoff(attempt)
        logger.info(
            "%s failed (%s); retry %d of %d in %.2f s",
            what,
            why,
            attempt + 1,
            self.max_retries,
            delay,
        )
        return delay


def _read(response: httpx.Response) -> None:
    try:
        response.read()
    finally:
        response.close()
        release(response)


async def _aread(response: httpx.Response) -> None:
    try:
        await response.aread()
    finally:
        await response.aclose()
        release(response)


def _policy(policy: RetryPolicy, max_retries: int | None) -> RetryPolicy:
    return policy if max_retries is None else policy.with_max_retries(max_retries)


class SyncClientBase(_ClientBase, SyncTransfers):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | None = None,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            stream_deadline=stream_deadline,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=deadline_transport())

    def close(self) -> None:
        """Close the connection pool, unless it was passed in as `http_client`."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(
        self,
        call: Call,
        stream: bool = False,
        retry: bool = True,
        timeouts: Timeouts | None = None,
    ) -> httpx.Response:
        """Send, retrying what the policy allows; `retry=False` sends exactly once."""
        policy = self.retry if retry else _ONCE
        timeouts = timeouts or self._timeouts(stream, call)
        request = self._build_request(self._http, call, timeouts)
        for attempt in range(policy.max_attempts):
            started = time.monotonic()
            try:
                with until(timeouts.deadline):
                    response = self._http.send(request, stream=True, auth=self._auth)
                    bounded(response, timeouts)
                    if response.is_success and not stream:
                        _read(response)
            except httpx.TransportError as exc:
                pause = pause_after_failure(policy, attempt, exc, call, request, timeouts, started)
                time.sleep(pause)
                continue
            if response.is_success:
                return succeeded(policy, attempt, response, request, started)
            try:
                response.read()
            except httpx.TransportError:
                pass  # the status line is enough to decide; the body is a bonus
            finally:
                response.close()
                release(response)
            time.sleep(
                pause_after_response(policy, attempt, response, call, request, timeouts, started)
            )
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = self._send(call)
        return self._result(response, lambda: decode_response(response, call, decode))

    def _decoded(self, call: Call, decode: Callable[[Any], T]) -> T:
        """The typed result, never raw: later pages and polls."""
        return decode_response(self._send(call), call, decode)

    def _stream(self, call: Call, decode: Callable[[Any], T]) -> Stream[T]:
        timeouts = self._timeouts(True, call)
        response = self._send(call.with_query("alt", "sse"), stream=True, timeouts=timeouts)
        return self._result(response, lambda: Stream(response, decode, timeouts))

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
            return self._decoded(page_call, decode)

        if not self._raw_mode:
            return Pager(fetch, items, next_token)
        # Raw: the first page's response, fetched now; the pager starts from it.
        response = self._send(call)

        def parse() -> Pager[Any]:
            first = decode_response(response, call, decode)
            return Pager(lambda t: first if t is None else fetch(t), items, next_token)

        return self._result(response, parse)

    def _long_running(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> OperationHandle[Any, Any]:
        response = self._send(call)
        return self._result(
            response,
            lambda: self._handle(decode_response(response, call, decode), decode, result, metadata),
        )

    def _handle(
        self,
        operation: Any,
        decode: Callable[[Any], Any],
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> OperationHandle[Any, Any]:
        def poll(name: str) -> Any:
            return self._decoded(Call("GET", "/" + name.lstrip("/")), decode)

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
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | None = None,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            stream_deadline=stream_deadline,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=async_deadline_transport())

    async def aclose(self) -> None:
        """Close the connection pool, unless it was passed in as `http_client`."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _send(
        self,
        call: Call,
        stream: bool = False,
        retry: bool = True,
        timeouts: Timeouts | None = None,
    ) -> httpx.Response:
        """`SyncClientBase._send`, awaited."""
        policy = self.retry if retry else _ONCE
        timeouts = timeouts or self._timeouts(stream, call)
        request = self._build_request(self._http, call, timeouts)
        for attempt in range(policy.max_attempts):
            started = time.monotonic()
            try:
                with until(timeouts.deadline):
                    response = await self._http.send(request, stream=True, auth=self._auth)
                    bounded(response, timeouts)
                    if response.is_success and not stream:
                        await _aread(response)
            except httpx.TransportError as exc:
                delay = pause_after_failure(policy, attempt, exc, call, request, timeouts, started)
                await async_sleep(delay)
                continue
            if response.is_success:
                return succeeded(policy, attempt, response, request, started)
            try:
                await response.aread()
            except httpx.TransportError:
                pass  # the status line is enough to decide; the body is a bonus
            finally:
                await response.aclose()
                release(response)
            delay = pause_after_response(
                policy, attempt, response, call, request, timeouts, started
            )
            await async_sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _request(self, call: Call, decode: Callable[[Any], T]) -> T:
        response = await self._send(call)
        return self._result(response, lambda: decode_response(response, call, decode))

    async def _decoded(self, call: Call, decode: Callable[[Any], T]) -> T:
        """The typed result, never raw: later pages and polls."""
        return decode_response(await self._send(call), call, decode)

    async def _stream(self, call: Call, decode: Callable[[Any], T]) -> AsyncStream[T]:
        timeouts = self._timeouts(True, call)
        response = await self._send(call.with_query("alt", "sse"), stream=True, timeouts=timeouts)
        return self._result(response, lambda: AsyncStream(response, decode, timeouts))

    async def _paginate(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        token_param: str,
        items: str,
        next_token: str,
    ) -> AsyncPager[Any]:
        """Awaited like every async method; the pages are fetched as iteration needs them."""

        async def fetch(token: str | None) -> Any:
            page_call = call if token is None else call.with_query(token_param, token)
            return await self._decoded(page_call, decode)

        if not self._raw_mode:
            return AsyncPager(fetch, items, next_token)
        # Raw: the first page's response, fetched now; the pager starts from it.
        response = await self._send(call)

        def parse() -> AsyncPager[Any]:
            first = decode_response(response, call, decode)

            async def again(token: str | None) -> Any:
                return first if token is None else await fetch(token)

            return AsyncPager(again, items, next_token)

        return self._result(response, parse)

    async def _long_running(
        self,
        call: Call,
        decode: Callable[[Any], Any],
        *,
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> AsyncOperationHandle[Any, Any]:
        response = await self._send(call)
        return self._result(
            response,
            lambda: self._handle(decode_response(response, call, decode), decode, result, metadata),
        )

    def _handle(
        self,
        operation: Any,
        decode: Callable[[Any], Any],
        result: Callable[[Any], Any],
        metadata: Callable[[Any], Any],
    ) -> AsyncOperationHandle[Any, Any]:
        async def poll(name: str) -> Any:
            return await self._decoded(Call("GET", "/" + name.lstrip("/")), decode)

        async def send(http_method: str, target: str) -> Any:
            # Cancel and delete are sent once: neither is worth repeating blindly.
            return await self._send(Call(http_method, "/" + target.lstrip("/")), retry=False)

        return AsyncOperationHandle(operation, poll, result, metadata, send)
