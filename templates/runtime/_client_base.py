"""What the sync and async clients share: settings, `with_options`, and the request
each call becomes.

The API key travels only in the header the spec names: never in a URL (which
httpx logs), a repr, a log line or an exception message.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import ClassVar, TypeVar, cast

import httpx

from ._call import Call, encode_body, query_value
from ._log import configure_from_env, logger
from ._media import origin
from ._options import NOT_GIVEN, NotGiven, Options, with_extra_body
from ._raw import RawResponse
from ._retry import RetryPolicy
from ._secrets import KeyAuth, release
from ._timeouts import TimeoutArg, Timeouts, stream_timeouts, unary_timeouts

__all__ = ["ONCE", "ClientBase", "aread_and_release", "read_and_release"]

T = TypeVar("T")
C = TypeVar("C", bound="ClientBase")
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRY = RetryPolicy()
# Sent exactly once: uploads' chunks, operation cancels and deletes.
ONCE = RetryPolicy(max_attempts=1)
# The API family's conventions, filled in by the generator (generator/conventions.py):
# where a key may come from.
_KEY_ENV_VARS: tuple[str, ...] = ("GEMINI_API_KEY", "GOOGLE_API_KEY")


_NO_OPTIONS = Options()


class ClientBase:
    _default_base_url: ClassVar[str] = ""
    _api_key_header: ClassVar[str | None] = None
    _api_key_query: ClassVar[str | None] = None
    _owns_http: bool
    # A copy made by `with_raw_response`: what a method returns is wrapped in a `RawResponse`.
    _raw_mode: bool = False

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        key = api_key or next((os.environ[v] for v in _KEY_ENV_VARS if os.environ.get(v)), None)
        if not key and (self._api_key_header or self._api_key_query):
            where = " or set " + " or ".join(_KEY_ENV_VARS) if _KEY_ENV_VARS else ""
            raise ValueError(f"no API key: pass api_key=...{where}")
        self.base_url = (base_url or self._default_base_url).rstrip("/")
        # Held only by the auth flow, which puts it on the wire and nowhere else.
        self._auth = KeyAuth(
            key or "", self._api_key_header, self._api_key_query, origin(self.base_url)
        )
        self.timeout = timeout
        self.stream_deadline = stream_deadline
        self.retry = _policy(retry or DEFAULT_RETRY, max_retries)
        self.default_headers: dict[str, str] = dict(default_headers or {})
        configure_from_env()

    @property
    def max_retries(self) -> int:
        """Retries after the first send: `retry.max_attempts - 1`."""
        return self.retry.max_attempts - 1

    def __repr__(self) -> str:
        # The key is deliberately absent: reprs end up in logs.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self: C,
        *,
        timeout: TimeoutArg | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        stream_deadline: float | NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy with other settings that shares this client's connections, for one
        call or a few: `client.with_options(timeout=5, retry=RetryPolicy(max_attempts=1))`.
        `default_headers` are added to this client's. Closing the copy closes nothing."""
        clone = copy.copy(self)
        clone._owns_http = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(stream_deadline, NotGiven):
            clone.stream_deadline = stream_deadline
        clone.retry = _policy(retry or self.retry, max_retries)
        if default_headers:
            clone.default_headers = {**self.default_headers, **default_headers}
        return clone

    def _raw_copy(self: C) -> C:
        """The copy `with_raw_response` calls: same settings and connections, raw results."""
        clone = copy.copy(self)
        clone._owns_http = False
        clone._raw_mode = True
        return clone

    def _result(self, response: httpx.Response, parse: Callable[[], T]) -> T:
        """What a method returns: `parse()`, or in raw mode the response with `parse`."""
        if self._raw_mode:
            return cast(T, RawResponse(response, parse))
        return parse()

    def _timeouts(self, stream: bool, call: Call) -> Timeouts:
        """The call's `timeout=` if it has one, else the client's."""
        chosen = (call.options or _NO_OPTIONS).timeout
        timeout = self.timeout if isinstance(chosen, NotGiven) else chosen
        if stream:
            return stream_timeouts(timeout, self.stream_deadline)
        return unary_timeouts(timeout)

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, call: Call, timeouts: Timeouts
    ) -> httpx.Request:
        accept = "*/*" if call.raw_response else "application/json"
        # A whole URL named by a server (an upload session) may be on another host: the
        # caller's headers and query (and, in KeyAuth, the key) go only to the API's own origin.
        ours = call.url is None or origin(call.url) == origin(self.base_url)
        options = call.options or _NO_OPTIONS
        headers = httpx.Headers({"accept": accept, **(self.default_headers if ours else {})})
        for name, value in (call.headers or {}).items():
            if value is not None:
                headers[name] = str(query_value(value))
        for name, value in (options.extra_headers or {}).items() if ours else ():
            if value is None:
                headers.pop(name, None)  # a None removes a default header
            else:
                headers[name] = value
        query = {**(call.query or {}), **((options.extra_query or {}) if ours else {})}
        params = {k: query_value(v) for k, v in query.items() if v is not None}
        if options.extra_body:
            call = replace(call, body=with_extra_body(call.body, options.extra_body))
        body = encode_body(call) if call.body is not None else {}
        if "content" in body:
            headers["content-type"] = call.content_type
        # Merged, not replaced: a session URL carries its own query (`upload_id=...`).
        url = httpx.URL(call.url or self.base_url + call.path).copy_merge_params(params)
        return http.build_request(
            call.method, url, headers=headers, extensions={"timeout": timeouts}, **body
        )

    def _retry_wait(self, attempt: int, what: str, why: str) -> float:
        """Seconds to wait before retry `attempt` of `what` (an upload resuming), logged."""
        delay = self.retry.backoff(attempt)
        logger.info(
            "%s failed (%s); retry %d of %d in %.2f s",
            what,
            why,
            attempt + 1,
            self.max_retries,
            delay,
        )
        return delay


def read_and_release(response: httpx.Response) -> None:
    try:
        response.read()
    finally:
        response.close()
        release(response)


async def aread_and_release(response: httpx.Response) -> None:
    try:
        await response.aread()
    finally:
        await response.aclose()
        release(response)


def _policy(policy: RetryPolicy, max_retries: int | None) -> RetryPolicy:
    return policy if max_retries is None else policy.with_max_retries(max_retries)
