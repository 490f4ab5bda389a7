"""Uploads, downloads and waiting on a file, sync and async, against a real Files API
on 127.0.0.1 (tests/support/media_server.py) that breaks connections on demand."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
from dataclasses import replace
from typing import Any

import pytest
from gemini_api import errors, v1beta

from ..support.media_server import MediaServer
from ..support.server import API_KEY

CHUNK = 256 * 1024  # small chunks, so a few hundred KB exercise the chunked path


@pytest.fixture
def server():
    with MediaServer() as s:
        yield s


def client(server: MediaServer, **options: Any) -> v1beta.Client:
    made = v1beta.Client(api_key=API_KEY, base_url=server.url(), **options)
    made.retry = replace(made.retry, initial_delay=0.001, max_delay=0.002)
    made._upload_chunk_size = CHUNK  # also the multipart threshold
    return made


def aclient(server: MediaServer, **options: Any) -> v1beta.AsyncClient:
    made = v1beta.AsyncClient(api_key=API_KEY, base_url=server.url(), **options)
    made.retry = replace(made.retry, initial_delay=0.001, max_delay=0.002)
    made._upload_chunk_size = CHUNK  # also the multipart threshold
    return made


def payload(size: int) -> bytes:
    return hashlib.sha256(b"seed").digest() * (size // 32) + b"x" * (size % 32)


def test_a_large_file_goes_up_in_chunks_and_comes_back_typed(server, tmp_path):
    data = payload(3 * CHUNK + 1000)
    path = tmp_path / "clip.mp4"
    path.write_bytes(data)
    with client(server) as c:
        uploaded = c.upload_file(path, display_name="my clip")
    assert isinstance(uploaded, v1beta.models.File)
    assert uploaded.display_name == "my clip"
    assert uploaded.mime_type == "video/mp4"  # guessed from the path
    stored = server.files[uploaded.name]
    assert hashlib.sha256(stored.data).hexdigest() == hashlib.sha256(data).hexdigest()
    # Quick chunks double (the client's timeout is a minute); the last takes the rest.
    assert server.commands() == ["start", "upload", "upload", "upload, finalize"]
    sizes = [int(h["content-length"]) for _, _, h in server.requests[1:]]
    assert sizes == [CHUNK, 2 * CHUNK, 1000]
    start = server.requests[0][2]
    assert start["x-goog-upload-protocol"] == "resumable"
    assert start["x-goog-upload-header-content-length"] == str(len(data))
    assert all(h["x-goog-api-key"] == API_KEY for _, _, h in server.requests)


@pytest.mark.parametrize("cut", [1, CHUNK // 2, CHUNK - 1])
def test_an_upload_cut_mid_chunk_resumes_from_the_servers_offset(server, cut):
    data = payload(2 * CHUNK + 77)
    server.cut_after = [cut]  # the second request (first chunk) breaks after `cut` bytes
    with client(server, max_retries=2) as c:
        uploaded = c.upload_file(data, mime_type="application/pdf")
    stored = server.files[uploaded.name]
    assert bytes(stored.data) == data  # exactly the bytes sent, once
    assert uploaded.sha256_hash is not None
    assert server.commands()[:3] == ["start", "upload", "query"]
    assert server.requests[3][2]["x-goog-upload-offset"] == str(cut)


def test_server_errors_on_chunks_are_resumed_and_then_given_up(server):
    data = payload(2 * CHUNK)
    server.fail_chunks = 2
    with client(server, max_retries=2) as c:
        uploaded = c.upload_file(data)
    assert bytes(server.files[uploaded.name].data) == data
    server.fail_chunks = 3
    with client(server, max_retries=2) as c, pytest.raises(errors.InternalServerError):
        c.upload_file(data)


def test_a_small_file_goes_in_one_multipart_request(server):
    with client(server) as c:
        uploaded = c.upload_file(b"hello", mime_type="text/plain", display_name="greeting")
    assert server.commands() == [""]
    headers = server.requests[0][2]
    assert headers["x-goog-upload-protocol"] == "multipart"
    assert headers["content-type"].startswith("multipart/related; boundary=")
    stored = server.files[uploaded.name]
    assert (bytes(stored.data), stored.mime_type) == (b"hello", "text/plain")
    assert stored.metadata == {"file": {"displayName": "greeting"}}


def test_a_file_object_is_read_from_its_position_and_an_empty_file_works(server):
    stream = io.BytesIO(b"header-" + payload(CHUNK + 5))
    stream.seek(len(b"header-"))
    with client(server) as c:
        uploaded = c.upload_file(stream)
        empty = c.upload_file(b"")
    assert bytes(server.files[uploaded.name].data) == payload(CHUNK + 5)
    assert bytes(server.files[empty.name].data) == b""
    assert not stream.closed  # the caller's file stays open


def test_sources_that_cannot_be_uploaded_fail_before_any_request(server):
    class Unseekable(io.RawIOBase):
        def readable(self) -> bool:
            return True

    with client(server) as c:
        with pytest.raises(ValueError, match="seekable"):
            c.upload_file(Unseekable())
        with pytest.raises(TypeError, match="path, bytes or a binary file object"):
            c.upload_file(42)  # type: ignore[arg-type]
    assert server.requests == []


def test_download_streams_to_a_path_and_a_file_object(server, tmp_path):
    data = payload(300_000)
    server.add("files/out", data)
    target = tmp_path / "video.bin"
    with client(server) as c:
        assert c.download_file("files/out", target) == len(data)
        sink = io.BytesIO()
        assert c.download_file("out", sink) == len(data)
    assert target.read_bytes() == data
    assert sink.getvalue() == data
    assert not (tmp_path / "video.bin.part").exists()


def test_a_broken_download_leaves_no_file_under_its_name(server, tmp_path):
    server.add("files/out", payload(200_000))
    server.cut_download_after = 1000
    target = tmp_path / "video.bin"
    with client(server) as c, pytest.raises(errors.APIConnectionError):
        c.download_file("out", target)
    assert sorted(os.listdir(tmp_path)) == []


def test_waiting_for_a_file_returns_once_it_is_active(server):
    server.add("files/v", b"x", states=["PROCESSING", "PROCESSING", "ACTIVE"])
    with client(server) as c:
        ready = c.wait_for_file_active("files/v", poll_interval=0.001, timeout=5)
    assert ready.state == v1beta.enums.FileState.ACTIVE
    assert [p for m, p, _ in server.requests] == ["/v1beta/files/v"] * 3


def test_a_failed_file_raises_with_its_error_and_a_slow_one_times_out(server):
    server.add("files/bad", b"x", states=["PROCESSING", "FAILED"])
    server.add("files/slow", b"x", states=["PROCESSING"])
    with client(server) as c:
        with pytest.raises(errors.OperationFailedError, match="unsupported video codec"):
            c.wait_for_file_active("bad", poll_interval=0.001)
        with pytest.raises(errors.APITimeoutError):
            c.wait_for_file_active("slow", poll_interval=0.01, timeout=0.1)


def test_the_async_client_uploads_resumes_downloads_and_waits(server, tmp_path):
    data = payload(2 * CHUNK + 3)
    server.cut_after = [CHUNK // 3]

    async def run() -> tuple[Any, int, Any]:
        async with aclient(server) as c:
            uploaded = await c.upload_file(data, display_name="a")
            server.files[uploaded.name].states = ["PROCESSING", "ACTIVE"]
            ready = await c.wait_for_file_active(uploaded.name, poll_interval=0.001)
            written = await c.download_file(uploaded.name, tmp_path / "back.bin")
            return uploaded, written, ready

    uploaded, written, ready = asyncio.run(run())
    assert bytes(server.files[uploaded.name].data) == data
    assert (tmp_path / "back.bin").read_bytes() == data and written == len(data)
    assert ready.state == v1beta.enums.FileState.ACTIVE


def test_upload_reads_the_source_a_piece_at_a_time(server, tmp_path):
    # Constant memory: however large the chunks grow, no read asks for more than a
    # piece (256 KiB, here also the first chunk's size).
    sizes: list[int] = []

    class Recording(io.BytesIO):
        def read(self, size: int | None = -1, /) -> bytes:
            sizes.append(-1 if size is None else size)
            return super().read(size)

    with client(server) as c:
        c.upload_file(Recording(payload(5 * CHUNK)))
    assert sizes and max(sizes) == CHUNK


def test_upload_and_download_helpers_are_the_contract():
    import inspect

    upload = inspect.signature(v1beta.Client.upload_file)
    options = ["timeout", "extra_headers", "extra_query"]
    assert list(upload.parameters) == [
        *("self", "file", "mime_type", "display_name"),
        *(*options, "extra_body"),
    ]
    assert upload.parameters["file"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert upload.return_annotation == "models.File"
    download = inspect.signature(v1beta.Client.download_file)
    assert list(download.parameters) == ["self", "name", "destination", *options]  # no body
    wait = inspect.signature(v1beta.Client.wait_for_file_active)
    assert list(wait.parameters) == ["self", "name", "timeout", "poll_interval", *options[1:]]
    assert wait.parameters["timeout"].default == 300.0  # the whole wait, as before
    assert inspect.iscoroutinefunction(v1beta.AsyncClient.upload_file)
    assert inspect.iscoroutinefunction(v1beta.AsyncClient.download_file)


def test_the_session_url_keeps_its_query_and_gets_no_foreign_headers(server):
    with client(server, default_headers={"x-team": "a"}) as c:
        c.upload_file(payload(2 * CHUNK))
    chunk_paths = [p for _, p, h in server.requests if h.get("x-goog-upload-offset")]
    assert len(chunk_paths) == 2  # routed by upload_id: the query reached the server
    assert all(h.get("x-team") == "a" for _, _, h in server.requests)  # same origin


def test_no_key_goes_to_a_session_on_another_host(server):
    with MediaServer() as elsewhere:
        server.session_origin = elsewhere.url("").rstrip("/")
        c = client(server, default_headers={"x-team": "a"})
        with c, pytest.raises(errors.AuthenticationError):  # that server wants a key
            c.upload_file(payload(2 * CHUNK))
        assert elsewhere.requests  # the chunk went there...
        for _, _, headers in elsewhere.requests:  # ...without the key or our headers
            assert "x-goog-api-key" not in headers and "x-team" not in headers


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("over", "the upload session holds"),
        ("stuck", "the upload made no progress"),
    ],
)
def test_a_session_count_that_makes_no_sense_stops_the_upload(server, fault, message):
    server.misreport = fault
    with client(server, max_retries=2) as c, pytest.raises(errors.ApiError, match=message):
        c.upload_file(payload(3 * CHUNK))
    assert len(server.requests) < 10  # no endless loop


def test_a_last_chunk_answered_without_final_is_an_error(server):
    server.misreport = "active"  # the only chunk is the last one, answered "active"
    with client(server) as c, pytest.raises(errors.ApiError, match="not final"):
        c.upload_file(payload(CHUNK + 10), mime_type="video/mp4")


def test_text_files_and_dot_names_are_refused_before_any_request(server, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hi")
    with client(server) as c, text.open() as handle:
        with pytest.raises(TypeError, match="binary mode"):
            c.upload_file(handle)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"'\.' and '\.\.' are not names"):
            c.get_file(file="files/..")
        with pytest.raises(ValueError, match="are not names"):
            c.download_file("..", tmp_path / "x")
    assert server.requests == []


def test_a_download_never_touches_a_neighbouring_part_file(server, tmp_path):
    server.add("files/out", b"new bytes")
    neighbour = tmp_path / "video.bin.part"
    neighbour.write_bytes(b"the user's own file")
    with client(server) as c:
        c.download_file("out", tmp_path / "video.bin")
    assert neighbour.read_bytes() == b"the user's own file"
    assert (tmp_path / "video.bin").read_bytes() == b"new bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["video.bin", "video.bin.part"]


def test_the_session_url_never_reaches_the_log(server, caplog):
    server.cut_after = [10]
    with caplog.at_level("DEBUG", logger="gemini_api"), client(server, max_retries=2) as c:
        c.upload_file(payload(2 * CHUNK))
    assert "upload chunk failed" in caplog.text
    assert "upload_id" not in caplog.text
