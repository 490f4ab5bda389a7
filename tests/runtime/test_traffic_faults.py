"""The fault matrix: every fault of real traffic against every kind of method, sync and
async, on the local server. Each cell names what the caller sees and how many requests
the server got: a call the server may have acted on is never sent twice.

Shapes: a unary POST (generate_content), a stream (stream_generate_content, POST), a
pager (list_models, GET) and a long-running operation (create_tuned_model, POST).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import pytest
from gemini_api import errors

from ..support.server import (
    GeminiServer,
    Reply,
    Seen,
    error_reply,
    json_reply,
    sse_bytes,
    sse_reply,
)
from .traffic import (
    CHUNK,
    FAST,
    LAST,
    OK,
    PACKAGES,
    REQUEST,
    async_client,
    closed_port,
    data,
    sync_client,
)

TUNED = {
    "name": "tunedModels/t",
    "baseModel": "models/text-bison-001",
    "state": "ACTIVE",
    "tuningTask": {"trainingData": {"examples": {"examples": [{"textInput": "a", "output": "b"}]}}},
}
TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta3.TunedModel"
DONE = {"name": "tunedModels/t/operations/o", "done": True, "response": {"@type": TYPE, **TUNED}}
PAGE = {"models": [{"name": "models/a"}, {"name": "models/b"}]}
# A body long enough that dripping it takes seconds: only a deadline ends the call early.
PADDED = {**OK, "modelVersion": "x" * 300}


@dataclass(frozen=True)
class Shape:
    name: str
    version: str
    idempotent: bool

    def ok(self) -> Reply:
        return {
            "unary": lambda: json_reply(OK),
            "stream": lambda: sse_reply([CHUNK, LAST]),
            "pager": lambda: json_reply(PAGE),
            "operation": lambda: json_reply(DONE),
        }[self.name]()

    def expected(self) -> Any:
        return {
            "unary": "ok",
            "stream": ["tick", "."],
            "pager": ["models/a", "models/b"],
            "operation": "tunedModels/t",
        }[self.name]

    def run(self, client: Any) -> Any:
        if self.name == "unary":
            return (
                client.generate_content(model="m", request=REQUEST)
                .candidates[0]
                .content.parts[0]
                .text
            )
        if self.name == "stream":
            stream = client.stream_generate_content(model="m", request=REQUEST)
            return [c.candidates[0].content.parts[0].text for c in stream]
        if self.name == "pager":
            return [m.name for m in client.list_models()]
        return client.create_tuned_model(request=TUNED).result(timeout=5, poll_interval=0).name

    async def arun(self, client: Any) -> Any:
        if self.name == "unary":
            response = await client.generate_content(model="m", request=REQUEST)
            return response.candidates[0].content.parts[0].text
        if self.name == "stream":
            stream = await client.stream_generate_content(model="m", request=REQUEST)
            return [c.candidates[0].content.parts[0].text async for c in stream]
        if self.name == "pager":
            return [m.name async for m in await client.list_models()]
        handle = await client.create_tuned_model(request=TUNED)
        return (await handle.result(timeout=5, poll_interval=0)).name


SHAPES = [
    Shape("unary", "v1beta", idempotent=False),
    Shape("stream", "v1beta", idempotent=False),
    Shape("pager", "v1beta3", idempotent=True),
    Shape("operation", "v1beta3", idempotent=False),
]


@dataclass(frozen=True)
class Outcome:
    """What a cell expects: an error class (or None for success) and the requests sent."""

    error: type[Exception] | None
    sent: int | None  # None: not counted (no server was reached)


def fault_first(shape: Shape, fault: str) -> tuple[list[Reply], dict[str, Any], Outcome]:
    """The replies queued ahead of the shape's normal ones, client options, and outcome."""
    retried = Outcome(None, 2)
    once = lambda error: Outcome(error, 1)  # noqa: E731 - a table reads better
    if fault == "drop after body":
        outcome = retried if shape.idempotent else once(errors.APIConnectionError)
        return [Reply(drop=True)], {}, outcome
    if fault == "read timeout":
        # The whole budget goes on the first attempt: nothing is left for a second.
        return [Reply(body=OK, delay=5)], {"timeout": 0.3}, once(errors.APITimeoutError)
    if fault == "slow drip":
        if shape.name == "stream":
            body = sse_bytes([CHUNK] * 20)
            chunks = [body[i : i + 1] for i in range(len(body))]
            return (
                [sse_reply(chunks=chunks, chunk_pause=0.02)],
                {"stream_deadline": 0.4},
                once(errors.APITimeoutError),
            )
        return [Reply(body=PADDED, drip=0.02)], {"timeout": 0.4}, once(errors.APITimeoutError)
    if fault == "429 long Retry-After":
        reply = error_reply(429, "quota", headers={"Retry-After": "3600"})
        return [reply], {}, once(errors.RateLimitError)
    if fault == "503":
        return [error_reply(503, "overloaded", headers={"Retry-After": "0"})], {}, retried
    if fault == "error event mid-stream":
        error = {"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}}
        return [sse_reply([CHUNK, error])], {}, once(errors.InternalServerError)
    if fault == "truncated final event":
        if shape.name == "stream":
            chunks = [sse_bytes([CHUNK]), data(json.dumps(LAST)[:-5])]
            return [sse_reply(chunks=chunks)], {}, once(errors.StreamError)
        # The unary analogue: the body is cut short and the connection dropped.
        outcome = retried if shape.idempotent else once(errors.APIConnectionError)
        return [Reply(body=OK, cut_body=True)], {}, outcome
    raise AssertionError(fault)


FAULTS = [
    "drop after body",
    "read timeout",
    "slow drip",
    "429 long Retry-After",
    "503",
    "error event mid-stream",
    "truncated final event",
]
# An error event exists only inside a stream.
CELLS = [
    pytest.param(shape, fault, id=f"{fault}-{shape.name}")
    for fault in FAULTS
    for shape in SHAPES
    if fault != "error event mid-stream" or shape.name == "stream"
]


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def serve(server: GeminiServer, shape: Shape, first: list[Reply]) -> None:
    server.queue(*first)

    def route(seen: Seen) -> Reply:
        return shape.ok()

    server.route = route


def check(
    server: GeminiServer,
    shape: Shape,
    outcome: Outcome,
    result: Any,
    error: Exception | None,
    fault: str,
) -> None:
    if outcome.error is None:
        assert error is None, repr(error)
        assert result == shape.expected()
    else:
        assert isinstance(error, outcome.error), repr(error)
    firsts = [s for s in server.seen if s.method == ("GET" if shape.idempotent else "POST")]
    assert len(firsts) == outcome.sent, [(s.method, s.path) for s in server.seen]
    if fault == "slow drip" and shape.name != "stream":
        assert server.dripped < len(json.dumps(PADDED))  # the client left before the end
    if fault == "429 long Retry-After":
        assert error is not None and error.retry_after == 3600


@pytest.mark.parametrize(("shape", "fault"), CELLS)
def test_fault_sync(server, shape, fault):
    first, options, outcome = fault_first(shape, fault)
    serve(server, shape, first)
    result, error = None, None
    with sync_client(server, shape.version, **options) as client:
        try:
            result = shape.run(client)
        except errors.ApiError as caught:
            error = caught
    check(server, shape, outcome, result, error, fault)


@pytest.mark.parametrize(("shape", "fault"), CELLS)
def test_fault_async(server, shape, fault):
    first, options, outcome = fault_first(shape, fault)
    serve(server, shape, first)

    async def main() -> tuple[Any, Exception | None]:
        async with async_client(server, shape.version, **options) as client:
            try:
                return await shape.arun(client), None
            except errors.ApiError as caught:
                return None, caught

    check(server, shape, outcome, *asyncio.run(main()), fault)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_fault_connect_refused_is_retried_for_every_shape(shape, mode, caplog):
    # Nothing reached a server, so even a POST is sent again: three attempts in all.
    caplog.set_level(logging.INFO, logger="gemini_api")
    package = PACKAGES[shape.version]
    url = f"http://127.0.0.1:{closed_port()}/{shape.version}"
    with pytest.raises(errors.APIConnectionError) as caught:
        if mode == "sync":
            with package.Client(api_key="k", base_url=url, retry=FAST) as client:
                shape.run(client)
        else:

            async def main() -> None:
                async with package.AsyncClient(api_key="k", base_url=url, retry=FAST) as client:
                    await shape.arun(client)

            asyncio.run(main())
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert len([r for r in caplog.records if "retry" in r.getMessage()]) == 2
