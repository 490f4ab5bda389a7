"""Errors raised by every generated client.

    ApiError                     .status_code .status .message .details .response .retry_after
    ├── BadRequestError          400
    ├── AuthenticationError      401
    ├── PermissionDeniedError    403
    ├── NotFoundError            404
    ├── RateLimitError           429
    ├── InternalServerError      5xx
    ├── APIConnectionError       the request did not get a response
    │   └── APITimeoutError      ... because it timed out
    ├── StreamError              a server-sent event stream broke off mid-event
    └── OperationFailedError     a long-running operation finished with an error

Other 4xx statuses raise `ApiError` itself. Payloads of the wrong shape raise
`ShapeError` (a `ValueError`) with the JSON path of the bad value. No error
text ever contains the API key: it is sent in a header and never logged.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._drift import note_error_details, note_error_status
from ._json import ShapeError, loads
from ._retry import server_delay

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "InternalServerError",
    "NotFoundError",
    "OperationFailedError",
    "PermissionDeniedError",
    "RateLimitError",
    "ShapeError",
    "StreamError",
    "error_class_for",
    "error_for_response",
    "error_from_status",
]


class ApiError(Exception):
    """Base of all API errors. Fields come from the google.rpc.Status error body."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        status: str | None = None,
        details: list[Any] | None = None,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.status = status
        self.details: list[Any] = details or []
        # The response; its `.request` shows the API key as `[secure]`.
        self.response = response
        # Seconds the server asked to wait before trying again (`Retry-After`, RetryInfo).
        self.retry_after = retry_after

    def __str__(self) -> str:
        parts = [str(self.status_code)] if self.status_code is not None else []
        if self.status:
            parts.append(self.status)
        prefix = " ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class BadRequestError(ApiError):
    """400: the request is malformed or has invalid values."""


class AuthenticationError(ApiError):
    """401: the API key is missing or invalid."""


class PermissionDeniedError(ApiError):
    """403: the key may not use this resource."""


class NotFoundError(ApiError):
    """404: the resource does not exist."""


class RateLimitError(ApiError):
    """429: quota or rate limit exceeded (retried automatically first, unless the server asks
    for a longer wait than the retry policy's `max_server_delay`: see `.retry_after`)."""


class InternalServerError(ApiError):
    """5xx: the server failed (retried automatically first for 500, 502, 503, 504)."""


class APIConnectionError(ApiError):
    """No response: the connection failed or was cut."""


class APITimeoutError(APIConnectionError):
    """No response within the timeout."""


class StreamError(ApiError):
    """A server-sent event stream broke off in the middle of an event, or sent an event the
    client cannot read; nothing is dropped silently."""


class OperationFailedError(ApiError):
    """A long-running operation completed with an error status."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def error_class_for(code: object) -> type[ApiError]:
    """The error class for an HTTP status code (or a google.rpc.Status `code`)."""
    if not isinstance(code, int) or isinstance(code, bool):
        return ApiError
    return _BY_STATUS.get(code) or (InternalServerError if 500 <= code < 600 else ApiError)


def error_from_status(
    status: Any, error_class: type[ApiError] = ApiError, **extra: Any
) -> ApiError:
    """An error from a google.rpc.Status JSON object (an error body, or an operation's `error`)."""
    status = status if isinstance(status, dict) else {}
    code = status.get("code")
    message = status.get("message")
    note_error_details(status.get("details"))
    if not isinstance(message, str) or not message:
        message = "the server gave no error message"
    return error_class(
        message,
        status_code=extra.pop("status_code", code if isinstance(code, int) else None),
        status=status.get("status") if isinstance(status.get("status"), str) else None,
        details=status.get("details") if isinstance(status.get("details"), list) else None,
        **extra,
    )


def error_for_response(
    response: httpx.Response, operation: tuple[str, str] | None = None
) -> ApiError:
    """The typed error for an HTTP error response, parsed from its google.rpc.Status body;
    `operation` (API version, operationId) is the call's, for the drift report."""
    code = response.status_code
    note_error_status(code, operation)
    error_class = error_class_for(code)
    try:
        body = loads(response.content)
    except ValueError:
        body = None
    retry_after = server_delay(response, body)
    status = body.get("error") if isinstance(body, dict) else None
    if isinstance(status, dict):
        return error_from_status(
            status, error_class, status_code=code, response=response, retry_after=retry_after
        )
    text = response.text.strip()[:500] or response.reason_phrase or "HTTP error"
    return error_class(text, status_code=code, response=response, retry_after=retry_after)
