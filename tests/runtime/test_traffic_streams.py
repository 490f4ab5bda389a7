"""Streams as recorded API traffic ends them: the last event, errors inside the stream,
and the timeouts of a stream, sync and async against the local server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from gemini_api import errors

from ..support.server import GeminiServer, sse_bytes, sse_reply
from .traffic import BLOCKED, CHUNK, LAST, REQUEST, async_client, data, sync_client


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def collect_sync(
    server: GeminiServer, **options: Any
) -> tuple[list[dict[str, Any]], Exception | None]:
    """The chunks received (as JSON) and the error that ended the stream, if any."""
    received: list[dict[str, Any]] = []
    with sync_client(server, **options) as client:
        try:
            for chunk in client.stream_generate_content(model="m", request=REQUEST):
                received.append(chunk.to_dict())
        except Exception as error:
            return received, error
    return received, None


def collect_async(
    server: GeminiServer, **options: Any
) -> tuple[list[dict[str, Any]], Exception | None]:
    async def main() -> tuple[list[dict[str, Any]], Exception | None]:
        received: list[dict[str, Any]] = []
        async with async_client(server, **options) as client:
            try:
                async for chunk in await client.stream_generate_content(model="m", request=REQUEST):
                    received.append(chunk.to_dict())
            except Exception as error:
                return received, error
        return received, None

    return asyncio.run(main())


COLLECT = pytest.mark.parametrize("collect", [collect_sync, collect_async], ids=["sync", "async"])


def compact(payload: Any) -> str:
    return json.dumps(payload, separators=(",", ":"))


# --- 1. the last event of a stream ----------------------------------------------------


@COLLECT
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
@pytest.mark.parametrize("last", [LAST, BLOCKED], ids=["finish-reason", "prompt-feedback"])
def test_a_last_event_without_its_blank_line_is_delivered(server, collect, newline, last):
    stream = sse_bytes([CHUNK], newline) + data(compact(last), newline)
    server.queue(sse_reply(chunks=[stream]))
    received, error = collect(server)
    assert error is None
    assert received == [CHUNK, last]


@COLLECT
def test_a_last_event_without_even_its_newline_is_delivered_when_its_json_is_whole(server, collect):
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), f"data: {compact(LAST)}".encode()]))
    received, error = collect(server)
    assert error is None
    assert received == [CHUNK, LAST]


@COLLECT
@pytest.mark.parametrize("end", ["clean", "cut"])
def test_a_truncated_last_event_raises_stream_error_after_the_whole_ones(server, collect, end):
    truncated = data(compact(LAST)[:-7])
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), truncated], end=end))
    received, error = collect(server)
    assert received == [CHUNK]
    assert isinstance(error, errors.StreamError)


@COLLECT
def test_a_last_event_split_over_two_data_lines_counts_when_whole(server, collect):
    text = compact(LAST)
    middle = len(text) // 2
    server.queue(sse_reply(chunks=[data(text[:middle]) + data(text[middle:])]))
    received, error = collect(server)
    assert error is None
    assert received == [LAST]


# --- 2. errors inside a stream ----------------------------------------------------------

STATUS_499 = {"code": 499, "message": "The operation was cancelled.", "status": "CANCELLED"}
STATUS_429 = {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}
STATUS_500 = {"code": 500, "message": "Internal error", "status": "INTERNAL"}
PRETTY_500 = json.dumps({"error": STATUS_500}, indent=2).replace("\n", "\r\n").encode()

ERROR_EVENTS = [
    pytest.param(sse_bytes([{"error": STATUS_499}]), errors.ApiError, 499, id="data-status-499"),
    pytest.param(
        sse_bytes([{"error": STATUS_429}]), errors.RateLimitError, 429, id="data-status-429"
    ),
    pytest.param(
        b"event: error\r\n" + data(compact({"error": STATUS_500})) + b"\r\n",
        errors.InternalServerError,
        500,
        id="event-error-status",
    ),
    pytest.param(
        b"event: error\r\n" + data(compact(STATUS_429)) + b"\r\n",
        errors.RateLimitError,
        429,
        id="event-error-bare-status",
    ),
    pytest.param(PRETTY_500 + b"\r\n", errors.InternalServerError, 500, id="bare-json-body"),
    pytest.param(PRETTY_500, errors.InternalServerError, 500, id="bare-json-body-at-the-end"),
    pytest.param(
        compact({"error": STATUS_429}).encode() + b"\n\n",
        errors.RateLimitError,
        429,
        id="bare-line",
    ),
]


@COLLECT
@pytest.mark.parametrize(("event", "error_class", "code"), ERROR_EVENTS)
def test_an_error_inside_the_stream_raises_its_typed_error_after_the_chunks_before_it(
    server, collect, event, error_class, code
):
    # A chunk after the error must not be delivered; one that ends the stream has none.
    after = [sse_bytes([CHUNK])] if event.endswith(b"\n") else []
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK, CHUNK]), event, *after]))
    received, error = collect(server)
    assert received == [CHUNK, CHUNK]
    assert type(error) is error_class
    assert error.status_code == code
    assert error.message
    assert error.response is not None and error.response.status_code == 200


@COLLECT
@pytest.mark.parametrize(
    "event",
    [
        b"event: error\r\ndata: upstream connect error or disconnect/reset\r\n\r\n",
        b"event: error\r\n" + data(compact({"candidates": []})) + b"\r\n",
        b"event: error\r\n\r\n",
        b"[1, 2, 3]\r\n\r\n",
    ],
    ids=["event-error-text", "event-error-other-json", "event-error-empty", "bare-other-json"],
)
def test_an_error_payload_of_another_shape_raises_api_error_with_its_text(server, collect, event):
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), event]))
    received, error = collect(server)
    assert received == [CHUNK]  # never an empty chunk in its place
    assert type(error) is errors.ApiError
    assert error.status_code is None


# --- 3. timeouts of a stream ----------------------------------------------------------------


@COLLECT
def test_a_stream_slower_than_the_timeout_between_chunks_raises_api_timeout_error(server, collect):
    server.queue(
        sse_reply(chunks=[sse_bytes([CHUNK]), sse_bytes([CHUNK])], chunk_pause=5.0),
    )
    received, error = collect(server, timeout=0.3)
    assert received == [CHUNK]
    assert isinstance(error, errors.APITimeoutError)
    assert "within the timeout" in str(error)


@COLLECT
def test_a_stream_that_keeps_sending_stops_at_its_deadline(server, collect):
    # A chunk every 20 ms, forever: no wait trips the timeout; the deadline ends it.
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK])], forever=True, chunk_pause=0.02))
    received, error = collect(server, timeout=5.0, stream_deadline=0.5)
    assert received and all(chunk == CHUNK for chunk in received)
    assert isinstance(error, errors.APITimeoutError)
    assert "deadline of 0.5 s" in str(error)
    assert server.disconnected.wait(10)


@COLLECT
def test_with_options_sets_a_stream_deadline_for_some_calls(server, collect):
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), sse_bytes([LAST])], chunk_pause=0.01))
    received, error = collect(server, stream_deadline=30.0)
    assert error is None and received == [CHUNK, LAST]
