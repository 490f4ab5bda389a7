"""Per-call options on the transfer methods, sync and async, against the Files API on
127.0.0.1: the caller's headers and query go to the API's own requests (an upload's
start, a download, each poll of a wait), never to the upload session; `extra_body`
goes into an upload's metadata; an upload's `timeout` bounds each of its requests."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gemini_api import errors, v1beta

from ..support.media_server import MediaServer
from .test_transfers import CHUNK, aclient, client, payload

EXTRAS: dict[str, Any] = {
    "extra_headers": {"x-extra": "yes", "x-team": None},
    "extra_query": {"trace": "on"},
}
SYNC_AND_ASYNC = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


@pytest.fixture
def server():
    with MediaServer() as s:
        yield s


def run(
    server: MediaServer,
    asynchronous: bool,
    method: str,
    *args: Any,
    max_retries: int = 2,
    **kwargs: Any,
) -> Any:
    """`method` of a `Client` or an `AsyncClient` (with a default header to drop), run."""
    settings: dict[str, Any] = {"default_headers": {"x-team": "t1"}, "max_retries": max_retries}
    if not asynchronous:
        with client(server, **settings) as made:
            return getattr(made, method)(*args, **kwargs)

    async def call() -> Any:
        async with aclient(server, **settings) as made:
            return await getattr(made, method)(*args, **kwargs)

    return asyncio.run(call())


def has_extras(headers: dict[str, str], query: dict[str, list[str]]) -> bool:
    return headers.get("x-extra") == "yes" and "x-team" not in headers and "trace" in query


@SYNC_AND_ASYNC
def test_an_upload_sends_the_extras_with_its_start_and_not_to_the_session(server, asynchronous):
    data = payload(2 * CHUNK)
    uploaded = run(
        server,
        asynchronous,
        "upload_file",
        data,
        display_name="clip",
        extra_body={"n": 1},
        **EXTRAS,
    )
    assert bytes(server.files[uploaded.name].data) == data
    assert server.commands() == ["start", "upload", "upload, finalize"]
    assert has_extras(server.requests[0][2], server.queries[0])
    assert server.files[uploaded.name].metadata == {"file": {"displayName": "clip"}, "n": 1}
    for (_, _, headers), query in zip(server.requests[1:], server.queries[1:], strict=True):
        assert "x-extra" not in headers and "trace" not in query
        assert headers["x-team"] == "t1"  # the client's own settings still apply
        assert "upload_id" in query


@SYNC_AND_ASYNC
def test_a_multipart_upload_takes_the_extras_and_extra_body_in_its_metadata(server, asynchronous):
    extra_body = {"file": {"displayName": "other"}, "n": 1}  # top-level keys, replaced whole
    uploaded = run(
        server,
        asynchronous,
        "upload_file",
        b"hi",
        display_name="g",
        extra_body=extra_body,
        **EXTRAS,
    )
    assert server.commands() == [""]  # one multipart request
    assert has_extras(server.requests[0][2], server.queries[0])
    assert server.files[uploaded.name].metadata == extra_body
    assert bytes(server.files[uploaded.name].data) == b"hi"


@SYNC_AND_ASYNC
def test_no_extras_reach_a_session_on_another_host(server, asynchronous):
    with MediaServer() as elsewhere:
        server.session_origin = elsewhere.url("").rstrip("/")
        with pytest.raises(errors.AuthenticationError):  # that server wants a key
            run(server, asynchronous, "upload_file", payload(2 * CHUNK), **EXTRAS)
        assert has_extras(server.requests[0][2], server.queries[0])  # the start, at the API
        assert elsewhere.requests
        for (_, _, headers), query in zip(elsewhere.requests, elsewhere.queries, strict=True):
            assert not {"x-extra", "x-team", "x-goog-api-key"} & set(headers)
            assert "trace" not in query and "upload_id" in query


@SYNC_AND_ASYNC
def test_an_upload_timeout_bounds_each_request_not_the_whole(server, asynchronous):
    server.pause = 0.25  # four requests: a second in all, a quarter of one each
    data = payload(3 * CHUNK)
    uploaded = run(server, asynchronous, "upload_file", data, timeout=0.75, max_retries=0)
    assert server.commands() == ["start", "upload", "upload", "upload, finalize"]
    assert bytes(server.files[uploaded.name].data) == data


@SYNC_AND_ASYNC
def test_a_per_call_timeout_ends_a_stalled_upload_and_download(server, asynchronous, tmp_path):
    # The client's own timeout is a minute: only the per-call one ends these.
    server.add("files/out", b"bytes")
    server.pause = 1.0
    with pytest.raises(errors.APITimeoutError):
        run(server, asynchronous, "upload_file", b"x", timeout=0.1, max_retries=0)
    with pytest.raises(errors.APITimeoutError):
        run(
            server, asynchronous, "download_file", "out", tmp_path / "o", timeout=0.1, max_retries=0
        )
    assert not (tmp_path / "o").exists()


@SYNC_AND_ASYNC
def test_a_download_sends_the_extras(server, asynchronous, tmp_path):
    data = payload(100_000)
    server.add("files/out", data)
    written = run(server, asynchronous, "download_file", "out", tmp_path / "o.bin", **EXTRAS)
    assert written == len(data) and (tmp_path / "o.bin").read_bytes() == data
    ((_, _, headers),), (query,) = server.requests, server.queries
    assert has_extras(headers, query) and query["alt"] == ["media"]


@SYNC_AND_ASYNC
def test_a_wait_sends_the_extras_with_every_poll(server, asynchronous):
    server.add("files/v", b"x", states=["PROCESSING", "PROCESSING", "ACTIVE"])
    ready = run(
        server, asynchronous, "wait_for_file_active", "v", poll_interval=0.001, timeout=5, **EXTRAS
    )
    assert ready.state == v1beta.enums.FileState.ACTIVE
    assert len(server.requests) == 3
    for (_, _, headers), query in zip(server.requests, server.queries, strict=True):
        assert has_extras(headers, query)


def test_transfers_have_no_raw_form(server):
    # An upload is several requests, a download's response is consumed into the
    # destination and a wait is many polls: no one response to hand back.
    with client(server) as made:
        raw = made.with_raw_response
        for name in ("upload_file", "download_file", "wait_for_file_active"):
            assert not hasattr(raw, name)
        assert hasattr(raw, "get_file")
