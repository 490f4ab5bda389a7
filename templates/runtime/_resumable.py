"""Where one resumable upload stands: the bytes its next request sends, and what the
session's answers mean for it.

Each chunk is a request that waits for the server's answer before the next one
starts, and the pipe between them runs dry meanwhile: fewer, larger requests waste
fewer of those waits. So chunks grow: each twice the last while the last took under
a quarter of a request's time limit (with no limit, always), and half the last when
it took over half, never below the first size; after a failure they start again from
the first size, which is small enough to get through a flaky link. A request thus
stays well inside its `timeout` on a slow link and a fast one ends in a few large
requests. The last one, `upload, finalize`, carries whatever remains; the others are
multiples of the first size (Google's servers want multiples of 256 KiB). Every
request's body is streamed a piece at a time (`MediaSource.pieces`), so memory does
not grow with the chunks.
"""

from __future__ import annotations

import httpx

from ._call import Call
from ._errors import APIConnectionError, ApiError
from ._media import (
    QUERY_HEADERS,
    MediaSource,
    chunk_headers,
    committed,
    finished,
    stalled,
)
from ._options import Options
from ._retry import DEFAULT_STATUSES

__all__ = ["ResumableUpload"]


class ResumableUpload:
    """The next chunk's offset and size; the session's answers checked and applied."""

    def __init__(
        self,
        session: str,
        source: MediaSource,
        first_chunk: int,
        options: Options | None,
        time_limit: float | None,
        max_retries: int,
    ) -> None:
        self.session = session  # a credential: never logged
        self.options = options  # the timeout alone: the session is not the API's origin
        self.source = source
        self.failures = 0  # in a row: broken requests, or answers without progress
        self.offset = 0  # bytes the session holds
        self._first = first_chunk
        self._chunk = first_chunk
        self._size = 0  # of the request under way
        self._limit = time_limit
        self._max_retries = max_retries

    def chunk_call(self, asynchronous: bool = False) -> Call:
        """The request sending the next chunk, from where the session stands."""
        self._size = min(self._chunk, self.source.size - self.offset)
        body = (
            self.source.apieces(self.offset, self._size)
            if asynchronous
            else self.source.pieces(self.offset, self._size)
        )
        return Call(
            "POST",
            "",
            headers=chunk_headers(self.offset, self._size, self._last),
            body=body,
            content_type="application/octet-stream",
            url=self.session,
            options=self.options,
        )

    def query_call(self) -> Call:
        """The request asking the session how many bytes it holds."""
        return Call("POST", "", headers=QUERY_HEADERS, url=self.session, options=self.options)

    @property
    def _last(self) -> bool:
        return self.offset + self._size >= self.source.size

    def answered(self, response: httpx.Response) -> bool:
        """Apply a chunk's answer; True once the upload is complete. Raises when the last
        chunk's answer is not final, the session's count is outside what was sent, or the
        count stays put more than `max_retries` times in a row."""
        if self._last:
            finished(response)
            return True
        end = self.offset + self._size
        progress = committed(response, end, self.offset, end)
        if progress == self.offset:
            self.failures += 1
            if self.failures > self._max_retries:
                raise stalled(response)
            return False
        self.failures = 0
        self.offset = progress
        self._resize(_seconds(response))
        return False

    def may_resume(self, failure: Exception) -> bool:
        """After a failed chunk: whether to ask the session and go on (a broken connection
        or a transient server error, `max_retries` times in a row at most). Counts it."""
        transient = isinstance(failure, APIConnectionError) or (
            isinstance(failure, ApiError) and failure.status_code in DEFAULT_STATUSES
        )
        if not transient or self.failures >= self._max_retries:
            return False
        self.failures += 1
        self._chunk = self._first
        return True

    def resume(self, status: httpx.Response) -> None:
        """Go on from the count in the session's answer to a query, checked against what
        the failed chunk sent."""
        self.offset = committed(status, self.offset, self.offset, self.offset + self._size)

    def _resize(self, seconds: float | None) -> None:
        if seconds is None:
            return
        if self._limit is None or seconds * 4 < self._limit:
            self._chunk *= 2
        elif seconds * 2 > self._limit:
            self._chunk = max(self._first, self._chunk // 2)


def _seconds(response: httpx.Response) -> float | None:
    """How long the request took, from sending its first byte to reading the answer."""
    try:
        return response.elapsed.total_seconds()
    except RuntimeError:  # httpx sets `elapsed` once the response is closed
        return None
