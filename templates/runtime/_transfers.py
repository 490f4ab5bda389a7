"""Client methods that move bytes or wait: media uploads, downloads, and polling until ready.

Mixed into the client bases of `_http`, whose `_send` they use. Uploads follow the
protocols in `_media`: chunks are sent exactly once each (`retry=False`); after a
failure the session is asked what it holds and the upload resumes from there, up
to `max_retries` times in a row.

Per-call options (`Options`) hold for each request on its own: a timeout bounds each
request of an upload, not the whole (a large file may take longer in all), and a
number also limits how far the chunks grow (`_resumable`). The
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
    APIConnectionError,
    ApiError,
    APITimeoutError,
    OperationFailedError,
    error_from_status,
)
from ._media import (
    CHUNK_SIZE,
    MULTIPART_HEADERS,
    Destination,
    MediaSource,
    UploadFile,
    at_pointer,
    is_final,
    multipart,
    origin,
    session_url,
    sink,
    start_headers,
)
from ._operations import poll_pause
from ._options import Options, with_extra_body
from ._resumable import ResumableUpload
from ._timeouts import Timeouts

__all__ = ["AsyncTransfers", "SyncTransfers"]

T = TypeVar("T")


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


class _TransfersBase:
    base_url: str
    # The first upload request's size, and the most a file may have to go in one multipart
    # request; later chunks may grow (`_resumable`). Google's servers want multiples of 256 KiB.
    _upload_chunk_size: int = CHUNK_SIZE

    if TYPE_CHECKING:

        @property
        def max_retries(self) -> int: ...

        def _timeouts(self, stream: bool, call: Call) -> Timeouts: ...

        def _retry_wait(self, attempt: int, what: str, why: str) -> float: ...

    def _resumable(
        self, session: str, source: MediaSource, options: Options | None
    ) -> ResumableUpload:
        # Each request's time limit: the per-call timeout, else the client's.
        limit = self._timeouts(False, Call("POST", "", options=options)).seconds
        return ResumableUpload(
            session, source, self._upload_chunk_size, options, limit, self.max_retries
        )


class SyncTransfers(_TransfersBase):
    if TYPE_CHECKING:

        def _send(self, call: Call, stream: bool = False, retry: bool = True) -> httpx.Response: ...

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
            upload = self._resumable(session, source, each)
            while True:
                try:
                    response = self._send(upload.chunk_call(), retry=False)
                except ApiError as exc:
                    if not upload.may_resume(exc):
                        raise
                    wait = self._retry_wait(upload.failures - 1, "upload chunk", type(exc).__name__)
                    time.sleep(wait)
                    # Sent once and not logged by URL: the session URL is a credential.
                    status = self._send(upload.query_call(), retry=False)
                    if is_final(status):
                        return decode(json_body(status))
                    upload.resume(status)
                    continue
                if upload.answered(response):
                    return decode(json_body(response))

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


class AsyncTransfers(_TransfersBase):
    if TYPE_CHECKING:

        async def _send(
            self, call: Call, stream: bool = False, retry: bool = True
        ) -> httpx.Response: ...

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
            upload = self._resumable(session, source, each)
            while True:
                try:
                    response = await self._send(upload.chunk_call(asynchronous=True), retry=False)
                except ApiError as exc:
                    if not upload.may_resume(exc):
                        raise
                    wait = self._retry_wait(upload.failures - 1, "upload chunk", type(exc).__name__)
                    await async_sleep(wait)
                    status = await self._send(upload.query_call(), retry=False)
                    if is_final(status):
                        return decode(json_body(status))
                    upload.resume(status)
                    continue
                if upload.answered(response):
                    return decode(json_body(response))

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
