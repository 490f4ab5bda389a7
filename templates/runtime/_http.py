"""The HTTP layer shared by every generated client: requests, retries and errors.

Generated methods build a `Call` (`_call`) and hand it to `_request`, `_stream`,
`_paginate` or `_long_running`, or use the transfers of `_transfers` (uploads,
downloads, waiting). The sync and async clients share everything but the
waiting, which lives in `_send`; what they share otherwise is `_client_base`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from ._attempts import async_sleep, pause_after_failure, pause_after_response, succeeded
from ._call import Call, decode_response
from ._client_base import (
    DEFAULT_TIMEOUT,
    ONCE,
    ClientBase,
    aread_and_release,
    read_and_release,
)
from ._deadlines import async_deadline_transport, deadline_transport, until
from ._operations import AsyncOperationHandle, OperationHandle
from ._paging import AsyncPager, Pager
from ._retry import RetryPolicy, retry_delay
from ._streaming import AsyncStream, Stream
from ._timeouts import TimeoutArg, Timeouts, bounded
from ._transfers import AsyncTransfers, SyncTransfers

__all__ = ["AsyncClientBase", "RetryPolicy", "SyncClientBase", "retry_delay"]

T = TypeVar("T")


class SyncClientBase(ClientBase, SyncTransfers):
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
        policy = self.retry if retry else ONCE
        timeouts = timeouts or self._timeouts(stream, call)
        request = self._build_request(self._http, call, timeouts)
        for attempt in range(policy.max_attempts):
            started = time.monotonic()
            try:
                with until(timeouts.deadline):
                    response = self._http.send(request, stream=True, auth=self._auth)
                    bounded(response, timeouts)
                    if response.is_success and not stream:
                        read_and_release(response)
            except httpx.TransportError as exc:
                pause = pause_after_failure(policy, attempt, exc, call, request, timeouts, started)
                time.sleep(pause)
                continue
            if response.is_success:
                return succeeded(policy, attempt, response, request, started)
            # The status line is enough to decide; the body is a bonus.
            with contextlib.suppress(httpx.TransportError):
                read_and_release(response)
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


class AsyncClientBase(ClientBase, AsyncTransfers):
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
        policy = self.retry if retry else ONCE
        timeouts = timeouts or self._timeouts(stream, call)
        request = self._build_request(self._http, call, timeouts)
        for attempt in range(policy.max_attempts):
            started = time.monotonic()
            try:
                with until(timeouts.deadline):
                    response = await self._http.send(request, stream=True, auth=self._auth)
                    bounded(response, timeouts)
                    if response.is_success and not stream:
                        await aread_and_release(response)
            except httpx.TransportError as exc:
                delay = pause_after_failure(policy, attempt, exc, call, request, timeouts, started)
                await async_sleep(delay)
                continue
            if response.is_success:
                return succeeded(policy, attempt, response, request, started)
            with contextlib.suppress(httpx.TransportError):
                await aread_and_release(response)
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
