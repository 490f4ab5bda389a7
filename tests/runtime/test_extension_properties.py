"""The hand-written v1beta extensions (extensions/v1beta.py) on real responses: `.text` and
`.function_calls` of a unary response and of every stream chunk, sync and async, against
the local server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gemini_api import v1beta
from gemini_api.v1beta import models

from ..support.server import GeminiServer, json_reply, sse_reply
from .traffic import REQUEST, async_client, sync_client


def _response(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"candidates": [{"content": {"role": "model", "parts": list(parts)}}]}


CALL = {"functionCall": {"name": "lookup", "args": {"city": "Oslo"}}}
THOUGHT = {"text": "thinking...", "thought": True}


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def test_text_joins_the_first_candidates_text_parts_without_thoughts(server):
    body = _response(THOUGHT, {"text": "Hello, "}, CALL, {"text": "world"})
    body["candidates"].append({"content": {"parts": [{"text": "second candidate"}]}})
    server.queue(json_reply(body))
    with sync_client(server) as client:
        resp = client.generate_content(model="m", request=REQUEST)
    assert resp.text == "Hello, world"
    assert resp.function_calls == [models.FunctionCall(name="lookup", args={"city": "Oslo"})]
    assert v1beta.text_of(resp) == resp.text
    assert v1beta.function_calls_of(resp) == resp.function_calls


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"candidates": []},
        {"candidates": [{}]},
        {"candidates": [{"content": {}}]},
        {"candidates": [{"content": {"parts": []}}]},
        _response(THOUGHT),
    ],
    ids=["no-candidates", "empty-candidates", "no-content", "no-parts", "empty-parts", "thought"],
)
def test_no_text_and_no_calls_are_none(server, body):
    server.queue(json_reply(body))
    with sync_client(server) as client:
        resp = client.generate_content(model="m", request=REQUEST)
    assert resp.text is None
    assert resp.function_calls is None


def test_an_empty_text_part_is_text(server):
    server.queue(json_reply(_response({"text": ""})))
    with sync_client(server) as client:
        assert client.generate_content(model="m", request=REQUEST).text == ""


def test_every_stream_chunk_has_text_and_function_calls(server):
    chunks = [_response({"text": "Hel"}), _response(THOUGHT), _response({"text": "lo"}, CALL)]
    server.queue(sse_reply(chunks))
    with (
        sync_client(server) as client,
        client.stream_generate_content(model="m", request=REQUEST) as stream,
    ):
        seen = [(chunk.text, chunk.function_calls) for chunk in stream]
    call = models.FunctionCall(name="lookup", args={"city": "Oslo"})
    assert seen == [("Hel", None), (None, None), ("lo", [call])]


def test_async_stream_chunks_have_text():
    async def main(server: GeminiServer) -> list[str | None]:
        async with async_client(server) as client:
            stream = await client.stream_generate_content(model="m", request=REQUEST)
            async with stream:
                return [chunk.text async for chunk in stream]

    with GeminiServer() as server:
        server.queue(sse_reply([_response({"text": "a"}), _response({"text": "b"})]))
        assert asyncio.run(main(server)) == ["a", "b"]


def test_the_mixin_adds_no_instance_dict():
    resp = models.GenerateContentResponse.from_dict(_response({"text": "x"}))
    assert not hasattr(resp, "__dict__")
    assert "text" not in resp.to_dict() and resp.to_dict() == _response({"text": "x"})
