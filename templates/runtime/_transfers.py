"""Client methods that move bytes or wait: media uploads, downloads, and polling until ready.

Mixed into the client bases of `_http`, whose `_send` they use. Uploads follow the
protocols in `_media`: chunks are sent exactly once each (`retry=False`); after a
failure the session is asked what it holds and the upload resumes from there, up
to `max_retries` times in a row.

Per-call options (`Options`) hold for each request on its own: a timeout bounds each
request of an upload, not the whole (a large file may take longer in all). The
caller's headers and query go with the request that starts an upload, and
`extra_body` sets keys of its JSON metadata; the session's requests (chunks, status
queries) go to a URL the server named, with its own authority and query, and get
the timeout alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._attempts import async_sleep
from ._call import Call, json_body
from ._errors import (
    RETRY_STATUSES,
    APIConnectionError,
    ApiError,
    APITimeoutError,
    OperationFailedError,
    error_from_status,
)
from ._media import (
    CHUNK_SIZE,
    MULTIPART_HEADERS,
    QUERY_HEADERS,
    Destination,
    MediaSource,
    UploadFile,
    at_pointer,
    chunk_headers,
    committed,
    finished,
    is_final,
    multipart,
    origin,
    session_url,
    sink,
    stalled,
    start_headers,
)
from ._operations import poll_pause
from ._options import Options, with_extra_body

__all__ = ["AsyncTransfers", "SyncTransfers"]

T = TypeVar("T")


def _resumable(failure: Exception) -> bool:
    """A broken connection or a transient server error: the session may be asked and resumed."""
    if isinstance(failure, APIConnectionError):
        return True
    return isinstance(failure, ApiError) and failure.status_code in RETRY_STATUSES


def _use_multipart(protocols: Iterable[str], source: MediaSource, chunk_size: int) -> bool:
    """Multipart for what fits in one chunk anyway: one request instead of two."""
    protocols = tuple(protocols)
    return "multipart" in protocols and ("resumable" not in protocols or source.size <= chunk_size)


def _split_options(
    metadata: Any, options: Options | None
) -> tuple[Any, Options | None, Options | None]:
    """The metadata with `extra_body` set, the options of the request that starts the
    upload, and those of the session's requests (the timeout alone)."""
    if options is None:
        return metadata, None, None
    start = replace(options, extra_body=None)  # in the metadata now, not beside the file
    return with_extra_body(metadata, options.extra_body), start, Options(options.timeout)


def _multipart_call(url: str, metadata: Any, source: MediaSource, options: Options | None) -> Call:
    body, content_type = multipart(metadata, source)
    return Call(
        "POST",
        "",
        headers=MULTIPART_HEADERS,
        body=body,
        content_type=content_type,
        url=url,
        options=options,
    )


def _start_call(url: str, metadata: Any, source: MediaSource, options: Options | None) -> Call:
    # Starting only opens a session: sent twice, it leaves an unused one behind.
    headers = start_headers(source)
    return Call(
        "POST", "", headers=headers, body=metadata, url=url, idempotent=True, options=options
    )


def _query_call(session: str, options: Options | None) -> Call:
    return Call("POST", "", headers=QUERY_HEADERS, url=session, options=options)


def _chunk_call(
    session: str,
    source: MediaSource,
    offset: int,
    chunk_size: int,
    options: Options | None,
    asynchronous: bool = False,
) -> tuple[Call, int]:
    """The request sending the chunk at `offset`, and its size."""
    size = min(chunk_size, source.size - offset)
    last = offset + size >= source.size
    body = source.apieces(offset, size) if asynchronous else source.pieces(offset, size)
    call = Call(
        "POST",
        "",
        headers=chunk_headers(offset, size, last),
        body=body,
        content_type="application/octet-stream",
        url=session,
        options=options,
    )
    return call, size


def _download_call(base_url: str, path: str, options: Options | None) -> Call:
    url = origin(base_url) + path
    return Call("GET", "", query={"alt": "media"}, raw_response=True, url=url, options=options)


def _failure(data: Any, field: str, error: str, name: str) -> ApiError:
    status = at_pointer(data, error) if error else {}
    if not isinstance(status, dict) or not status.get("message"):
        status = {"message": f"{name} is {at_pointer(data, field)}"}
    return error_from_status(status, OperationFailedError)


def _broken_download(exc: httpx.TransportError) -> ApiError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"the download timed out ({type(exc).__name__})")
    return APIConnectionError(f"the download broke off ({type(exc).__name__}: {exc})")


