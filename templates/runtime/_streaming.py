"""Typed iterators over a server-sent event response.

Each `data:` payload is one JSON object decoded into the method's response
model as soon as its event is complete; the last event counts even without its
closing blank line when its JSON is whole. Leaving the loop early, `close()`, or
the `with` block closes the connection. A stream cut mid-event raises
`StreamError` instead of dropping the partial event; an error the server reports
inside the stream (a google.rpc.Status under `data:`, an `event: error`, or a
bare JSON error body) raises its typed `ApiError` after the chunks before it. A
stream that waits longer than the client's `timeout` for data, or runs past its
`stream_deadline`, raises `APITimeoutError`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

import httpx

from ._errors import ApiError, APITimeoutError, StreamError, error_class_for, error_from_status
from ._json import ShapeError, decode_data, loads
from ._secrets import release
from ._sse import ServerSentEvent, SSEDecoder
from ._timeouts import Timeouts

__all__ = ["AsyncStream", "Stream"]

T = TypeVar("T")


def _decode_event(
    event: ServerSentEvent, decode: Callable[[Any], T], response: httpx.Response
) -> T:
    if event.raw or event.event == "error":
        raise _reported_error(event, response)
    data = _json(event, response)
    if isinstance(data, dict) and isinstance(data.get("error"), dict) and len(data) == 1:
        # An error reported inside the stream after the 200 status line, in the same
        # google.rpc.Status shape as an error response, so it gets the same class.
        raise _status_error(data["error"], response)
    return decode_data(data, decode)


def _json(event: ServerSentEvent, response: httpx.Response) -> Any:
    try:
        return loads(event.data)
    except ShapeError as exc:  # JSON nested deeper than the decoder goes
        raise StreamError(f"a stream event cannot be decoded: {exc}", response=response) from exc
    except ValueError:
        if not event.closed:
            # The last event, without its blank line, and its JSON is not whole: cut off.
            raise StreamError(
                "the stream ended in the middle of an event", response=response
            ) from None
        raise StreamError(
            f"a stream event is not JSON: {event.data[:200]!r}", response=response
        ) from None


def _reported_error(event: ServerSentEvent, response: httpx.Response) -> ApiError:
    """The error an `event: error`, or a JSON body sent without framing, reports: typed
    when it is a google.rpc.Status (bare or under `error`), else `ApiError` with its text."""
    try:
        data = loads(event.data) if event.data else None
    except ShapeError as exc:  # JSON nested deeper than the decoder goes
        raise StreamError(f"a stream error cannot be decoded: {exc}", response=response) from exc
    except ValueError:
        data = None  # text, or JSON cut short: reported as it came
    if isinstance(data, list) and len(data) == 1:
        data = data[0]  # the JSON-array form of a response, as alt=json sends it
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return _status_error(data["error"], response)
    if isinstance(data, dict) and isinstance(data.get("code"), int) and "message" in data:
        return _status_error(data, response)
    text = event.data.strip()[:500] or "the stream reported an error without details"
    return ApiError(text, response=response)


def _status_error(status: dict[str, Any], response: httpx.Response) -> ApiError:
    return error_from_status(status, error_class_for(status.get("code")), response=response)


def _broken(exc: httpx.TransportError, timeouts: Timeouts, response: httpx.Response) -> ApiError:
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        if timeouts.seconds is not None and timeouts.expired():
            return APITimeoutError(
                f"the stream passed its deadline of {timeouts.seconds} s ({name})"
            )
        return APITimeoutError(f"no stream data within the timeout ({name})")
    return StreamError(f"the stream broke off: {name}", response=response)


def _check_event_stream(response: httpx.Response) -> None:
    # A JSON body here (a proxy that dropped `alt=sse`, say) would otherwise surface
    # as a puzzling "ended in the middle of an event".
    kind = response.headers.get("content-type", "")
    if kind and not kind.startswith("text/event-stream"):
        raise StreamError(
            f"expected a text/event-stream response, got {kind.split(';')[0]}", response=response
        )


class Stream(Generic[T]):
    """Iterate to receive typed chunks as they arrive."""

    def __init__(
        self, response: httpx.Response, decode: Callable[[Any], T], timeouts: Timeouts
    ) -> None:
        self.response = response
        self._iterator = _events(response, decode, timeouts)

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        self._iterator.close()
        self.response.close()
        release(self.response)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """Iterate with `async for` to receive typed chunks as they arrive.

    Prefer `async with stream:` when leaving the loop early: an abandoned async
    generator is closed only when the event loop gets to it.
    """

    def __init__(
        self, response: httpx.Response, decode: Callable[[Any], T], timeouts: Timeouts
    ) -> None:
        self.response = response
        self._iterator = _aevents(response, decode, timeouts)

    def __aiter__(self) -> AsyncGenerator[T, None]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()
        release(self.response)

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


# The generators are plain functions, not methods: a generator holding its Stream
# would form a reference cycle, and a `for` loop left with `break` would then keep
# the connection open until the garbage collector ran. Without the cycle the
# generator is finalized the moment the loop drops it, and `finally` closes.


def _events(
    response: httpx.Response, decode: Callable[[Any], T], timeouts: Timeouts
) -> Generator[T, None, None]:
    decoder = SSEDecoder()
    try:
        _check_event_stream(response)
        for chunk in response.iter_bytes():
            for event in decoder.feed(chunk):
                yield _decode_event(event, decode, response)
        events, incomplete = decoder.finish()
        for event in events:
            yield _decode_event(event, decode, response)
        if incomplete:
            raise StreamError("the stream ended in the middle of an event", response=response)
    except httpx.TransportError as exc:
        raise _broken(exc, timeouts, response) from None
    finally:
        response.close()
        release(response)


async def _aevents(
    response: httpx.Response, decode: Callable[[Any], T], timeouts: Timeouts
) -> AsyncGenerator[T, None]:
    decoder = SSEDecoder()
    try:
        _check_event_stream(response)
        async for chunk in response.aiter_bytes():
            for event in decoder.feed(chunk):
                yield _decode_event(event, decode, response)
        events, incomplete = decoder.finish()
        for event in events:
            yield _decode_event(event, decode, response)
        if incomplete:
            raise StreamError("the stream ended in the middle of an event", response=response)
    except httpx.TransportError as exc:
        raise _broken(exc, timeouts, response) from None
    finally:
        await response.aclose()
        release(response)
