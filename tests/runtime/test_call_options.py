"""Per-call options (`timeout=`, `extra_headers=`, `extra_query=`, `extra_body=`) on every
kind of method, sync and async, over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gemini_api import _runtime as _rt
from gemini_api import errors, v1beta
from gemini_api._runtime._options import with_extra_body

from ..support.server import API_KEY, GeminiServer, Reply, json_reply, sse_reply
from .test_client_features import (
    CHUNK,
    DONE,
    REQUEST,
    TUNED,
    async_client_for,
    client_for,
    lro_route,
)

EXTRAS: dict[str, Any] = {
    "extra_headers": {"x-extra": "yes", "x-team": None},
    "extra_query": {"trace": "on"},
}
REPLY = {"candidates": [{"content": {"parts": [{"text": "hello"}]}}]}
PAGES = [
    {"models": [{"name": "models/a"}], "nextPageToken": "p2"},
    {"models": [{"name": "models/b"}]},
]


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def assert_extras_arrived(server: GeminiServer, count: int = 1) -> None:
    seen = server.requests()
    assert len(seen) == count
    for request in seen:
        assert request.headers["x-extra"] == "yes"
        assert "x-team" not in request.headers  # a None removes the client's default header
        assert request.query["trace"] == ["on"]


def test_unary_options_reach_the_wire(server):
    server.queue(json_reply(REPLY))
    with client_for(server, default_headers={"x-team": "t1"}) as client:
        result = client.generate_content(
            model="m", request=REQUEST, extra_body={"cachedContent": "c1"}, **EXTRAS
        )
    assert result.candidates is not None
    assert_extras_arrived(server)
    assert server.seen[0].body == {**REQUEST, "cachedContent": "c1"}
    assert server.seen[0].headers["x-goog-api-key"] == API_KEY


def test_async_unary_options_reach_the_wire(server):
    server.queue(json_reply(REPLY))

    async def call() -> None:
        async with async_client_for(server, default_headers={"x-team": "t1"}) as client:
            await client.generate_content(
                model="m", request=REQUEST, extra_body={"cachedContent": "c1"}, **EXTRAS
            )

    asyncio.run(call())
    assert_extras_arrived(server)
    assert server.seen[0].body == {**REQUEST, "cachedContent": "c1"}


def test_extra_body_gives_a_bodyless_call_a_body(server):
    server.queue(json_reply({"name": "models/m"}))
    with client_for(server) as client:
        client.get_model(model="m", extra_body={"probe": 1})
    assert server.seen[0].body == {"probe": 1}


def test_stream_options_reach_the_wire(server):
    server.queue(sse_reply([CHUNK]))
    with client_for(server, default_headers={"x-team": "t1"}) as client:
        stream = client.stream_generate_content(model="m", request=REQUEST, **EXTRAS)
        assert len(list(stream)) == 1
    assert_extras_arrived(server)
    assert server.seen[0].query["alt"] == ["sse"]


def test_async_stream_options_reach_the_wire(server):
    server.queue(sse_reply([CHUNK]))

    async def call() -> int:
        async with async_client_for(server, default_headers={"x-team": "t1"}) as client:
            stream = await client.stream_generate_content(model="m", request=REQUEST, **EXTRAS)
            return len([item async for item in stream])

    assert asyncio.run(call()) == 1
    assert_extras_arrived(server)


def test_pager_options_go_with_every_page(server):
    server.queue(*(json_reply(page) for page in PAGES))
    with client_for(server, default_headers={"x-team": "t1"}) as client:
        names = [m.name for m in client.list_models(page_size=1, **EXTRAS)]
    assert names == ["models/a", "models/b"]
    assert_extras_arrived(server, count=2)
    assert server.seen[1].query["pageToken"] == ["p2"]


def test_async_pager_options_go_with_every_page(server):
    server.queue(*(json_reply(page) for page in PAGES))

    async def call() -> list[Any]:
        async with async_client_for(server, default_headers={"x-team": "t1"}) as client:
            return [m.name async for m in await client.list_models(**EXTRAS)]

    assert asyncio.run(call()) == ["models/a", "models/b"]
    assert_extras_arrived(server, count=2)


def test_long_running_options_go_with_the_starting_call_only(server):
    server.route = lro_route(DONE)
    with client_for(server, "v1beta3", default_headers={"x-team": "t1"}) as client:
        op = client.create_tuned_model(request=TUNED, **EXTRAS)
        op.result(timeout=30, poll_interval=0.001)
    start, *polls = server.seen
    assert start.headers["x-extra"] == "yes" and start.query["trace"] == ["on"]
    assert "x-team" not in start.headers
    assert polls and all("x-extra" not in p.headers and p.headers["x-team"] == "t1" for p in polls)


def test_async_long_running_options_go_with_the_starting_call(server):
    server.route = lro_route(DONE)

    async def call() -> None:
        async with async_client_for(server, "v1beta3") as client:
            op = await client.create_tuned_model(request=TUNED, **EXTRAS)
            await op.result(timeout=30, poll_interval=0.001)

    asyncio.run(call())
    assert server.seen[0].headers["x-extra"] == "yes"
    assert server.seen[0].query["trace"] == ["on"]


def test_a_per_call_timeout_bounds_that_call_alone(server):
    server.queue(Reply(body=REPLY, delay=2.0), json_reply(REPLY))
    with client_for(server, timeout=30) as client:
        with pytest.raises(errors.APITimeoutError, match=r"within 0\.2 s"):
            client.generate_content(model="m", request=REQUEST, timeout=0.2)
        # The next call has the client's own timeout again.
        assert client.generate_content(model="m", request=REQUEST).candidates is not None


def test_a_per_call_timeout_bounds_an_async_stream(server):
    server.queue(Reply(chunks=[b""], delay=2.0))

    async def call() -> None:
        async with async_client_for(server, timeout=30) as client:
            await client.stream_generate_content(model="m", request=REQUEST, timeout=0.2)

    with pytest.raises(errors.APITimeoutError):
        asyncio.run(call())


def test_extra_headers_and_query_never_go_to_another_origin(server):
    with GeminiServer() as elsewhere:
        options = _rt.Options(extra_headers={"x-extra": "yes"}, extra_query={"trace": "on"})
        call = _rt.Call("GET", "", url=elsewhere.url("v1beta") + "/session", options=options)
        # It gets no key either, so that server refuses it.
        client = client_for(server, default_headers={"x-team": "t1"})
        with client, pytest.raises(errors.AuthenticationError):
            client._request(call, _rt.identity)
        (seen,) = elsewhere.seen
    assert "x-extra" not in seen.headers and "x-team" not in seen.headers
    assert "x-goog-api-key" not in seen.headers
    assert "trace" not in seen.query


def test_extra_body_sets_top_level_keys_only():
    body = {"generationConfig": {"temperature": 1}, "contents": []}
    merged = with_extra_body(body, {"generationConfig": {"topK": 3}})
    assert merged == {"generationConfig": {"topK": 3}, "contents": []}
    assert with_extra_body(b"bytes", None) == b"bytes"
    with pytest.raises(TypeError, match="JSON object body"):
        with_extra_body(b"bytes", {"k": 1})


def test_options_are_keyword_only_on_every_call_method():
    import inspect

    for client in (v1beta.Client, v1beta.AsyncClient):
        parameters = inspect.signature(client.generate_content).parameters
        for name in ("timeout", "extra_headers", "extra_query", "extra_body"):
            assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
