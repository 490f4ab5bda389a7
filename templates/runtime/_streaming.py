"""Typed iterators over a server-sent event response.

Each `data:` payload is one JSON object decoded into the method's response
model as soon as its event is complete. Leaving the loop early, `close()`, or
the `with` block closes the connection. A stream cut mid-event raises
`StreamError` instead of dropping the partial event.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

import httpx

from ._errors import StreamError, error_class_for, error_from_status
from ._sse import ServerSentEvent, SSEDecoder
from ._wire import loads

__all__ = ["AsyncStream", "Stream"]

T = TypeVar("T")


def _decode_event(event: ServerSentEvent, decode: Callable[[Any], T]) -> T:
    try:
        data = loads(event.data)
    except ValueError:
        raise StreamError(f"a stream event is not JSON: {event.data[:200]!r}") from None
    if isinstance(data, dict) and isinstance(data.get("error"), dict) and len(data) == 1:
        # An error reported inside the stream after the 200 status line, in the same
        # google.rpc.Status shape as an error response, so it gets the same class.
        status = data["error"]
        raise error_from_status(status, error_class_for(status.get("code")))
    return decode(data)


def _check_event_stream(response: httpx.Response) -> None:
    # A JSON body here (a proxy that dropped `alt=sse`, say) would otherwise surface
    # as a puzzling "ended in the middle of an event".
    kind = response.headers.get("content-type", "")
    if kind and not kind.startswith("text/event-stream"):
        raise StreamError(f"expected a text/event-stream response, got {kind.split(';')[0]}")


class Stream(Generic[T]):
    """Iterate to receive typed chunks as they arrive."""

    def __init__(self, response: httpx.Response, decode: Callable[[Any], T]) -> None:
        self.response = response
        self._iterator = _events(response, decode)

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Iterate with `async for` to receive typed chunks as they arrive.

    Prefer `async with stream:` when leaving the loop early: an abandoned async
    generator is closed only when the event loop gets to it.
    """

    def __init__(self, response: httpx.Response, decode: Callable[[Any], T]) -> None:
        self.response = response
        self._iterator = _aevents(response, decode)

    def __aiter__(self) -> AsyncGenerator[T, None]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


# The generators are plain functions, not methods: a generator holding its Stream
# would form a reference cycle, and a `for` loop left with `break` would then keep
# the connection open until the garbage collector ran. Without the cycle the
# generator is finalized the moment the loop drops it, and `finally` closes.


def _events(response: httpx.Response, decode: Callable[[Any], T]) -> Generator[T, None, None]:
    decoder = SSEDecoder()
    try:
        _check_event_stream(response)
        for chunk in response.iter_bytes():
            for event in decoder.feed(chunk):
                yield _decode_event(event, decode)
        events, incomplete = decoder.finish()
        for event in events:
            yield _decode_event(event, decode)
        if incomplete:
            raise StreamError("the stream ended in the middle of an event")
    except httpx.TransportError as exc:
        raise StreamError(f"the stream broke off: {type(exc).__name__}") from None
    finally:
        response.close()


async def _aevents(response: httpx.Response, decode: Callable[[Any], T]) -> AsyncGenerator[T, None]:
    decoder = SSEDecoder()
    try:
        _check_event_stream(response)
        async for chunk in response.aiter_bytes():
            for event in decoder.feed(chunk):
                yield _decode_event(event, decode)
        events, incomplete = decoder.finish()
        for event in events:
            yield _decode_event(event, decode)
        if incomplete:
            raise StreamError("the stream ended in the middle of an event")
    except httpx.TransportError as exc:
        raise StreamError(f"the stream broke off: {type(exc).__name__}") from None
    finally:
        await response.aclose()
