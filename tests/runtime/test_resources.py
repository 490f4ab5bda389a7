"""Resource conventions over real HTTP: partial updates with a derived mask, operation
handles that cancel and delete, and responses without their input-only fields."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gemini_api import errors, v1beta, v1beta3

from ..support.server import API_KEY, GeminiServer, json_reply

TUNED = {
    "name": "tunedModels/my-model",
    "baseModel": "models/gemini-1.5-flash-001-tuning",
    "displayName": "Renamed",
    "state": "ACTIVE",
    # As the API returns it: the training data is input only, so it never comes back.
    "tuningTask": {"hyperparameters": {"epochCount": 3}},
}


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def client_for(server: GeminiServer, version: str = "v1beta") -> Any:
    package = {"v1beta": v1beta, "v1beta3": v1beta3}[version]
    return package.Client(api_key=API_KEY, base_url=server.url(version), max_retries=0)


def test_an_update_sends_only_the_given_fields_and_masks_them(server):
    server.queue(json_reply({"name": "cachedContents/c1", "ttl": "600s", "model": "models/m"}))
    with client_for(server) as client:
        updated = client.update_cached_content(cached_content="c1", request={"ttl": "600s"})
    seen = server.seen[0]
    assert (seen.method, seen.path) == ("PATCH", "/v1beta/cachedContents/c1")
    assert seen.body == {"ttl": "600s"}
    assert seen.query == {"updateMask": ["ttl"]}
    assert updated.ttl == "600s"


def test_an_explicit_mask_wins_and_a_required_one_may_be_derived(server):
    server.queue(json_reply(TUNED), json_reply({"name": "corpora/c", "displayName": "x"}))
    with client_for(server) as client:
        client.update_tuned_model(
            tuned_model="my-model", update_mask="displayName", request={"displayName": "Renamed"}
        )
        client.update_corpus(corpus="c", request={"displayName": "x"})
    assert [s.query for s in server.seen] == [
        {"updateMask": ["displayName"]},
        {"updateMask": ["displayName"]},
    ]


@pytest.mark.parametrize("version", ["v1beta", "v1beta3"])
def test_a_tuned_model_without_its_input_only_training_data_parses(server, version):
    reply = {**TUNED, "baseModel": "models/text-bison-001"} if version == "v1beta3" else TUNED
    server.queue(json_reply(reply))
    with client_for(server, version) as client:
        tuned = client.get_tuned_model(tuned_model="my-model")
    assert tuned.tuning_task is not None and tuned.tuning_task.training_data is None
    assert tuned.to_dict() == reply  # nothing invented on the way back


def test_a_required_input_only_field_is_still_sent_when_given():
    dataset = v1beta.models.Dataset(
        examples=v1beta.models.TuningExamples(
            examples=[v1beta.models.TuningExample(text_input="1+1", output="2")]
        )
    )
    task = v1beta.models.TuningTask(training_data=dataset)
    assert task.to_dict() == {
        "trainingData": {"examples": {"examples": [{"textInput": "1+1", "output": "2"}]}}
    }


def test_a_batch_handle_cancels_and_deletes_its_operation(server):
    running = {"name": "batches/b1", "done": False, "metadata": {"@type": "x", "state": "x"}}
    server.queue(json_reply(running), json_reply({}), json_reply({}))
    with client_for(server) as client:
        handle = client.get_operation(operation="tunedModels/t/operations/o")
        handle.cancel()
        handle.delete()
    assert [(s.method, s.path) for s in server.seen] == [
        ("GET", "/v1beta/tunedModels/t/operations/o"),
        ("POST", "/v1beta/batches/b1:cancel"),
        ("DELETE", "/v1beta/batches/b1"),
    ]


def test_cancel_is_sent_once_even_when_the_server_fails(server):
    running = {"name": "batches/b1", "done": False}
    server.queue(json_reply(running), json_reply({"error": {"code": 503}}, status=503))
    with v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=3) as client:
        handle = client.get_operation(operation="tunedModels/t/operations/o")
        with pytest.raises(errors.InternalServerError):
            handle.cancel()
    assert len(server.seen) == 2


def test_the_async_handle_cancels_too(server):
    server.queue(json_reply({"name": "batches/b2", "done": False}), json_reply({}))

    async def run() -> None:
        async with v1beta.AsyncClient(api_key=API_KEY, base_url=server.url()) as client:
            handle = await client.get_operation(operation="models/m/operations/o")
            await handle.cancel()

    asyncio.run(run())
    assert [(s.method, s.path) for s in server.seen] == [
        ("GET", "/v1beta/models/m/operations/o"),
        ("POST", "/v1beta/batches/b2:cancel"),
    ]


def test_a_model_body_names_no_mask_of_its_own(server):
    # A model carries its required and output fields, so it cannot say what changed.
    server.queue(json_reply({"name": "cachedContents/c1", "ttl": "60s", "model": "models/m"}))
    with client_for(server) as client:
        client.update_cached_content(
            cached_content="c1", request=v1beta.models.CachedContent(model="models/m", ttl="60s")
        )
    assert server.seen[0].query == {}
    assert server.seen[0].body == {"model": "models/m", "ttl": "60s"}


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("models/x?alt=media", "/v1beta/models/x%3Falt%3Dmedia:generateContent"),
        ("tunedModels/a#b", "/v1beta/tunedModels/a%23b:generateContent"),
        ("x y", "/v1beta/models/x%20y:generateContent"),
    ],
)
def test_names_are_escaped_part_by_part(server, name, path):
    server.queue(json_reply({}))
    with client_for(server) as client:
        client.generate_content(model=name, request={})
    assert server.seen[0].path == path
    assert server.seen[0].query == {}


def test_a_dict_body_may_hold_models_and_enum_members(server):
    server.queue(json_reply({"totalTokens": 3}))
    contents = [v1beta.models.Content(role="user", parts=[v1beta.models.Part(text="hi")])]
    with client_for(server) as client:
        counted = client.count_tokens(
            model="gemini-2.0-flash",
            request={
                "contents": contents,
                "generateContentRequest": {
                    "model": "models/gemini-2.0-flash",
                    "contents": contents,
                    "toolConfig": {
                        "functionCallingConfig": {"mode": v1beta.enums.FunctionCallingMode.AUTO}
                    },
                },
            },
        )
    assert counted.total_tokens == 3
    assert server.seen[0].body == {
        "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
        "generateContentRequest": {
            "model": "models/gemini-2.0-flash",
            "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "toolConfig": {"functionCallingConfig": {"mode": "AUTO"}},
        },
    }
