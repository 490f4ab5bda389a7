"""How a resumable upload sizes its requests: chunks grow while they are quick, the last
one carries the rest, and a request cut anywhere, a large last one included, resumes
to exactly the file's bytes. Against the Files API on 127.0.0.1 (sync and async), and
the sizing rule alone on responses with a known duration."""

from __future__ import annotations

import datetime
import io

import httpx
import pytest
from gemini_api import errors
from gemini_api._runtime._media import MediaSource
from gemini_api._runtime._resumable import ResumableUpload

from ..support.media_server import MediaServer
from .test_transfer_options import SYNC_AND_ASYNC, run
from .test_transfers import CHUNK, payload


@pytest.fixture
def server():
    with MediaServer() as s:
        yield s


def chunks(server: MediaServer) -> list[tuple[str, int, int]]:
    """(command, offset, size) of each request that sent bytes."""
    return [
        (h["x-goog-upload-command"], int(h["x-goog-upload-offset"]), int(h["content-length"]))
        for _, _, h in server.requests
        if "x-goog-upload-offset" in h
    ]


@SYNC_AND_ASYNC
@pytest.mark.parametrize("cut", [1, 3 * CHUNK // 2, 3 * CHUNK + 76])
def test_a_large_last_request_cut_anywhere_resumes_to_the_exact_bytes(server, asynchronous, cut):
    data = payload(6 * CHUNK + 77)  # CHUNK, 2 * CHUNK, then the rest: 3 * CHUNK + 77
    server.cut_after = [None, None, cut]
    uploaded = run(server, asynchronous, "upload_file", data)
    assert bytes(server.files[uploaded.name].data) == data  # each byte once, in order
    sent = chunks(server)
    assert sent[:3] == [
        ("upload", 0, CHUNK),
        ("upload", CHUNK, 2 * CHUNK),
        ("upload, finalize", 3 * CHUNK, 3 * CHUNK + 77),
    ]
    assert server.commands()[4] == "query"
    _, offset, size = sent[3]  # from what the session held, the first size again
    assert offset == 3 * CHUNK + cut and size == min(CHUNK, len(data) - offset)
    assert sent[-1][0] == "upload, finalize" and sent[-1][1] + sent[-1][2] == len(data)


@SYNC_AND_ASYNC
def test_a_failure_on_a_grown_chunk_starts_again_from_the_first_size(server, asynchronous):
    data = payload(12 * CHUNK)
    server.cut_after = [None, None, 100]  # the third request, 4 * CHUNK, breaks early
    uploaded = run(server, asynchronous, "upload_file", data)
    assert bytes(server.files[uploaded.name].data) == data
    assert [size for _, _, size in chunks(server)] == [
        *(CHUNK, 2 * CHUNK, 4 * CHUNK),  # grown, then cut after 100 bytes
        *(CHUNK, 2 * CHUNK, 4 * CHUNK),  # from 3 * CHUNK + 100, growing again
        2 * CHUNK - 100,  # the rest, finalized
    ]


def test_a_stall_on_a_grown_chunk_still_ends_the_upload(server):
    server.misreport = "stuck"  # every chunk answered with no progress
    with pytest.raises(errors.ApiError, match="no progress"):
        run(server, False, "upload_file", payload(8 * CHUNK))
    assert len(server.requests) == 4  # the start, then three chunks, none of them grown
    assert {size for _, _, size in chunks(server)} == {CHUNK}


def answer(received: int, seconds: float, final: bool = False) -> httpx.Response:
    """A chunk's answer that took `seconds`, as httpx records it once read."""
    status = "final" if final else "active"
    headers = {"x-goog-upload-status": status, "x-goog-upload-size-received": str(received)}
    response = httpx.Response(200, headers=headers)
    response.elapsed = datetime.timedelta(seconds=seconds)
    return response


def sizes_sent(limit: float | None, seconds: list[float], total: int = 64 * CHUNK) -> list[int]:
    """The sizes of the chunks an upload sends when each answer takes `seconds[i]`."""
    with MediaSource(io.BytesIO(bytes(total)), None) as source:
        upload = ResumableUpload("http://127.0.0.1:9/s", source, CHUNK, None, limit, 2)
        sizes = []
        for took in seconds:
            upload.chunk_call()
            sizes.append(upload._size)
            end = upload.offset + upload._size
            if upload.answered(answer(end, took, final=end == total)):
                break
        return sizes


def test_chunks_double_while_under_a_quarter_of_the_limit_and_halve_over_half():
    assert sizes_sent(None, [9.0] * 7) == [CHUNK * 2**i for i in range(6)] + [CHUNK]
    assert sizes_sent(8.0, [1.0, 1.0, 3.0, 5.0, 5.0, 1.0]) == [
        *(CHUNK, 2 * CHUNK, 4 * CHUNK),  # 1 s < 8 s / 4: twice the size next
        4 * CHUNK,  # 3 s: kept
        2 * CHUNK,  # 5 s > 8 s / 2: half
        CHUNK,  # and half again, never below the first size
    ]
    assert sizes_sent(8.0, [5.0] * 3) == [CHUNK] * 3
