"""Deadlines: one limit for a whole call, whatever the server's pace.

httpx's timeouts bound each network wait (a connect, a write, a read) on its own: a
server that sends one byte every 0.15 s never trips a 1 s read timeout and can hold
a call for minutes. `Timeouts` is httpx's per-request `timeout` extension whose
values shrink to the time left before a deadline; httpcore looks each value up as it
connects, writes, and starts reading the headers and then the body. While a body
arrives, `bounded` checks the deadline after every piece, so a call ends by its
deadline, or at most one read limit later when the server goes silent mid-body. The
status line and headers are read with one lookup, so `_deadlines` caps each socket
wait of the transports the clients create.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

__all__ = ["TimeoutArg", "Timeouts", "bounded", "stream_timeouts", "unary_timeouts"]

TimeoutArg = float | httpx.Timeout | None
# A wait is never given less than this: a zero timeout would make a socket
# non-blocking, which fails with another error than a timeout.
_FLOOR = 0.001


class Timeouts(dict[str, float | None]):
    """httpx's timeout dict (connect, read, write, pool), each capped by the time left."""

    def __init__(self, limits: dict[str, float | None], seconds: float | None) -> None:
        super().__init__(limits)
        self.seconds = seconds  # the whole budget, for messages
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= _FLOOR

    def allows(self, delay: float) -> bool:
        """Whether a pause of `delay` s still leaves time for another attempt."""
        left = self.remaining()
        return left is None or delay < left

    def get(self, key: str, default: Any = None) -> Any:
        return self._capped(super().get(key, default))

    def __getitem__(self, key: str) -> float | None:
        return self._capped(super().__getitem__(key))

    def _capped(self, value: float | None) -> float | None:
        left = self.remaining()
        if left is None:
            return value
        left = max(left, _FLOOR)
        return left if value is None else min(value, left)


def unary_timeouts(timeout: TimeoutArg) -> Timeouts:
    """A number bounds the call end to end (connect, send, every read, retries and their
    pauses); an `httpx.Timeout` keeps httpx's meaning, a limit for each wait."""
    if isinstance(timeout, httpx.Timeout):
        return Timeouts(timeout.as_dict(), None)
    return Timeouts(httpx.Timeout(timeout).as_dict(), timeout)


def stream_timeouts(timeout: TimeoutArg, deadline: float | None) -> Timeouts:
    """For a stream, `timeout` bounds connecting and each wait for the next bytes (a
    stream may run for minutes); `deadline`, when set, bounds the whole stream."""
    return Timeouts(httpx.Timeout(timeout).as_dict(), deadline)


def bounded(response: httpx.Response, timeouts: Timeouts) -> None:
    """Make reading `response`'s body fail with `httpx.ReadTimeout` once the deadline passes."""
    if timeouts.deadline is None:
        return
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = _Bounded(response.stream, timeouts, response.request)
    elif isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = _AsyncBounded(response.stream, timeouts, response.request)


def _past_deadline(timeouts: Timeouts, request: httpx.Request) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"past the deadline of {timeouts.seconds} s", request=request)


class _Bounded(httpx.SyncByteStream):
    def __init__(
        self, inner: httpx.SyncByteStream, timeouts: Timeouts, request: httpx.Request
    ) -> None:
        self._inner = inner
        self._timeouts = timeouts
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if self._timeouts.expired():
                raise _past_deadline(self._timeouts, self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncBounded(httpx.AsyncByteStream):
    def __init__(
        self, inner: httpx.AsyncByteStream, timeouts: Timeouts, request: httpx.Request
    ) -> None:
        self._inner = inner
        self._timeouts = timeouts
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            if self._timeouts.expired():
                raise _past_deadline(self._timeouts, self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()
