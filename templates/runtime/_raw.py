"""`client.with_raw_response`: the HTTP response beside the typed result.

`RawClient` and `AsyncRawClient` (generated beside each client) list the client's
methods through `raw_method` and `async_raw_method`, so every method keeps its exact
signature and returns a `RawResponse` instead: the status, the headers, the request
id, the `httpx.Response` itself and `parse()` for the typed result. The client they
call is a copy in raw mode (`_http`), whose sending methods wrap what they return.

For a stream it is the response whose body is the stream, and `parse()` gives the
`Stream`; for a list method, the first page's response (fetched at once), and
`parse()` gives the pager starting from that page; for a long-running operation,
the response that started it, and `parse()` gives the handle. Error statuses still
raise the typed errors. Transfers have no raw form: an upload is several requests, a
download's response is consumed into its destination, a wait is many polls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, cast

import httpx

__all__ = ["AsyncRawResponse", "RawClientBase", "RawResponse", "async_raw_method", "raw_method"]

T = TypeVar("T")
C = TypeVar("C")
P = ParamSpec("P")
# The API family's conventions, filled in by the generator (generator/conventions.py):
# the response headers that carry a request id, in order of preference.
_REQUEST_ID_HEADERS: tuple[str, ...] = ("x-request-id", "x-goog-request-id")
_UNPARSED: Any = object()


class RawResponse(Generic[T]):
    """One call's HTTP response with its typed result a `parse()` away.

    `http_response` is the `httpx.Response`; its `.request` shows the API key
    masked. For a stream it is not read yet: `parse()` gives the stream to read it.
    """

    __slots__ = ("_parse", "_parsed", "http_response")

    def __init__(self, response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response = response
        self._parse = parse
        self._parsed: T = _UNPARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The id the server gave the request, when it sends one."""
        headers = self.http_response.headers
        return next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)

    def parse(self) -> T:
        """The typed result the method returns without `with_raw_response` (made once)."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parse()
        return self._parsed

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] request_id={self.request_id!r}>"


# The async client's raw responses: the body is read (or, for a stream, opened) by
# the awaited call, so `parse()` itself needs no await.
AsyncRawResponse = RawResponse


class RawClientBase(Generic[C]):
    """Holds the raw-mode copy of a client whose methods the subclass lists."""

    __slots__ = ("_client",)

    def __init__(self, client: C) -> None:
        self._client = client


class _RawMethod(Generic[C, P, T]):
    def __init__(self, method: Callable[Concatenate[C, P], T]) -> None:
        self._method = method

    def __get__(
        self, wrapper: RawClientBase[C], owner: object = None
    ) -> Callable[P, RawResponse[T]]:
        method, client = self._method, wrapper._client

        def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            return cast(RawResponse[T], method(client, *args, **kwargs))

        return call


class _AsyncRawMethod(Generic[C, P, T]):
    def __init__(self, method: Callable[Concatenate[C, P], Awaitable[T]]) -> None:
        self._method = method

    def __get__(
        self, wrapper: RawClientBase[C], owner: object = None
    ) -> Callable[P, Awaitable[RawResponse[T]]]:
        method, client = self._method, wrapper._client

        async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
            return cast(RawResponse[T], await method(client, *args, **kwargs))

        return call


def raw_method(method: Callable[Concatenate[C, P], T]) -> _RawMethod[C, P, T]:
    """`Client.method` as a method of `RawClient`: same arguments, a `RawResponse`."""
    return _RawMethod(method)


def async_raw_method(
    method: Callable[Concatenate[C, P], Awaitable[T]],
) -> _AsyncRawMethod[C, P, T]:
    """`AsyncClient.method` as a method of `AsyncRawClient`."""
    return _AsyncRawMethod(method)
