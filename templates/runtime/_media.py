"""Bytes in and out: Google's resumable and multipart upload protocols, and downloads.

An upload reads its source a piece at a time, so a file of any size takes constant
memory. The resumable protocol starts a session (the response names its URL), sends
chunks at explicit offsets (sized by `_resumable`), and finalizes with the last one.
After a broken connection or a server error it asks the session how many bytes it
committed and goes on from there, so the server ends up with exactly the bytes sent
once. Small files go in one `multipart/related` request instead.
"""

from __future__ import annotations

import io
import mimetypes
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any, BinaryIO, TypeAlias

import httpx

from ._errors import ApiError
from ._json import dumps

__all__ = [
    "CHUNK_SIZE",
    "MULTIPART_HEADERS",
    "QUERY_HEADERS",
    "Destination",
    "MediaSource",
    "UploadFile",
    "at_pointer",
    "chunk_headers",
    "committed",
    "finished",
    "is_final",
    "multipart",
    "nest",
    "origin",
    "session_url",
    "sink",
    "stalled",
    "start_headers",
]

UploadFile: TypeAlias = "str | os.PathLike[str] | bytes | BinaryIO"
Destination: TypeAlias = "str | os.PathLike[str] | BinaryIO"
# Google's servers take chunks in multiples of 256 KiB; 8 MiB is what their SDKs send
# every time, and here the first chunk's size (`_resumable` grows the later ones).
CHUNK_SIZE = 8 * 1024 * 1024
_PIECE = 256 * 1024  # what one read of a chunk takes from the file
_PROTOCOL = "x-goog-upload-protocol"
_COMMAND = "x-goog-upload-command"
_OFFSET = "x-goog-upload-offset"
_STATUS = "x-goog-upload-status"
_RECEIVED = "x-goog-upload-size-received"
_SESSION_URL = "x-goog-upload-url"


class MediaSource:
    """An upload's bytes: a path, `bytes` or a seekable binary file object, read by offset."""

    def __init__(self, file: UploadFile, mime_type: str | None) -> None:
        name: str | None = None
        if isinstance(file, bytes | bytearray | memoryview):
            self._stream: IO[bytes] = io.BytesIO(bytes(file))
            self._owned = True
        elif isinstance(file, str | os.PathLike):
            name = os.fspath(file)
            self._stream = open(name, "rb")  # noqa: SIM115 - closed by close()
            self._owned = True
        elif isinstance(file, io.TextIOBase):
            raise TypeError("a file object must be opened in binary mode ('rb')")
        elif hasattr(file, "read") and hasattr(file, "seek"):
            self._stream = file
            self._owned = False
            name = (
                getattr(file, "name", None)
                if isinstance(getattr(file, "name", None), str)
                else None
            )
        else:
            raise TypeError("file must be a path, bytes or a binary file object")
        if not self._stream.seekable():
            self.close()
            raise ValueError("a file object must be seekable, so an upload can resume")
        self._start = self._stream.tell()
        self.size = self._stream.seek(0, io.SEEK_END) - self._start
        guessed = mimetypes.guess_type(name)[0] if name else None
        self.mime_type = mime_type or guessed or "application/octet-stream"

    def read(self, offset: int, size: int) -> bytes:
        self._stream.seek(self._start + offset)
        return self._stream.read(size)

    def pieces(self, offset: int, size: int) -> Iterator[bytes]:
        """`size` bytes from `offset`, a piece at a time: what a chunk request streams, so a
        chunk is never held whole (httpx keeps a sent body alive until a cycle collection)."""
        end = offset + size
        while offset < end:
            data = self.read(offset, min(_PIECE, end - offset))
            if not data:
                raise ValueError("the file got shorter while it was being uploaded")
            offset += len(data)
            yield data

    async def apieces(self, offset: int, size: int) -> AsyncIterator[bytes]:
        """`pieces` for the async client (the file reads themselves stay synchronous)."""
        for data in self.pieces(offset, size):
            yield data

    def close(self) -> None:
        if self._owned:
            self._stream.close()

    def __enter__(self) -> MediaSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def origin(base_url: str) -> str:
    """`https://host[:port]` of a base URL: upload and download paths start at the host."""
    url = httpx.URL(base_url)
    return str(url.copy_with(path="/", query=None, fragment=None)).rstrip("/")


