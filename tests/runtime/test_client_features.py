"""Streaming, pagination, long-running operations and forward compatibility, over real HTTP."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import uuid
from typing import Any

import pytest
from gemini_api import errors, v1beta, v1beta3
from gemini_api.v1beta.enums import FinishReason

from ..support.server import (
    API_KEY,
    GeminiServer,
    Reply,
    Seen,
    error_reply,
    json_reply,
    sse_bytes,
    sse_reply,
)

REQUEST = {"contents": [{"parts": [{"text": "hi"}]}]}
CHUNK = {"candidates": [{"content": {"parts": [{"text": "tick"}], "role": "model"}, "index": 0}]}


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def client_for(server: GeminiServer, version: str = "v1beta", **options: Any) -> Any:
    package = {"v1beta": v1beta, "v1beta3": v1beta3}[version]
    options.setdefault("max_retries", 0)
    return package.Client(api_key=API_KEY, base_url=server.url(version), **options)


def async_client_for(server: GeminiServer, version: str = "v1beta", **options: Any) -> Any:
    package = {"v1beta": v1beta, "v1beta3": v1beta3}[version]
    options.setdefault("max_retries", 0)
    return package.AsyncClient(api_key=API_KEY, base_url=server.url(version), **options)


# --- streaming ------------------------------------------------------------------------


def endless_stream() -> Reply:
    """Events until the client goes away; the server notes the disconnect."""
    return sse_reply(chunks=[sse_bytes([CHUNK])], forever=True, chunk_pause=0.005)


def test_closing_a_stream_early_closes_the_connection(server):
    server.queue(endless_stream())
    with client_for(server) as client:
        stream = client.stream_generate_content(model="m", request=REQUEST)
        first = next(iter(stream))
        assert first.candidates[0].content.parts[0].text == "tick"
        stream.close()
        assert stream.response.is_closed
        assert server.disconnected.wait(10), "the server never saw the client hang up"


def test_breaking_out_of_the_loop_closes_the_connection(server):
    server.queue(endless_stream())
    with client_for(server) as client:
        for count, _ in enumerate(client.stream_generate_content(model="m", request=REQUEST)):
            if count == 2:
                break  # the stream object is dropped here, and with it the connection
        assert server.disconnected.wait(10), "the server never saw the client hang up"


def test_a_with_block_closes_the_stream(server):
    server.queue(endless_stream())
    with client_for(server) as client:
        with client.stream_generate_content(model="m", request=REQUEST) as stream:
            next(iter(stream))
        assert stream.response.is_closed
        assert server.disconnected.wait(10)


def test_closing_an_async_stream_early_closes_the_connection(server):
    server.queue(endless_stream())

    async def main() -> None:
        async with async_client_for(server) as client:
            stream = await client.stream_generate_content(model="m", request=REQUEST)
            async with stream:
                async for _ in stream:
                    break
            assert stream.response.is_closed

    asyncio.run(main())
    assert server.disconnected.wait(10)


def test_an_error_status_before_the_stream_raises_its_typed_error(server):
    server.queue(error_reply(400, "* GenerateContentRequest.contents: contents is not specified"))
    with client_for(server) as client, pytest.raises(errors.BadRequestError) as caught:
        client.stream_generate_content(model="m", request={})
    assert caught.value.message.endswith("contents is not specified")


def test_a_stream_is_retried_before_it_starts(server):
    server.queue(error_reply(503, "busy", headers={"Retry-After": "0"}), sse_reply([CHUNK]))
    with client_for(server, max_retries=1) as client:
        assert len(list(client.stream_generate_content(model="m", request=REQUEST))) == 1
    assert len(server.seen) == 2


def test_an_error_event_inside_the_stream_raises_its_typed_error(server):
    error = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    server.queue(sse_reply([CHUNK, error]))
    received = []
    with client_for(server) as client, pytest.raises(errors.RateLimitError) as caught:
        for chunk in client.stream_generate_content(model="m", request=REQUEST):
            received.append(chunk)
    assert len(received) == 1
    assert caught.value.status == "RESOURCE_EXHAUSTED"
    assert caught.value.message == "Quota exceeded"


def test_stream_chunks_are_yielded_as_they_arrive(server):
    # The server holds the second event back until the first has reached the caller.
    gate = threading.Event()
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), sse_bytes([CHUNK])], gate=gate))
    with client_for(server) as client:
        stream = iter(client.stream_generate_content(model="m", request=REQUEST))
        assert next(stream).candidates[0].content.parts[0].text == "tick"
        gate.set()
        assert len(list(stream)) == 1


# --- pagination -----------------------------------------------------------------------


def three_pages(seen: Seen) -> Reply:
    token = seen.query.get("pageToken", [""])[0]
    models = {
        "": (["models/a", "models/b"], "t2"),
        "t2": (["models/c"], "t3"),
        "t3": (["models/d", "models/e"], None),
    }
    names, next_token = models[token]
    page: dict[str, Any] = {"models": [{"name": n, "displayName": n.upper()} for n in names]}
    if next_token:
        page["nextPageToken"] = next_token
    return json_reply(page)


def test_pagination_iterates_every_item_of_three_pages(server):
    server.route = three_pages
    with client_for(server, "v1beta3") as client:
        names = [m.name for m in client.list_models(page_size=2)]
    assert names == ["models/a", "models/b", "models/c", "models/d", "models/e"]
    assert [s.query for s in server.seen] == [
        {"pageSize": ["2"]},
        {"pageSize": ["2"], "pageToken": ["t2"]},
        {"pageSize": ["2"], "pageToken": ["t3"]},
    ]
    assert all(s.path == "/v1beta3/models" and s.method == "GET" for s in server.seen)


def test_pagination_fetches_pages_lazily(server):
    server.route = three_pages
    with client_for(server, "v1beta3") as client:
        pager = client.list_models(page_size=2)
        assert server.seen == []  # nothing is fetched before iteration
        assert [m.name for m in itertools.islice(pager, 2)] == ["models/a", "models/b"]
        assert len(server.seen) == 1
        assert [m.name for m in itertools.islice(pager, 3)] == ["models/a", "models/b", "models/c"]
        assert len(server.seen) == 3  # a fresh iteration starts again from the first page


def test_pages_give_the_page_responses(server):
    server.route = three_pages
    with client_for(server, "v1beta3") as client:
        pages = list(client.list_models().pages)
    assert [type(p).__name__ for p in pages] == ["ListModelsResponse"] * 3
    assert [p.next_page_token for p in pages] == ["t2", "t3", None]
    assert [len(p.models) for p in pages] == [2, 1, 2]


def test_async_pagination_over_three_pages(server):
    server.route = three_pages

    async def main() -> tuple[list[str], int]:
        async with async_client_for(server, "v1beta3") as client:
            names = [m.name async for m in await client.list_models(page_size=2)]
            pages = [p async for p in (await client.list_models(page_size=2)).pages]
            return names, len(pages)

    names, page_count = asyncio.run(main())
    assert names == ["models/a", "models/b", "models/c", "models/d", "models/e"]
    assert page_count == 3
    assert len(server.seen) == 6


def test_an_error_on_a_later_page_raises_there(server):
    server.queue(
        json_reply(
            {"permissions": [{"granteeType": "USER", "role": "READER"}], "nextPageToken": "x"}
        )
    )
    server.queue(error_reply(403, "The caller does not have permission"))
    received = []
    with client_for(server, "v1beta3") as client, pytest.raises(errors.PermissionDeniedError):
        for permission in client.list_tuned_model_permissions(tuned_model="t"):
            received.append(permission)
    assert len(received) == 1


# --- long-running operations ---------------------------------------------------------

OPERATION = "tunedModels/my-model-7ab/operations/op-1"
METADATA_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta3.CreateTunedModelMetadata"
TUNED = {
    "name": "tunedModels/my-model-7ab",
    "baseModel": "models/text-bison-001",
    "state": "ACTIVE",
    "tuningTask": {"trainingData": {"examples": {"examples": [{"textInput": "a", "output": "b"}]}}},
}


def operation(done: bool, steps: int, **extra: Any) -> dict[str, Any]:
    body = {
        "name": OPERATION,
        "metadata": {
            "@type": METADATA_TYPE,
            "tunedModel": TUNED["name"],
            "totalSteps": 10,
            "completedSteps": steps,
        },
        **extra,
    }
    if done:
        body["done"] = True
    return body


def lro_route(final: dict[str, Any]) -> Any:
    """createTunedModel answers a running operation; it completes on the second poll."""
    polls = iter([operation(False, 5), final])

    def route(seen: Seen) -> Reply:
        if seen.method == "POST":
            return json_reply(operation(False, 0))
        assert seen.method == "GET" and seen.path == f"/v1beta3/{OPERATION}"
        return json_reply(next(polls))

    return route


DONE = operation(
    True,
    10,
    response={
        "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta3.TunedModel",
        **TUNED,
    },
)
FAILED = operation(
    True, 3, error={"code": 3, "message": "Training data is invalid.", "details": []}
)


def test_a_long_running_operation_completes_after_two_polls(server):
    server.route = lro_route(DONE)
    with client_for(server, "v1beta3") as client:
        op = client.create_tuned_model(request=TUNED, tuned_model_id="my-model-7ab")
        assert not op.done
        assert op.name == OPERATION
        assert op.metadata is not None and op.metadata.completed_steps == 0
        tuned = op.result(timeout=30, poll_interval=0.001)
    assert isinstance(tuned, v1beta3.models.TunedModel)
    assert tuned.to_dict() == TUNED
    assert tuned.state is v1beta3.enums.State.ACTIVE
    assert op.done and op.metadata is not None and op.metadata.completed_steps == 10
    assert [(s.method, s.path) for s in server.seen] == [
        ("POST", "/v1beta3/tunedModels"),
        ("GET", f"/v1beta3/{OPERATION}"),
        ("GET", f"/v1beta3/{OPERATION}"),
    ]


def test_refresh_polls_once(server):
    server.route = lro_route(DONE)
    with client_for(server, "v1beta3") as client:
        op = client.create_tuned_model(request=TUNED)
        assert op.refresh() is op and not op.done
        assert op.refresh().done
    assert len(server.seen) == 3


def test_a_failed_operation_raises_operation_failed_error(server):
    server.route = lro_route(FAILED)
    with client_for(server, "v1beta3") as client:
        op = client.create_tuned_model(request=TUNED)
        with pytest.raises(errors.OperationFailedError) as caught:
            op.result(timeout=30, poll_interval=0.001)
    assert caught.value.message == "Training data is invalid."
    assert caught.value.status_code == 3
    assert isinstance(caught.value, errors.ApiError)


def test_an_operation_still_running_at_the_timeout_raises_api_timeout_error(server):
    server.route = lambda seen: json_reply(operation(False, 1))
    with client_for(server, "v1beta3") as client:
        op = client.create_tuned_model(request=TUNED)
        with pytest.raises(errors.APITimeoutError, match=OPERATION):
            op.result(timeout=0.05, poll_interval=0.01)
    assert len(server.seen) >= 2  # it did poll before giving up


def test_an_async_long_running_operation(server):
    server.route = lro_route(DONE)

    async def main() -> Any:
        async with async_client_for(server, "v1beta3") as client:
            op = await client.create_tuned_model(request=TUNED)
            assert not op.done
            return await op.result(timeout=30, poll_interval=0.001)

    assert asyncio.run(main()).to_dict() == TUNED
    assert len(server.seen) == 3


def test_an_async_failed_operation(server):
    server.route = lro_route(FAILED)

    async def main() -> None:
        async with async_client_for(server, "v1beta3") as client:
            op = await client.create_tuned_model(request=TUNED)
            await op.result(timeout=30, poll_interval=0.001)

    with pytest.raises(errors.OperationFailedError, match="Training data is invalid"):
        asyncio.run(main())


# --- forward compatibility through real calls --------------------------------------------


def test_unknown_fields_and_enum_values_round_trip_through_a_real_call(server, caplog):
    caplog.set_level(logging.INFO, logger="gemini_api")
    new_reason = f"BRAND_NEW_REASON_{uuid.uuid4().hex[:8].upper()}"  # unseen in this process
    payload = {
        "candidates": [
            {
                "content": {
                    "parts": [{"text": "hi", "futurePartField": {"x": [1, 2]}}],
                    "role": "model",
                },
                "finishReason": new_reason,
                "safetyRatings": [
                    {"category": "HARM_CATEGORY_FROM_THE_FUTURE", "probability": "LOW"}
                ],
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 1, "totalTokenCount": 2, "futureTokenCount": "7"},
        "newTopLevel": {"nested": None, "list": [True, 1.5, "s"]},
    }
    server.route = lambda seen: json_reply(payload)
    with client_for(server) as client:
        first = client.generate_content(model="m", request=REQUEST)
        second = client.generate_content(model="m", request=REQUEST)
    assert first.to_dict() == payload and second.to_dict() == payload
    reason = first.candidates[0].finish_reason
    assert reason is not None and reason.value == new_reason
    assert reason not in list(FinishReason)
    assert all(reason != member for member in FinishReason)
    assert not reason.is_known
    assert second.candidates[0].finish_reason is reason
    assert first.extra_fields == {"newTopLevel": payload["newTopLevel"]}
    logged = [r for r in caplog.records if new_reason in r.getMessage()]
    assert len(logged) == 1  # once per new value, not once per occurrence


def test_extra_fields_of_a_request_model_are_sent(server):
    server.queue(json_reply({"candidates": []}))
    request = v1beta.models.GenerateContentRequest(
        contents=[
            v1beta.models.Content(
                parts=[v1beta.models.Part(text="hi", extra_fields={"partNew": 1})]
            )
        ],
        extra_fields={"futureParam": {"enabled": True}},
    )
    with client_for(server) as client:
        client.generate_content(model="m", request=request)
    assert server.seen[0].body == {
        "contents": [{"parts": [{"text": "hi", "partNew": 1}]}],
        "futureParam": {"enabled": True},
    }


def test_unknown_values_in_a_stream_round_trip(server):
    chunk = {"candidates": [{"finishReason": "ANOTHER_NEW_REASON", "newField": 1}], "extra": "x"}
    server.queue(sse_reply([chunk]))
    with client_for(server) as client:
        (received,) = list(client.stream_generate_content(model="m", request=REQUEST))
    assert received.to_dict() == chunk
