"""A Gemini-speaking HTTP server on 127.0.0.1 for the client tests.

A real `ThreadingHTTPServer` in the test process, HTTP/1.1 with keep-alive,
speaking the wire format of generativelanguage.googleapis.com: JSON bodies,
`{"error": {code, message, status, details}}` errors, and `text/event-stream`
written as chunked transfer encoding, one flushed HTTP chunk per piece, so the
client sees the stream split exactly where a test splits it.

Like the real service it checks the API key: a request without the
`x-goog-api-key` header, with another value, or with a `key` query parameter
gets a 401, so every test also proves the key travels in the header only.

Each request is recorded as a `Seen`; the answer is the next queued `Reply`
if any (`server.queue(...)`), else whatever `server.route(seen)` returns.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .quiet_http import QuietHandler, QuietServer

__all__ = [
    "API_KEY",
    "GeminiServer",
    "Reply",
    "Seen",
    "error_reply",
    "json_reply",
    "sse_bytes",
    "sse_reply",
]

API_KEY = "test-key-Zq8sW3rT6yU1"

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str  # without the query string, still percent-encoded
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: Any  # the parsed JSON body, or None when there was none


@dataclass
class Reply:
    """What to answer. `chunks` makes it a server-sent event stream."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] | None = None
    chunk_pause: float = 0.0  # between chunks, so that each is its own network read
    end: str = "clean"  # after the chunks: "clean" (last chunk), "cut" (drop the socket)
    forever: bool = False  # keep sending the last chunk until the client goes away
    delay: float = 0.0  # wait this long before answering (timeouts)
    raw: bytes | None = None  # a body sent as is, e.g. an HTML page from a proxy
    # Hold every chunk after the first until the test sets this; unset after 10 s, the
    # connection is dropped instead, so a client that waits for more fails loudly.
    gate: threading.Event | None = None
    drop: bool = False  # read the whole request, then hang up without answering
    drip: float = 0.0  # write a JSON body one byte at a time, pausing this long before each
    drip_head: bool = False  # with `drip`, the status line and headers are dripped too
    cut_body: bool = False  # announce the whole JSON body, send half of it, then hang up


def json_reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status=status, body=body, headers=dict(headers or {}))


def error_reply(
    code: int,
    message: str = "error",
    details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """An error in the google.rpc.Status shape the Gemini API uses."""
    error: dict[str, Any] = {
        "code": code,
        "message": message,
        "status": _STATUS_NAMES.get(code, "UNKNOWN"),
    }
    if details is not None:
        error["details"] = details
    return Reply(status=code, body={"error": error}, headers=dict(headers or {}))


def sse_bytes(payloads: Iterable[Any], newline: str = "\r\n") -> bytes:
    """Events as the Gemini API writes them: one `data:` line of JSON each, CRLF endings."""
    return b"".join(
        f"data: {json.dumps(p, separators=(',', ':'))}{newline}{newline}".encode() for p in payloads
    )


def sse_reply(
    payloads: Iterable[Any] = (), chunks: list[bytes] | None = None, **options: Any
) -> Reply:
    return Reply(chunks=chunks if chunks is not None else [sse_bytes(payloads)], **options)


class GeminiServer:
    """Start with `with GeminiServer() as server:`; `server.url("v1beta")` is a base URL."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.replies: deque[Reply] = deque()
        self.route: Callable[[Seen], Reply] = _not_found
        self.disconnected = threading.Event()  # set when a `forever` stream loses its client
        self.dripped = 0  # bytes of the last dripped body written before the client left
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, version: str = "v1beta") -> str:
        return f"http://127.0.0.1:{self.port}/{version}"

    def queue(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def requests(self, method: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if method is None or s.method == method]

    def __enter__(self) -> GeminiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _record(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            if self.replies:
                return self.replies.popleft()
        return self.route(seen)


def _not_found(seen: Seen) -> Reply:
    return error_reply(404, f"no route for {seen.method} {seen.path}")


class _Server(QuietServer):
    owner: GeminiServer


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        seen = Seen(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=json.loads(raw) if raw else None,
        )
        reply = owner._record(seen)
        if "key" in seen.query or seen.headers.get("x-goog-api-key") != API_KEY:
            reply = error_reply(401, "API key not valid. Please pass a valid API key.")
        if reply.delay and owner.stopping.wait(reply.delay):
            return
        if reply.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if reply.chunks is not None:
            self._stream(reply)
        else:
            self._send_json(reply)

    def _send_json(self, reply: Reply) -> None:
        if reply.raw is not None:
            content, kind = reply.raw, "text/html; charset=UTF-8"
        else:
            content = json.dumps(reply.body if reply.body is not None else {}).encode()
            kind = "application/json; charset=UTF-8"
        head = {"content-type": kind, "content-length": str(len(content)), **reply.headers}
        if reply.drip_head:
            lines = [f"HTTP/1.1 {reply.status} {HTTPStatus(reply.status).phrase}"]
            lines += [f"{name}: {value}" for name, value in head.items()]
            self._drip("\r\n".join([*lines, "", ""]).encode() + content, reply.drip)
            return
        self.send_response(reply.status)
        for name, value in head.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.cut_body:
            self.wfile.write(content[: len(content) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif reply.drip:
            self._drip(content, reply.drip)
        else:
            self.wfile.write(content)
            self.wfile.flush()

    def _drip(self, content: bytes, pause: float) -> None:
        owner = self.server.owner
        owner.dripped = 0
        try:
            for index in range(len(content)):
                if owner.stopping.wait(pause):
                    return
                self.wfile.write(content[index : index + 1])
                self.wfile.flush()
                owner.dripped += 1
        except OSError:
            self.close_connection = True

    def _stream(self, reply: Reply) -> None:
        owner = self.server.owner
        self.send_response(reply.status)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        chunks = list(reply.chunks or [])
        try:
            for index, chunk in enumerate(chunks):
                if index and reply.chunk_pause and owner.stopping.wait(reply.chunk_pause):
                    return
                if index == 1 and reply.gate is not None and not reply.gate.wait(10):
                    reply = replace(reply, end="cut")
                    break
                self._chunk(chunk)
            while reply.forever and not owner.stopping.wait(reply.chunk_pause or 0.01):
                self._chunk(chunks[-1])
        except OSError:
            owner.disconnected.set()
            self.close_connection = True
            return
        if reply.end == "cut":
            # Gone without the terminating zero-length chunk: a dropped connection.
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()
