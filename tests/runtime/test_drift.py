"""The drift report: what real responses sent that the spec lacks is counted by name
(unknown fields, enum values, error statuses, ErrorInfo reasons), never by value, in
bounded memory, from many threads at once."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from gemini_api import drift, errors
from gemini_api.v1beta import models
from gemini_api.v1beta.enums import FinishReason

from ..support.server import GeminiServer, error_reply, json_reply, sse_reply
from .traffic import REQUEST, async_client, sync_client

# Every value the server sends; none may reach the report.
SENTINEL = "SENTINEL-value-7f3a"
NEW_REASON = "NEW_FINISH_REASON_X"


def drifted_response(tag: str = SENTINEL) -> dict:
    return {
        "candidates": [
            {
                "content": {"parts": [{"text": tag, "newPartThing": tag}], "role": "model"},
                "finishReason": NEW_REASON,
                "newCandidateField": {"nested": tag},
            },
            {"finishReason": NEW_REASON, "newCandidateField": tag},
        ],
        "modelVersion": tag,
        "responseExtra": [tag],
    }


@pytest.fixture(autouse=True)
def fresh_counts():
    drift.reset()
    drift.enable()
    yield
    drift.reset()
    drift.enable()


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def counts(kind: str, *names: str) -> dict[tuple, int]:
    return {tuple(row[n] for n in names): row["count"] for row in drift.report()[kind]}


def assert_no_values(report: dict) -> None:
    text = json.dumps(report)
    assert SENTINEL not in text
    assert "nested" not in text  # a key inside an unknown field's value is data too


def test_each_unknown_field_is_counted_where_it_arrived(server):
    server.queue(json_reply(drifted_response()), sse_reply([drifted_response()]))
    with sync_client(server) as client:
        client.generate_content(model="m", request=REQUEST)
        assert list(client.stream_generate_content(model="m", request=REQUEST))
    assert counts("unknown_fields", "model", "field", "path") == {
        ("Candidate", "newCandidateField", "GenerateContentResponse.candidates[]"): 4,
        ("GenerateContentResponse", "responseExtra", "GenerateContentResponse"): 2,
        ("Part", "newPartThing", "GenerateContentResponse.candidates[].content.parts[]"): 2,
    }


def test_a_path_through_a_map_and_a_model_decoded_on_its_own():
    declaration = {"name": "f", "description": "d", "newKey": 1}
    models.Tool.from_dict({"functionDeclarations": [declaration]})
    models.FunctionDeclaration.from_dict(declaration)
    models.Schema.from_dict({"type": "OBJECT", "properties": {"a": {"type": "STRING", "x": 1}}})
    assert counts("unknown_fields", "model", "path") == {
        ("FunctionDeclaration", "Tool.functionDeclarations[]"): 1,
        ("FunctionDeclaration", "FunctionDeclaration"): 1,
        ("Schema", "Schema.properties{}"): 1,
    }


def test_unknown_fields_and_enum_values_of_real_responses_are_counted(server):
    server.queue(json_reply(drifted_response()), sse_reply([drifted_response()]))
    with sync_client(server) as client:
        response = client.generate_content(model="m", request=REQUEST)
        assert list(client.stream_generate_content(model="m", request=REQUEST))
    assert response.candidates[0].finish_reason.value == NEW_REASON  # still kept

    fields = counts("unknown_fields", "api", "model", "field")
    assert fields == {
        ("v1beta", "Candidate", "newCandidateField"): 4,
        ("v1beta", "GenerateContentResponse", "responseExtra"): 2,
        ("v1beta", "Part", "newPartThing"): 2,
    }
    enum_values = counts("unknown_enum_values", "api", "enum", "value")
    assert enum_values == {("v1beta", "FinishReason", NEW_REASON): 4}
    report = drift.report()
    assert report["version"] == 1 and report["dropped"] == 0
    assert_no_values(report)


def test_async_responses_are_counted_too(server):
    server.queue(json_reply(drifted_response()))

    async def call() -> None:
        async with async_client(server) as client:
            await client.generate_content(model="m", request=REQUEST)

    asyncio.run(call())
    assert counts("unknown_fields", "model", "field")[("Candidate", "newCandidateField")] == 2


def test_error_statuses_and_errorinfo_reasons_are_counted_without_messages(server):
    error_info = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "NEW_QUOTA_REASON",
        "domain": "googleapis.com",
        "metadata": {"service": SENTINEL},
    }
    server.queue(
        error_reply(409, message=SENTINEL, details=[error_info]),
        error_reply(400, message=SENTINEL, details=[error_info, {"@type": "other", "x": 1}]),
    )
    with sync_client(server) as client:
        for _ in range(2):
            with pytest.raises(errors.ApiError):
                client.generate_content(model="m", request=REQUEST)
    statuses = counts("error_statuses", "api", "operation", "status")
    assert statuses == {
        ("v1beta", "generateContent", 400): 1,
        ("v1beta", "generateContent", 409): 1,
    }
    reasons = counts("error_reasons", "domain", "reason")
    assert reasons == {("googleapis.com", "NEW_QUOTA_REASON"): 2}
    assert_no_values(drift.report())


def test_an_undocumented_status_is_counted_for_its_operation_and_api(server):
    # 409 is in no operation's `responses`; the count says which operation to document it on.
    server.queue(error_reply(409), error_reply(409), error_reply(409))

    async def call() -> None:
        async with async_client(server, "v1beta3") as client:
            with pytest.raises(errors.ApiError):
                await client.generate_text(model="m", request={"prompt": {"text": "hi"}})

    with sync_client(server) as client:
        for _ in range(2):
            with pytest.raises(errors.ApiError):
                list(client.list_models())  # the pager fetches as it is read
    asyncio.run(call())
    assert counts("error_statuses", "api", "operation", "status") == {
        ("v1beta", "listModels", 409): 2,
        ("v1beta3", "generateText", 409): 1,
    }


def test_a_retried_status_counts_once_for_the_call_that_failed(server):
    server.queue(error_reply(503), error_reply(503))
    with sync_client(server, max_retries=1) as client, pytest.raises(errors.InternalServerError):
        client.count_tokens(model="m", request=REQUEST)
    assert len(server.requests()) == 2
    assert counts("error_statuses", "api", "operation", "status") == {
        ("v1beta", "countTokens", 503): 1
    }


def test_a_known_payload_counts_nothing(server):
    server.queue(json_reply({"candidates": [{"finishReason": "STOP", "index": 0}]}))
    with sync_client(server) as client:
        client.generate_content(model="m", request=REQUEST)
    report = drift.report()
    assert not any(report[k] for k in ("unknown_fields", "unknown_enum_values"))


def test_disabled_counts_nothing_and_enable_resumes():
    drift.disable()
    assert not drift.enabled()
    models.GenerateContentResponse.from_dict(drifted_response())
    assert drift.report()["unknown_fields"] == []
    assert drift.report()["unknown_enum_values"] == []
    drift.enable()
    models.GenerateContentResponse.from_dict(drifted_response())
    assert counts("unknown_enum_values", "value") == {(NEW_REASON,): 2}


def test_an_unknown_member_stays_one_object_and_outside_the_members():
    first = models.Candidate.from_dict({"finishReason": NEW_REASON}).finish_reason
    second = models.Candidate.from_dict({"finishReason": NEW_REASON}).finish_reason
    assert first is second is FinishReason(NEW_REASON)
    assert NEW_REASON not in [m.value for m in FinishReason]
    assert counts("unknown_enum_values", "value") == {(NEW_REASON,): 2}  # not the call


def test_distinct_entries_are_capped_and_the_rest_is_dropped():
    names = [f"field{i:04d}" for i in range(1_005)]
    models.Candidate.from_dict(dict.fromkeys(names, SENTINEL))
    models.Candidate.from_dict({"field0000": 1, "field1004": 2})
    report = drift.report()
    assert len(report["unknown_fields"]) == 1_000
    assert report["dropped"] == 5 + 1  # field1004 is still not itemized
    assert counts("unknown_fields", "field")[("field0000",)] == 2
    assert_no_values(report)


def test_long_names_are_cut():
    long_name = "x" * 5_000
    models.Candidate.from_dict({long_name: 1})
    (row,) = drift.report()["unknown_fields"]
    assert row["field"] == "x" * 200


def test_reset_forgets_everything():
    models.Candidate.from_dict({"brandNew": 1, "finishReason": NEW_REASON})
    drift.reset()
    report = drift.report()
    assert report == {
        "version": 1,
        "unknown_fields": [],
        "unknown_enum_values": [],
        "error_statuses": [],
        "error_reasons": [],
        "dropped": 0,
    }


def test_dump_writes_the_report_as_json(tmp_path):
    models.GenerateContentResponse.from_dict(drifted_response())
    path = tmp_path / "drift.json"
    drift.dump(path)
    assert json.loads(path.read_text(encoding="utf-8")) == drift.report()


def test_counting_from_many_threads_loses_nothing():
    threads, rounds = 8, 250
    start = threading.Barrier(threads, timeout=30)

    def decode() -> None:
        start.wait()
        for _ in range(rounds):
            models.Candidate.from_dict({"finishReason": NEW_REASON, "raced": SENTINEL})

    workers = [threading.Thread(target=decode) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    assert counts("unknown_fields", "field") == {("raced",): threads * rounds}
    assert counts("unknown_enum_values", "value") == {(NEW_REASON,): threads * rounds}