class SyncTransfers:
    base_url: str
    # Bytes per upload request; Google's servers want multiples of 256 KiB.
    _upload_chunk_size: int = CHUNK_SIZE

    if TYPE_CHECKING:

        @property
        def max_retries(self) -> int: ...

        def _send(self, call: Call, stream: bool = False, retry: bool = True) -> httpx.Response: ...

        def _retry_wait(
            self, attempt: int, what: str, why: str, response: httpx.Response | None = None
        ) -> float: ...

    def _upload(
        self,
        path: str,
        metadata: Any,
        file: UploadFile,
        mime_type: str | None,
        protocols: tuple[str, ...],
        decode: Callable[[Any], T],
        options: Options | None = None,
    ) -> T:
        """Upload `file` with `metadata` to `path` (from the host); the final response, decoded."""
        url = origin(self.base_url) + path
        metadata, start, each = _split_options(metadata, options)
        with MediaSource(file, mime_type) as source:
            if _use_multipart(protocols, source, self._upload_chunk_size):
                # Sent once: a retried multipart request could create the file twice.
                call = _multipart_call(url, metadata, source, start)
                return decode(json_body(self._send(call, retry=False)))
            session = session_url(self._send(_start_call(url, metadata, source, start)))
            offset, failures = 0, 0
            while True:
                call, size = _chunk_call(session, source, offset, self._upload_chunk_size, each)
                try:
                    response = self._send(call, retry=False)
                except ApiError as exc:
                    if not _resumable(exc) or failures >= self.max_retries:
                        raise
                    time.sleep(self._retry_wait(failures, "upload chunk", type(exc).__name__))
                    failures += 1
                    # Sent once and not logged by URL: the session URL is a credential.
                    status = self._send(_query_call(session, each), retry=False)
                    if is_final(status):
                        return decode(json_body(status))
                    offset = committed(status, offset, offset, offset + size)
                    continue
                if offset + size >= source.size:
                    return decode(json_body(finished(response)))
                progress = committed(response, offset + size, offset, offset + size)
                failures = failures + 1 if progress == offset else 0
                if failures > self.max_retries:
                    raise stalled(response)
                offset = progress

    def _download(self, path: str, destination: Destination, options: Options | None = None) -> int:
        """Stream the bytes at `path` (from the host, with `alt=media`) into `destination`."""
        response = self._send(_download_call(self.base_url, path, options), stream=True)
        written = 0
        try:
            with sink(destination) as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
                    written += len(chunk)
        except httpx.TransportError as exc:
            raise _broken_download(exc) from None
        finally:
            response.close()
        return written

    def _wait_until(
        self,
        call: Call,
        decode: Callable[[Any], T],
        *,
        field: str,
        ready: tuple[str, ...],
        failed: tuple[str, ...],
        error: str,
        timeout: float | None,
        poll_interval: float,
    ) -> T:
        """Poll `call` until `field` of its response is ready; raise if it failed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            data = json_body(self._send(call))
            state = at_pointer(data, field)
            if state in ready:
                return decode(data)
            if state in failed:
                raise _failure(data, field, error, call.path)
            time.sleep(poll_pause(deadline, poll_interval, call.path, timeout))


class AsyncTransfers:
    base_url: str
    # Bytes per upload request; Google's servers want multiples of 256 KiB.
    _upload_chunk_size: int = CHUNK_SIZE

    if TYPE_CHECKING:

        @property
        def max_retries(self) -> int: ...

        async def _send(
            self, call: Call, stream: bool = False, retry: bool = True
        ) -> httpx.Response: ...

        def _retry_wait(
            self, attempt: int, what: str, why: str, response: httpx.Response | None = None
        ) -> float: ...

    async def _upload(
        self,
        path: str,
        metadata: Any,
        file: UploadFile,
        mime_type: str | None,
        protocols: tuple[str, ...],
        decode: Callable[[Any], T],
        options: Options | None = None,
    ) -> T:
        """`SyncTransfers._upload`, awaited (file reads stay synchronous)."""
        url = origin(self.base_url) + path
        metadata, start, each = _split_options(metadata, options)
        with MediaSource(file, mime_type) as source:
            if _use_multipart(protocols, source, self._upload_chunk_size):
                call = _multipart_call(url, metadata, source, start)
                return decode(json_body(await self._send(call, retry=False)))
            session = session_url(await self._send(_start_call(url, metadata, source, start)))
            offset, failures = 0, 0
            while True:
                call, size = _chunk_call(
                    session, source, offset, self._upload_chunk_size, each, asynchronous=True
                )
                try:
                    response = await self._send(call, retry=False)
                except ApiError as exc:
                    if not _resumable(exc) or failures >= self.max_retries:
                        raise
                    await async_sleep(
                        self._retry_wait(failures, "upload chunk", type(exc).__name__)
                    )
                    failures += 1
                    status = await self._send(_query_call(session, each), retry=False)
                    if is_final(status):
                        return decode(json_body(status))
                    offset = committed(status, offset, offset, offset + size)
                    continue
                if offset + size >= source.size:
                    return decode(json_body(finished(response)))
                progress = committed(response, offset + size, offset, offset + size)
                failures = failures + 1 if progress == offset else 0
                if failures > self.max_retries:
                    raise stalled(response)
                offset = progress

    async def _download(
        self, path: str, destination: Destination, options: Options | None = None
    ) -> int:
        """`SyncTransfers._download`, awaited (file writes stay synchronous)."""
        response = await self._send(_download_call(self.base_url, path, options), stream=True)
        written = 0
        try:
            with sink(destination) as out:
                async for chunk in response.aiter_bytes():
                    out.write(chunk)
                    written += len(chunk)
        except httpx.TransportError as exc:
            raise _broken_download(exc) from None
        finally:
            await response.aclose()
        return written

    async def _wait_until(
        self,
        call: Call,
        decode: Callable[[Any], T],
        *,
        field: str,
        ready: tuple[str, ...],
        failed: tuple[str, ...],
        error: str,
        timeout: float | None,
        poll_interval: float,
    ) -> T:
        """`SyncTransfers._wait_until`, awaited."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            data = json_body(await self._send(call))
            state = at_pointer(data, field)
            if state in ready:
                return decode(data)
            if state in failed:
                raise _failure(data, field, error, call.path)
            await async_sleep(poll_pause(deadline, poll_interval, call.path, timeout))
