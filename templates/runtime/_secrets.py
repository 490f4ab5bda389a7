"""The API key on the wire and nowhere else.

The key is added by an httpx auth flow as the request leaves and is overwritten
with `[secure]` as soon as the response (or the failure) is in. Every object that
outlives the send (the response's `.request`, an error's `.response`, an httpx
exception kept as an error's context) holds that same request, so none of them
shows the key: httpx itself masks only `Authorization` in a headers repr. The one
other copy, the transport's own request behind the response's byte stream, is let
go with the stream (`release`) once the body is read or the response closed.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ._media import origin

__all__ = ["REDACTED", "KeyAuth", "release"]

REDACTED = "[secure]"


class KeyAuth(httpx.Auth):
    """Sends the key in a header, or else in a query parameter, for one request at a time."""

    __slots__ = ("_header", "_key", "_origin", "_query")

    def __init__(self, key: str, header: str | None, query: str | None, home: str) -> None:
        self._key = key
        self._header = header
        self._query = None if header else query  # a header is preferred
        self._origin = home  # the API's own `scheme://host[:port]`: the key goes nowhere else

    def __repr__(self) -> str:
        return f"{type(self).__name__}(header={self._header!r}, query={self._query!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._key or origin(str(request.url)) != self._origin:
            # No key, or a URL a server named on another host (an upload session).
            yield request
            return
        if self._header:
            request.headers[self._header] = self._key
        if self._query:
            request.url = request.url.copy_set_param(self._query, self._key)
        try:
            yield request
        finally:
            # Runs when the response headers are in, or when sending failed: httpx
            # closes the flow either way.
            redact(request, self._header, self._query)


def redact(request: httpx.Request, header: str | None, query: str | None) -> None:
    if header and header in request.headers:
        request.headers[header] = REDACTED
    if query and query in request.url.params:
        request.url = request.url.copy_set_param(query, REDACTED)


def release(response: httpx.Response) -> httpx.Response:
    """Drop a closed response's byte stream, which holds the transport's copy of the
    request (headers and all); the body already read stays in `.content`."""
    if response.is_closed:
        response.stream = httpx.ByteStream(b"")
    return response
