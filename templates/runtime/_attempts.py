"""One attempt's outcome: send again after a pause, or raise the typed error.

The client bases of `_http` loop over attempts; these decide, by the call's
`RetryPolicy` and deadline, what follows an error status or a failed connection,
and log every attempt (`_log`).
"""

from __future__ import annotations

from typing import NoReturn

import httpx

from ._call import Call
from ._errors import APIConnectionError, ApiError, APITimeoutError, error_for_response
from ._log import log_attempt
from ._retry import RetryPolicy, server_delay
from ._timeouts import Timeouts

__all__ = [
    "async_sleep",
    "connection_error",
    "pause_after_failure",
    "pause_after_response",
    "succeeded",
]


def succeeded(
    policy: RetryPolicy,
    attempt: int,
    response: httpx.Response,
    request: httpx.Request,
    started: float,
) -> httpx.Response:
    """The successful response, its attempt logged."""
    status = str(response.status_code)
    log_attempt(request, status, attempt, policy.max_attempts, started, response=response)
    return response


async def async_sleep(seconds: float) -> None:
    """`asyncio.sleep`, with asyncio imported on first use: it costs a sync program
    about 15 ms at import, more than the rest of the runtime besides httpx."""
    import asyncio

    await asyncio.sleep(seconds)


def pause_after_response(
    policy: RetryPolicy,
    attempt: int,
    response: httpx.Response,
    call: Call,
    request: httpx.Request,
    timeouts: Timeouts,
    started: float,
) -> float:
    """Seconds to pause before sending again after an error status (read and closed);
    raises its typed error when it is not retried. Logs the attempt either way."""
    delay = _response_delay(policy, attempt, response, timeouts)
    status = str(response.status_code)
    log_attempt(request, status, attempt, policy.max_attempts, started, delay, response)
    if delay is None:
        raise error_for_response(response, call.operation)
    return delay


def _response_delay(
    policy: RetryPolicy, attempt: int, response: httpx.Response, timeouts: Timeouts
) -> float | None:
    if attempt + 1 >= policy.max_attempts or response.status_code not in policy.statuses:
        return None
    named = server_delay(response)
    if named is not None and named > policy.max_server_delay:
        # Sleeping minutes inside a call looks like a hang: `.retry_after` says how long.
        return None
    delay = named if named is not None else policy.backoff(attempt)
    return delay if timeouts.allows(delay) else None


def pause_after_failure(
    policy: RetryPolicy,
    attempt: int,
    exc: httpx.TransportError,
    call: Call,
    request: httpx.Request,
    timeouts: Timeouts,
    started: float,
) -> float:
    """Seconds to pause before sending again after a connection failure; raises
    `APIConnectionError` (or `APITimeoutError`) when it is not retried. Logs the attempt."""
    resendable = policy.retries_failure(exc, call.is_idempotent)
    delay: float | None = None
    if attempt + 1 < policy.max_attempts and resendable and not timeouts.expired():
        delay = policy.backoff(attempt)
        delay = delay if timeouts.allows(delay) else None
    log_attempt(request, type(exc).__name__, attempt, policy.max_attempts, started, delay)
    if delay is None:
        _raise(connection_error(exc, timeouts, resendable))
    return delay


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
