"""What the clients log: one line per attempt at INFO, headers at DEBUG, never a body.

The logger is named after the package, so the standard `logging` setup applies; the
API family's environment variable (`_LOG_ENV_VAR`, if it has one) set to `info` or
`debug` adds a stderr handler at that level when a client is made. Lines name the
method and the path without its query string (an API whose key goes in the query
would show it there); headers whose names suggest a secret, and URLs, are masked.
httpx's own logger is left alone: at INFO it logs full URLs.
"""

from __future__ import annotations

import logging
import os
import time

import httpx

from ._secrets import REDACTED

__all__ = ["configure_from_env", "log_attempt", "logger"]

logger = logging.getLogger(__name__.rsplit(".", 2)[0])
# The API family's conventions, filled in by the generator (generator/conventions.py):
# the environment variable that turns logging on.
_LOG_ENV_VAR: str | None = "GEMINI_LOG"
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_SECRET_WORDS = ("key", "auth", "token", "secret", "cookie", "signature")


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler the environment variable added (added once, however many clients)."""


def configure_from_env() -> None:
    level = (
        _LEVELS.get((os.environ.get(_LOG_ENV_VAR) or "").strip().lower()) if _LOG_ENV_VAR else None
    )
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(h, _EnvHandler) for h in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def log_attempt(
    request: httpx.Request,
    outcome: str,
    attempt: int,
    attempts: int,
    started: float,
    delay: float | None = None,
    response: httpx.Response | None = None,
) -> None:
    """One attempt, as `POST /v1/things/t:run 503 (attempt 1/3, 12 ms); retry in 0.50 s`:
    `outcome` is the status code or the connection error's name, `delay` the pause
    before the next attempt (None: none follows)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    elapsed = round((time.monotonic() - started) * 1000)
    retry = "" if delay is None else f"; retry in {delay:.2f} s"
    logger.info(
        "%s %s %s (attempt %d/%d, %d ms)%s",
        request.method,
        request.url.path,
        outcome,
        attempt + 1,
        attempts,
        elapsed,
        retry,
        extra={
            "http_method": request.method,
            "path": request.url.path,
            "outcome": outcome,
            "attempt": attempt + 1,
            "attempts": attempts,
            "duration_ms": elapsed,
            "retry_delay": delay,
        },
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("request headers: %s", masked(request.headers))
        if response is not None:
            logger.debug("response headers: %s", masked(response.headers))


def masked(headers: httpx.Headers) -> dict[str, str]:
    """The headers with `[secure]` for every one whose name suggests a secret, and for
    every URL (a server may name one that is itself the key to something, such as an
    upload session)."""
    return {
        name: REDACTED if "://" in value or _secret(name) else value
        for name, value in headers.items()
    }


def _secret(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_WORDS)
