"""A stateful Files API on 127.0.0.1: resumable and multipart uploads, downloads, file states.

It speaks the upload protocol the way generativelanguage.googleapis.com does:
`x-goog-upload-command: start` opens a session named in `x-goog-upload-url`;
chunks must arrive at the offset the session holds; `query` reports it; the
chunk with `finalize` completes the file, and the response carries `{"file": ...}`.

Like the real service, the session URL is the upload path with an `upload_id` query.
Faults are set per test: `cut_after` drops the connection part way through the
next chunks (after committing the bytes read so far; None lets a chunk through), `fail_chunks` answers the
next chunks with a 503 without committing anything, `misreport` answers a chunk
with a byte count of its own (`"over"`: more than was sent; `"stuck"`: no progress;
`"active"`: a finalize that does not say final), `cut_download_after` ends a
download early, `pause` holds every answer back that many seconds. Every request
is recorded (its query in `queries`), and the API key is checked.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .quiet_http import QuietHandler, QuietServer
from .server import API_KEY

__all__ = ["MediaServer", "StoredFile"]


@dataclass
class StoredFile:
    name: str
    metadata: dict[str, Any]
    mime_type: str
    expected_size: int
    data: bytearray = field(default_factory=bytearray)
    final: bool = False
    # The states getFile reports, one per call; the last one repeats.
    states: list[str] = field(default_factory=lambda: ["ACTIVE"])

    def resource(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "displayName": self.metadata.get("file", {}).get("displayName", ""),
            "mimeType": self.mime_type,
            "sizeBytes": str(len(self.data)),
            "sha256Hash": hashlib.sha256(self.data).hexdigest(),
            "state": self.states[0],
            "uri": f"https://example.invalid/v1beta/{self.name}",
        }


class MediaServer:
    def __init__(self) -> None:
        self.files: dict[str, StoredFile] = {}
        self.sessions: dict[str, StoredFile] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self.queries: list[dict[str, list[str]]] = []  # each request's, in the same order
        # Bytes to read of each next chunk before hanging up; None: the whole chunk.
        self.cut_after: list[int | None] = []
        self.fail_chunks = 0
        self.misreport: str | None = None
        self.session_origin: str | None = None  # name sessions on another server
        self.cut_download_after: int | None = None
        self.pause = 0.0
        self.lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True
        )

    def url(self, version: str = "v1beta") -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/{version}"

    def add(self, name: str, data: bytes, states: list[str] | None = None) -> StoredFile:
        stored = StoredFile(name, {}, "application/octet-stream", len(data), bytearray(data), True)
        if states:
            stored.states = states
        self.files[name] = stored
        return stored

    def commands(self) -> list[str]:
        return [h.get("x-goog-upload-command", "") for _, _, h in self.requests]

    def __enter__(self) -> MediaServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Server(QuietServer):
    owner: MediaServer


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        query = parse_qs(parts.query)
        with owner.lock:
            owner.requests.append((self.command, parts.path, headers))
            owner.queries.append(query)
        time.sleep(owner.pause)
        if headers.get("x-goog-api-key") != API_KEY:
            self._drain()
            return self._json(401, {"error": {"code": 401, "message": "bad key"}})
        if parts.path == "/upload/v1beta/files" and "upload_id" in query:
            return self._session(owner, query["upload_id"][0], headers)
        if parts.path == "/upload/v1beta/files":
            return self._start(owner, headers)
        if parts.path.startswith("/download/v1beta/files/") and query.get("alt") == ["media"]:
            return self._download(owner, parts.path.split("/")[-1].split(":")[0])
        if parts.path.startswith("/v1beta/files/"):
            return self._get(owner, "files/" + parts.path.rsplit("/", 1)[1])
        self._drain()
        self._json(404, {"error": {"code": 404, "message": f"no route for {parts.path}"}})

    def _body(self) -> bytes:
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def _drain(self) -> None:
        self._body()

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(content)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(content)

    def _start(self, owner: MediaServer, headers: dict[str, str]) -> None:
        body = self._body()
        protocol = headers.get("x-goog-upload-protocol")
        number = len(owner.files) + len(owner.sessions) + 1
        if protocol == "multipart":
            metadata, mime_type, data = _split_multipart(headers["content-type"], body)
            stored = StoredFile(f"files/f{number}", metadata, mime_type, len(data), bytearray(data))
            stored.final = True
            owner.files[stored.name] = stored
            return self._json(200, {"file": stored.resource()})
        if protocol != "resumable" or headers.get("x-goog-upload-command") != "start":
            return self._json(400, {"error": {"code": 400, "message": "bad upload start"}})
        stored = StoredFile(
            name=f"files/f{number}",
            metadata=json.loads(body or b"{}"),
            mime_type=headers.get("x-goog-upload-header-content-type", ""),
            expected_size=int(headers.get("x-goog-upload-header-content-length", "-1")),
        )
        session = f"s{number}"
        owner.sessions[session] = stored
        origin = owner.session_origin or f"http://{self.headers['host']}"
        url = f"{origin}/upload/v1beta/files?upload_id={session}&upload_protocol=resumable"
        self._json(200, {}, {"x-goog-upload-url": url})

    def _session(self, owner: MediaServer, session: str, headers: dict[str, str]) -> None:
        stored = owner.sessions[session]
        command = headers.get("x-goog-upload-command", "")
        if command == "query":
            self._drain()
            return self._status(stored)
        offset = int(headers["x-goog-upload-offset"])
        length = int(headers.get("content-length") or 0)
        if owner.fail_chunks:
            owner.fail_chunks -= 1
            self.rfile.read(length)
            return self._json(503, {"error": {"code": 503, "message": "try again"}})
        if offset != len(stored.data):
            self.rfile.read(length)
            return self._json(400, {"error": {"code": 400, "message": "offset mismatch"}})
        cut = owner.cut_after.pop(0) if owner.cut_after else None
        if cut is not None:
            keep = min(cut, length)
            stored.data += self.rfile.read(keep)  # committed, then the connection breaks
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        stored.data += self.rfile.read(length)
        if owner.misreport in ("over", "stuck") or (
            owner.misreport == "active" and "finalize" in command
        ):
            return self._misreport(owner, stored, offset)
        if "finalize" in command:
            if len(stored.data) != stored.expected_size:
                return self._json(400, {"error": {"code": 400, "message": "size mismatch"}})
            stored.final = True
            owner.files[stored.name] = stored
        return self._status(stored)

    def _misreport(self, owner: MediaServer, stored: StoredFile, offset: int) -> None:
        fault, owner.misreport = owner.misreport, None
        received = {"over": len(stored.data) + 10, "stuck": offset}.get(
            fault or "", len(stored.data)
        )
        if fault == "stuck":
            del stored.data[offset:]  # nothing of the chunk was kept
            owner.misreport = "stuck"  # and it never is
        headers = {"x-goog-upload-status": "active", "x-goog-upload-size-received": str(received)}
        self._json(200, {}, headers)

    def _status(self, stored: StoredFile) -> None:
        headers = {
            "x-goog-upload-status": "final" if stored.final else "active",
            "x-goog-upload-size-received": str(len(stored.data)),
        }
        self._json(200, {"file": stored.resource()} if stored.final else {}, headers)

    def _download(self, owner: MediaServer, file_id: str) -> None:
        stored = owner.files[f"files/{file_id}"]
        data = bytes(stored.data)
        self.send_response(200)
        self.send_header("content-type", "application/octet-stream")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if owner.cut_download_after is not None:
            self.wfile.write(data[: owner.cut_download_after])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        for start in range(0, len(data), 65536):
            self.wfile.write(data[start : start + 65536])

    def _get(self, owner: MediaServer, name: str) -> None:
        stored = owner.files.get(name)
        if stored is None:
            return self._json(404, {"error": {"code": 404, "message": "no such file"}})
        resource = stored.resource()
        if resource["state"] == "FAILED":
            resource["error"] = {"code": 3, "message": "unsupported video codec"}
        if len(stored.states) > 1:
            stored.states.pop(0)
        self._json(200, resource)


def _split_multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], str, bytes]:
    """The JSON metadata, the media type and the bytes of a `multipart/related` body."""
    boundary = content_type.split("boundary=", 1)[1].encode()
    parts = body.split(b"--" + boundary)
    _head, metadata = parts[1].split(b"\r\n\r\n", 1)
    media_head, data = parts[2].split(b"\r\n\r\n", 1)
    mime_type = media_head.decode().split("content-type:", 1)[1].strip()
    return json.loads(metadata.rstrip(b"\r\n")), mime_type, data[: -len(b"\r\n")]
