"""One attempt's outcome: send again after a pause, or raise the typed error.

The client bases of `_http` loop over attempts; these decide, by the call's
`RetryPolicy` and deadline, what follows an error status or a failed connection.
"""

from __future__ import annotations

import logging
from typing import NoReturn

import httpx

from ._call import Call
from ._errors import APIConnectionError, ApiError, APITimeoutError, error_for_response
from ._retry import RetryPolicy, server_delay
from ._timeouts import Timeouts

__all__ = [
    "async_sleep",
    "connection_error",
    "logger",
    "pause_after_failure",
    "pause_after_response",
]

logger = logging.getLogger(__name__.rsplit(".", 2)[0])


async def async_sleep(seconds: float) -> None:
    """`asyncio.sleep`, with asyncio imported on first use: it costs a sync program
    about 15 ms at import, more than the rest of the runtime besides httpx."""
    import asyncio

    await asyncio.sleep(seconds)


def pause_after_response(
    policy: RetryPolicy,
    attempt: int,
    response: httpx.Response,
    request: httpx.Request,
    timeouts: Timeouts,
) -> float:
    """Seconds to pause before sending again after an error status (read and closed);
    raises its typed error when it is not retried."""
    error = error_for_response(response)
    if attempt + 1 >= policy.max_attempts or response.status_code not in policy.statuses:
        raise error
    named = server_delay(response)
    if named is not None and named > policy.max_server_delay:
        # Sleeping minutes inside a call looks like a hang: `.retry_after` says how long.
        raise error
    delay = named if named is not None else policy.backoff(attempt)
    if not timeouts.allows(delay):
        raise error
    return _logged(attempt, policy, request, str(response.status_code), delay)


def pause_after_failure(
    policy: RetryPolicy,
    attempt: int,
    exc: httpx.TransportError,
    call: Call,
    request: httpx.Request,
    timeouts: Timeouts,
) -> float:
    """Seconds to pause before sending again after a connection failure; raises
    `APIConnectionError` (or `APITimeoutError`) when it is not retried."""
    resendable = policy.retries_failure(exc, call.is_idempotent)
    if attempt + 1 >= policy.max_attempts or not resendable or timeouts.expired():
        _raise(connection_error(exc, timeouts, resendable))
    delay = policy.backoff(attempt)
    if not timeouts.allows(delay):
        _raise(connection_error(exc, timeouts))
    return _logged(attempt, policy, request, type(exc).__name__, delay)


def connection_error(
    exc: httpx.TransportError, timeouts: Timeouts, resendable: bool = True
) -> ApiError:
    # Says so when the request was not sent again because the server may have acted on it.
    kept = "" if resendable else "; not sent again: the server may have acted on it"
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        if timeouts.seconds is not None and timeouts.expired():
            return APITimeoutError(f"the call did not finish within {timeouts.seconds} s ({name})")
        return APITimeoutError(f"request timed out ({name}){kept}")
    return APIConnectionError(f"connection failed ({name}: {exc}){kept}")


def _raise(error: ApiError) -> NoReturn:
    raise error from None


def _logged(
    attempt: int, policy: RetryPolicy, request: httpx.Request, why: str, delay: float
) -> float:
    # The URL holds no secret: the key is a header, and upload session URLs are not logged.
    logger.info(
        "%s %s failed (%s); retry %d of %d in %.2f s",
        request.method,
        request.url,
        why,
        attempt + 1,
        policy.max_attempts - 1,
        delay,
    )
    return delay