def nest(fields: Mapping[str, Any]) -> dict[str, Any]:
    """`{"/file/displayName": "x"}` as `{"file": {"displayName": "x"}}`; None is left out."""
    result: dict[str, Any] = {}
    for pointer, value in fields.items():
        if value is None:
            continue
        *parents, last = pointer.strip("/").split("/")
        node = result
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return result


def at_pointer(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer of a response; an empty object when absent."""
    for key in pointer.strip("/").split("/") if pointer else ():
        data = data.get(key) if isinstance(data, dict) else None
    return {} if data is None else data


def start_headers(source: MediaSource) -> dict[str, str]:
    return {
        _PROTOCOL: "resumable",
        _COMMAND: "start",
        "x-goog-upload-header-content-length": str(source.size),
        "x-goog-upload-header-content-type": source.mime_type,
    }


def chunk_headers(offset: int, size: int, last: bool) -> dict[str, str]:
    return {
        _COMMAND: "upload, finalize" if last else "upload",
        _OFFSET: str(offset),
        "content-length": str(size),  # a streamed body states its length up front
    }


QUERY_HEADERS = {_COMMAND: "query"}
MULTIPART_HEADERS = {_PROTOCOL: "multipart"}


def session_url(response: httpx.Response) -> str:
    url = response.headers.get(_SESSION_URL)
    if not url:
        raise ApiError(
            "the upload was not started: the response named no upload URL",
            status_code=response.status_code,
            response=response,
        )
    return str(url)


def is_final(response: httpx.Response) -> bool:
    return str(response.headers.get(_STATUS, "")).lower() == "final"


def committed(response: httpx.Response, fallback: int, low: int, high: int) -> int:
    """How many bytes the session holds, by its own count when it gives one. A count
    outside what was sent (`low` to `high`) means the session and the file disagree."""
    try:
        count = int(response.headers[_RECEIVED])
    except (KeyError, ValueError):
        return fallback
    if not low <= count <= high:
        raise ApiError(
            f"the upload session holds {count} bytes, not between {low} and {high}",
            status_code=response.status_code,
            response=response,
        )
    return count


def finished(response: httpx.Response) -> httpx.Response:
    """The response to the last chunk, which must say the upload is complete."""
    if not is_final(response):
        raise ApiError(
            "the upload was not completed: the last chunk's response is not final",
            status_code=response.status_code,
            response=response,
        )
    return response


def stalled(response: httpx.Response) -> ApiError:
    return ApiError(
        "the upload made no progress: the session keeps the same byte count",
        status_code=response.status_code,
        response=response,
    )


def multipart(metadata: Any, source: MediaSource) -> tuple[bytes, str]:
    """A `multipart/related` body: the JSON metadata, then the bytes (small files only)."""
    data = source.read(0, source.size)
    boundary = uuid.uuid4().hex
    while boundary.encode() in data:
        boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n"
        f"{dumps(metadata)}\r\n--{boundary}\r\ncontent-type: {source.mime_type}\r\n\r\n"
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/related; boundary={boundary}"


@contextmanager
def sink(destination: Destination) -> Iterator[IO[bytes]]:
    """Where downloaded bytes go. A path is written to a new file beside it, renamed into
    place once complete, so a broken download never leaves a partial file under its name
    and no other file is touched."""
    if not isinstance(destination, str | os.PathLike):
        yield destination
        return
    target = os.fspath(destination)
    folder, name = os.path.split(os.path.abspath(target))
    handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
