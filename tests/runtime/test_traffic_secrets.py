"""The API key never shows in anything reachable from a raised error, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gemini_api import errors

from ..support.server import API_KEY, GeminiServer, Reply, error_reply, sse_bytes, sse_reply
from .traffic import CHUNK, REQUEST, async_client, sync_client


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def reachable(root: object, limit: int = 5000) -> list[object]:
    """Every object reachable from `root` through attributes (`vars()` and slots),
    containers and exception links, breadth first, bounded."""
    seen: dict[int, object] = {}
    queue = [root]
    while queue and len(seen) < limit:
        item = queue.pop(0)
        if id(item) in seen or isinstance(item, type | int | float | bool | type(None)):
            continue
        seen[id(item)] = item
        if isinstance(item, str | bytes):
            continue
        if isinstance(item, dict):
            queue += list(item.keys()) + list(item.values())
            continue
        if isinstance(item, list | tuple | set | frozenset):
            queue += list(item)
            continue
        if isinstance(item, BaseException):
            queue += [item.__cause__, item.__context__, *item.args]
        if hasattr(item, "__dict__"):
            queue += list(vars(item).values())
        for klass in type(item).__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if isinstance(slot, str) and hasattr(item, slot):
                    queue.append(getattr(item, slot))
    return list(seen.values())


def assert_no_key(error: BaseException) -> None:
    texts = [str(error), repr(error)]
    response = getattr(error, "response", None)
    if response is not None:
        request = response.request
        texts += [repr(response), repr(request), repr(request.headers), str(request.headers)]
        texts += [str(request.url), repr(dict(request.headers))]
        assert request.headers.get("x-goog-api-key") == "[secure]"
    for item in reachable(error):
        text = item.decode("latin-1") if isinstance(item, bytes) else repr(item)
        texts.append(text)
    assert not [t for t in texts if API_KEY in t]


def generate(client: Any) -> Any:
    return client.generate_content(model="m", request=REQUEST)


def stream(client: Any) -> Any:
    return list(client.stream_generate_content(model="m", request=REQUEST))


async def agenerate(client: Any) -> Any:
    return await client.generate_content(model="m", request=REQUEST)


async def astream(client: Any) -> Any:
    return [c async for c in await client.stream_generate_content(model="m", request=REQUEST)]


FAULTS = [
    pytest.param(error_reply(400, "bad"), "unary", id="400"),
    pytest.param(error_reply(429, "quota", headers={"Retry-After": "3600"}), "unary", id="429"),
    pytest.param(Reply(drop=True), "unary", id="dropped"),
    pytest.param(Reply(body={}, delay=5), "unary", id="timeout"),
    pytest.param(Reply(raw=b"<html>not json</html>", status=200), "unary", id="not-json"),
    pytest.param(
        sse_reply(chunks=[sse_bytes([CHUNK, {"error": {"code": 500, "message": "x"}}])]),
        "stream",
        id="error-event",
    ),
    pytest.param(sse_reply(chunks=[b"data: {"], end="cut"), "stream", id="cut-stream"),
]


@pytest.mark.parametrize(("reply", "kind"), FAULTS)
def test_the_key_is_masked_everywhere_an_error_reaches_sync(server, reply, kind):
    server.queue(reply)
    run = generate if kind == "unary" else stream
    with sync_client(server, max_retries=0, timeout=0.3) as client:
        try:
            run(client)
        except errors.ApiError as error:
            assert_no_key(error)
        else:
            raise AssertionError("no error")


@pytest.mark.parametrize(("reply", "kind"), FAULTS)
def test_the_key_is_masked_everywhere_an_error_reaches_async(server, reply, kind):
    server.queue(reply)
    run = agenerate if kind == "unary" else astream

    async def main() -> None:
        async with async_client(server, max_retries=0, timeout=0.3) as client:
            try:
                await run(client)
            except errors.ApiError as error:
                assert_no_key(error)
            else:
                raise AssertionError("no error")

    asyncio.run(main())


def test_the_key_still_reaches_the_server_on_every_attempt(server):
    server.queue(error_reply(503, "busy", headers={"Retry-After": "0"}), error_reply(400, "bad"))
    with sync_client(server) as client, pytest.raises(errors.BadRequestError):
        generate(client)
    assert [s.headers["x-goog-api-key"] for s in server.seen] == [API_KEY, API_KEY]


def test_a_successful_streams_response_shows_no_key(server):
    server.queue(sse_reply([CHUNK]))
    with sync_client(server) as client:
        chunks = client.stream_generate_content(model="m", request=REQUEST)
        assert API_KEY not in repr(chunks.response.request.headers)
        assert len(list(chunks)) == 1
