"""When a failed request is sent again, and after how long: `RetryPolicy`.

Two kinds of failure are told apart. A refusal the server states (an error status
such as 429 or 503) is retried for every method: the server answered, so it did
not act. A connection that failed is retried when the request never left (the
connection could not be made), and otherwise only when the method is idempotent:
a `generate_content` whose body reached the server before the connection broke
may already have been generated, and billed, so it is not sent a second time.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ._json import loads

__all__ = ["DEFAULT_STATUSES", "RetryPolicy", "retry_delay", "server_delay", "unsent"]

DEFAULT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# The API family's error detail that names a retry delay, filled in by the generator
# (generator/conventions.py).
_RETRY_INFO: str | None = "type.googleapis.com/google.rpc.RetryInfo"
_DURATION = re.compile(r"(\d+(?:\.\d*)?)s")
# Failures that happen before any byte of the request is written: nothing reached the
# server, so any request may be sent again.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Which failures are retried, how often, and how long to wait in between.

    The same object serves sync, async and streaming calls (a stream is retried only
    before its first event). Set it per client (`Client(retry=...)`) or for a few
    calls (`client.with_options(retry=...)`); `max_retries=n` is a shortcut for
    `max_attempts=n + 1`.

    Attributes:
        max_attempts: Sends in all, the first included; 1 never retries.
        statuses: Error statuses that are retried, for every method.
        initial_delay: Backoff before the first retry when the server names no delay;
            it doubles for each further retry ...
        max_delay: ... up to this many seconds.
        jitter: The fraction of the backoff taken off at random (0 to 1), so that many
            clients do not retry in lockstep.
        max_server_delay: The longest `Retry-After` (or RetryInfo `retryDelay`) that is
            waited out; a longer one raises at once, with the delay in `.retry_after`.
        retry_connection_errors: Retry when the connection fails. A request the
            server may have received is still re-sent only when idempotent ...
        resend_non_idempotent: ... unless this is set: then a POST whose body reached
            the server before the connection broke is sent again (it may run twice).
    """

    max_attempts: int = 3
    statuses: frozenset[int] = field(default=DEFAULT_STATUSES)
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_server_delay: float = 60.0
    retry_connection_errors: bool = True
    resend_non_idempotent: bool = False

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be 1 or more")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")
        if min(self.initial_delay, self.max_delay, self.max_server_delay) < 0:
            raise ValueError("delays must be 0 or more")
        object.__setattr__(self, "statuses", frozenset(self.statuses))

    def with_max_retries(self, max_retries: int) -> RetryPolicy:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        return replace(self, max_attempts=max_retries + 1)

    def retries_failure(self, exc: httpx.TransportError, idempotent: bool) -> bool:
        """Whether a connection failure may be followed by sending the request again."""
        if not self.retry_connection_errors:
            return False
        return unsent(exc) or idempotent or self.resend_non_idempotent

    def backoff(self, attempt: int) -> float:
        """Seconds before retry `attempt` (0-based) when the server names no delay."""
        base = min(self.initial_delay * 2.0**attempt, self.max_delay)
        return base * (1 - self.jitter * random.random())  # jitter, not security


def unsent(exc: httpx.TransportError) -> bool:
    """Whether the request certainly never reached the server."""
    return isinstance(exc, _UNSENT)


def retry_delay(
    attempt: int,
    response: httpx.Response | None,
    initial: float = 0.5,
    maximum: float = 8.0,
) -> float:
    """Seconds to wait before retry `attempt` (0-based), by the default policy's rules
    with the given backoff: the server's delay when it names one, else backoff."""
    policy = RetryPolicy(initial_delay=initial, max_delay=maximum)
    named = server_delay(response) if response is not None else None
    if named is not None and named <= policy.max_server_delay:
        return named
    return policy.backoff(attempt)


def server_delay(response: httpx.Response, body: Any = None) -> float | None:
    """The delay the server asks for: `Retry-After`, else a RetryInfo detail's `retryDelay`
    (for API families that send one); None when it names none or the value is unreadable.
    `body`: the response's JSON, when the caller has parsed it already."""
    header = response.headers.get("retry-after")
    if header:
        return _parse_retry_after(header.strip())
    if _RETRY_INFO is None:
        return None
    if body is None:
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
        seconds = float(header)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(float(when.timestamp() - time.time()), 0.0)
