"""The deadline of a call, enforced at every socket wait.

httpcore looks a read limit up once before it reads a response's status line and
headers, then waits up to that long for each piece: a server that drips its headers
a byte at a time never trips it. The transports the clients create themselves wrap
httpcore's network backend (`_socket_waits`) so that every connect, write and read is
capped by the time left before the deadline of the call under way (a context variable,
so calls in other threads and tasks keep their own), and fails with a timeout once it
has passed.
Bodies are bounded the same way by `_timeouts.bounded`, which also covers clients
passed in as `http_client`; for those, the header phase keeps httpx's per-wait limits.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx

__all__ = ["async_deadline_transport", "capped", "deadline_transport", "until"]

_DEADLINE: ContextVar[float | None] = ContextVar("call_deadline", default=None)


@contextmanager
def until(deadline: float | None) -> Iterator[None]:
    """Cap every socket wait of the enclosed sends by `deadline` (`time.monotonic()`)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def deadline_transport() -> httpx.HTTPTransport:
    """httpx's default transport, its socket waits capped by the call's deadline."""
    from ._socket_waits import Backend  # httpcore: loaded with the first client, as in httpx

    transport = httpx.HTTPTransport()
    _wrap_backend(transport, Backend)
    return transport


def async_deadline_transport() -> httpx.AsyncHTTPTransport:
    from ._socket_waits import AsyncBackend

    transport = httpx.AsyncHTTPTransport()
    _wrap_backend(transport, AsyncBackend)
    return transport


def _wrap_backend(transport: Any, wrapper: type) -> None:
    # httpx has no public way to pass httpcore a network backend; where this httpx
    # keeps its pool elsewhere, the transport is left as it is and bodies stay bounded.
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:
        pool._network_backend = wrapper(backend)  # type: ignore[union-attr]


def capped(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` cut to the time left before the current call's deadline; `expired` is
    raised once it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        # Raised rather than waiting zero seconds: a read with data waiting would
        # still succeed, and a dripping server would always have one byte waiting.
        raise expired("past the call's deadline")
    return left if timeout is None else min(timeout, left)
