"""Server-sent events: the decoder on every split of a stream, and streams through a real server."""

from __future__ import annotations

import asyncio
import json

import pytest
from gemini_api import errors, v1beta
from gemini_api._runtime._sse import ServerSentEvent, SSEDecoder

from ..support.server import API_KEY, GeminiServer, json_reply, sse_reply

# Three events the way the Gemini API writes them (CRLF), plus what a proxy or a
# later server version may add: comments, an `event:` and an `id:` line, a JSON
# payload spread over two `data:` lines, and a two-byte UTF-8 character that
# some split points cut in half.
EVENTS = [
    {"candidates": [{"content": {"parts": [{"text": "Hel"}], "role": "model"}, "index": 0}]},
    {"candidates": [{"content": {"parts": [{"text": "lo, wörld"}], "role": "model"}, "index": 0}]},
    {
        "candidates": [{"finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 4, "totalTokenCount": 7},
    },
]
STREAM = (
    b": keep-alive\r\n"
    b'data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}]}\r\n'
    b"\r\n"
    b'data: {"candidates":[{"content":\r\n'
    + 'data: {"parts":[{"text":"lo, wörld"}],"role":"model"},"index":0}]}\r\n'.encode()
    + b"\r\n"
    b": another comment\r\n"
    b"event: message\r\n"
    b"id: 3\r\n"
    b'data: {"candidates":[{"finishReason":"STOP","index":0}],'
    b'"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4,"totalTokenCount":7}}\r\n'
    b"\r\n"
)


def decode_all(pieces: list[bytes]) -> tuple[list[ServerSentEvent], bool]:
    decoder = SSEDecoder()
    events = []
    for piece in pieces:
        events.extend(decoder.feed(piece))
    last, incomplete = decoder.finish()
    return events + last, incomplete


def payloads(events: list[ServerSentEvent]) -> list[object]:
    return [json.loads(e.data) for e in events]


# --- the decoder alone ---------------------------------------------------------


def test_decoder_reads_the_whole_stream_at_once():
    events, incomplete = decode_all([STREAM])
    assert payloads(events) == EVENTS
    assert not incomplete
    assert [e.event for e in events] == ["message"] * 3
    assert events[2].id == "3"


@pytest.mark.parametrize("newline", [b"\r\n", b"\n", b"\r"])
def test_decoder_gives_the_same_events_for_every_split_in_two(newline):
    stream = STREAM.replace(b"\r\n", newline)
    for split in range(len(stream) + 1):
        events, incomplete = decode_all([stream[:split], stream[split:]])
        assert payloads(events) == EVENTS, f"split at byte {split}"
        assert not incomplete, f"split at byte {split}"


def test_decoder_gives_the_same_events_for_every_split_in_three():
    stream = STREAM[: STREAM.index(b": another")]  # two events keep this quadratic loop fast
    for first in range(len(stream) + 1):
        for second in range(first, len(stream) + 1):
            pieces = [stream[:first], stream[first:second], stream[second:]]
            events, incomplete = decode_all(pieces)
            assert payloads(events) == EVENTS[:2], f"splits at {first}, {second}"
            assert not incomplete


def test_decoder_byte_by_byte():
    events, incomplete = decode_all([bytes([b]) for b in STREAM])
    assert payloads(events) == EVENTS
    assert not incomplete


def test_events_are_returned_as_soon_as_their_blank_line_arrives():
    decoder = SSEDecoder()
    assert decoder.feed(b'data: {"a":1}\r\n') == []
    assert decoder.feed(b"\r") == []  # may be half of a CRLF: nothing is decided yet
    assert decoder.feed(b"\n") == [ServerSentEvent('{"a":1}')]


def test_multi_line_data_is_joined_with_newlines():
    events, _ = decode_all([b"data: line one\ndata:line two\ndata\n\n"])
    assert events == [ServerSentEvent("line one\nline two\n")]


def test_comments_and_unknown_fields_are_ignored():
    events, _ = decode_all([b":c\nretry: 10\nfoo: bar\ndata: x\n\n: trailing\n"])
    assert events == [ServerSentEvent("x")]


def test_event_type_and_id():
    events, _ = decode_all([b"event: ping\nid: 7\ndata: {}\n\ndata: 1\n\n"])
    assert events == [ServerSentEvent("{}", "ping", "7"), ServerSentEvent("1", "message", "7")]


def test_events_without_data_are_not_dispatched():
    events, incomplete = decode_all([b"event: ping\n\n\n\ndata: 1\n\n"])
    assert events == [ServerSentEvent("1")]
    assert not incomplete


@pytest.mark.parametrize("split", range(1, 4))
def test_a_leading_byte_order_mark_is_dropped(split):
    stream = b"\xef\xbb\xbfdata: 1\n\n"
    events, _ = decode_all([stream[:split], stream[split:]])
    assert events == [ServerSentEvent("1")]


def test_a_lone_cr_at_the_end_of_the_stream_ends_the_line():
    events, incomplete = decode_all([b"data: 1\r\r"])
    assert events == [ServerSentEvent("1")]
    assert not incomplete


@pytest.mark.parametrize(
    ("tail", "last"),
    [
        (b'data: {"cand', ServerSentEvent('{"cand', closed=False)),
        (b"data: {}\r\n", ServerSentEvent("{}", closed=False)),
        (b"data: {}\r\n: partial comm", ServerSentEvent("{}", closed=False)),
    ],
    ids=["mid-line", "no-blank-line", "mid-comment"],
)
def test_finish_returns_a_last_event_without_its_blank_line_as_unclosed(tail, last):
    # Changed deliberately: the caller decides by its JSON whether the event is whole.
    events, incomplete = decode_all([b"data: 1\r\n\r\n" + tail])
    assert events == [ServerSentEvent("1"), last]
    assert not incomplete


def test_finish_reports_fields_that_make_no_event():
    events, incomplete = decode_all([b"data: 1\r\n\r\nevent: x\r\n"])
    assert events == [ServerSentEvent("1")]
    assert incomplete


# --- through a real server --------------------------------------------------------


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def split_replies(server: GeminiServer) -> list[int]:
    """One queued reply per split point: the stream written as two flushed chunks."""
    splits = list(range(1, len(STREAM)))
    for split in splits:
        server.queue(sse_reply(chunks=[STREAM[:split], STREAM[split:]], chunk_pause=0.001))
    return splits


def test_stream_split_at_every_byte_boundary_sync(server):
    splits = split_replies(server)
    with v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=0) as client:
        for split in splits:
            stream = client.stream_generate_content(
                model="gemini-2.0-flash", request={"contents": []}
            )
            chunks = list(stream)
            assert [c.to_dict() for c in chunks] == EVENTS, f"split at byte {split}"
            assert chunks[1].candidates[0].content.parts[0].text == "lo, wörld"
            assert chunks[2].candidates[0].finish_reason is v1beta.enums.FinishReason.STOP
    assert len(server.seen) == len(splits)
    assert all(s.query == {"alt": ["sse"]} for s in server.seen)


def test_stream_split_at_every_byte_boundary_async(server):
    splits = split_replies(server)

    async def main() -> None:
        async with v1beta.AsyncClient(
            api_key=API_KEY, base_url=server.url(), max_retries=0
        ) as client:
            for split in splits:
                stream = await client.stream_generate_content(
                    model="gemini-2.0-flash", request={"contents": []}
                )
                chunks = [c async for c in stream]
                assert [c.to_dict() for c in chunks] == EVENTS, f"split at byte {split}"

    asyncio.run(main())
    assert len(server.seen) == len(splits)


@pytest.mark.parametrize("end", ["clean", "cut"])
def test_a_stream_cut_mid_event_raises_stream_error_after_the_complete_events(server, end):
    # "clean": the HTTP body ends properly but inside an event; "cut": the connection drops.
    first = STREAM[: STREAM.index(b'data: {"candidates":[{"content":\r\n')]
    partial = b'data: {"candidates":[{"content":'
    server.queue(sse_reply(chunks=[first, partial], chunk_pause=0.001, end=end))
    received = []
    with v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=0) as client:
        stream = client.stream_generate_content(model="gemini-2.0-flash", request={"contents": []})
        with pytest.raises(errors.StreamError) as caught:
            for chunk in stream:
                received.append(chunk.to_dict())
    assert received == EVENTS[:1]  # the complete event arrived; the partial one was reported
    assert isinstance(caught.value, errors.ApiError)
    assert stream.response.is_closed
    assert API_KEY not in str(caught.value)


@pytest.mark.parametrize("end", ["clean", "cut"])
def test_a_stream_cut_mid_event_raises_stream_error_async(server, end):
    server.queue(sse_reply(chunks=[STREAM[:40]], end=end))

    async def main() -> None:
        async with v1beta.AsyncClient(
            api_key=API_KEY, base_url=server.url(), max_retries=0
        ) as client:
            stream = await client.stream_generate_content(
                model="gemini-2.0-flash", request={"contents": []}
            )
            with pytest.raises(errors.StreamError):
                async for _ in stream:
                    pass
            assert stream.response.is_closed

    asyncio.run(main())


def test_an_event_that_is_not_json_raises_stream_error(server):
    server.queue(sse_reply(chunks=[b"data: {not json\r\n\r\n"]))
    with (
        v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=0) as client,
        pytest.raises(errors.StreamError, match="not JSON"),
    ):
        list(client.stream_generate_content(model="m", request={"contents": []}))


def test_a_response_that_is_not_an_event_stream_raises_stream_error(server):
    server.queue(json_reply([{"candidates": []}]))
    with (
        v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=0) as client,
        pytest.raises(errors.StreamError, match="expected a text/event-stream response"),
    ):
        list(client.stream_generate_content(model="m", request={"contents": []}))
