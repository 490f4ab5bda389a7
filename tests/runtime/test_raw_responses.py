"""`client.with_raw_response.<method>(...)`: the HTTP response beside the typed result,
for unary calls, streams, pagers and long-running operations, over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from gemini_api import RawResponse, errors, v1beta, v1beta3
from gemini_api._runtime import AsyncPager, AsyncStream, OperationHandle, Pager, Stream

from generator.surface import MethodKind, build_surface

from ..support.server import API_KEY, GeminiServer, error_reply, json_reply, sse_reply
from .test_call_options import PAGES, REPLY
from .test_client_features import (
    CHUNK,
    DONE,
    REQUEST,
    TUNED,
    async_client_for,
    client_for,
    lro_route,
)


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def test_a_raw_unary_call_gives_status_headers_request_id_and_parse(server):
    server.queue(json_reply(REPLY, headers={"x-request-id": "req-1", "x-extra": "e"}))
    with client_for(server) as client:
        raw = client.with_raw_response.generate_content(model="m", request=REQUEST)
        assert isinstance(raw, RawResponse)
        assert raw.status_code == 200
        assert raw.headers["x-extra"] == "e"
        assert raw.request_id == "req-1"
        assert repr(raw) == "<RawResponse [200] request_id='req-1'>"
        assert isinstance(raw.http_response, httpx.Response)
        assert raw.http_response.json() == REPLY
        # The request the response holds shows the key masked, like everywhere else.
        assert raw.http_response.request.headers["x-goog-api-key"] == "[secure]"
        assert API_KEY not in repr(raw.http_response.request.headers)
        result = raw.parse()
        assert isinstance(result, v1beta.models.GenerateContentResponse)
        assert result.to_dict() == REPLY
        assert raw.parse() is result
        # The client itself still returns typed results and keeps its connections.
        server.queue(json_reply(REPLY))
        assert client.generate_content(model="m", request=REQUEST).to_dict() == REPLY


def test_request_id_is_none_without_the_header(server):
    server.queue(json_reply({"name": "models/m"}))
    with client_for(server) as client:
        raw = client.with_raw_response.get_model(model="m")
    assert raw.request_id is None
    assert raw.parse().name == "models/m"


def test_a_raw_call_still_raises_the_typed_error(server):
    server.queue(error_reply(404, "no such model"))
    with client_for(server) as client, pytest.raises(errors.NotFoundError, match="no such model"):
        client.with_raw_response.get_model(model="m")


def test_raw_calls_take_the_per_call_options(server):
    server.queue(json_reply({"name": "models/m"}))
    with client_for(server) as client:
        client.with_raw_response.get_model(model="m", extra_query={"trace": "on"})
    assert server.seen[0].query == {"trace": ["on"]}


def test_a_raw_stream_is_the_streams_response(server):
    server.queue(sse_reply([CHUNK, CHUNK], headers={"x-request-id": "s-1"}))
    with client_for(server) as client:
        raw = client.with_raw_response.stream_generate_content(model="m", request=REQUEST)
        assert raw.status_code == 200 and raw.request_id == "s-1"
        assert raw.headers["content-type"].startswith("text/event-stream")
        stream = raw.parse()
        assert isinstance(stream, Stream)
        with stream:
            assert len(list(stream)) == 2


def test_a_raw_pager_is_the_first_pages_response(server):
    server.queue(*(json_reply(page) for page in PAGES))
    with client_for(server) as client:
        raw = client.with_raw_response.list_models(page_size=1)
        assert len(server.seen) == 1  # the first page is fetched at once
        assert raw.http_response.json() == PAGES[0]
        pager = raw.parse()
        assert isinstance(pager, Pager)
        assert [m.name for m in pager] == ["models/a", "models/b"]
    assert len(server.seen) == 2  # the pager started from the page already fetched


def test_a_raw_long_running_call_is_the_starting_response(server):
    server.route = lro_route(DONE)
    with client_for(server, "v1beta3") as client:
        raw = client.with_raw_response.create_tuned_model(request=TUNED)
        assert raw.status_code == 200
        handle = raw.parse()
        assert isinstance(handle, OperationHandle)
        tuned = handle.result(timeout=30, poll_interval=0.001)
    assert isinstance(tuned, v1beta3.models.TunedModel)


def test_async_raw_calls(server):
    server.queue(
        json_reply(REPLY, headers={"x-request-id": "a-1"}),
        sse_reply([CHUNK]),
        *(json_reply(page) for page in PAGES),
    )

    async def calls() -> tuple[Any, ...]:
        async with async_client_for(server) as client:
            raw = await client.with_raw_response.generate_content(model="m", request=REQUEST)
            streamed = await client.with_raw_response.stream_generate_content(
                model="m", request=REQUEST
            )
            stream = streamed.parse()
            assert isinstance(stream, AsyncStream)
            chunks = [c async for c in stream]
            paged = await client.with_raw_response.list_models()
            pager = paged.parse()
            assert isinstance(pager, AsyncPager)
            names = [m.name async for m in pager]
            return raw.request_id, raw.parse().to_dict(), len(chunks), names

    assert asyncio.run(calls()) == ("a-1", REPLY, 1, ["models/a", "models/b"])


def test_the_raw_clients_list_every_call_method(apis):
    # Transfers (uploads, downloads, waiting) send several requests: they have no raw form.
    calls = {m.name for m in build_surface(apis["v1beta"]).methods if m.kind is MethodKind.CALL}
    for raw in (v1beta.client.RawClient, v1beta.client.AsyncRawClient):
        assert {n for n in vars(raw) if not n.startswith("_")} == calls
