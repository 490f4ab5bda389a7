"""Every operation of both specs, sync and async, against a real server on 127.0.0.1.

The expectations (HTTP method, path, query, body) are written out by hand from
the specs rather than derived from the IR, so they check the generator instead
of repeating it. A test asserts the table covers exactly the generated methods.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import Any

import pytest
from gemini_api import v1beta, v1beta3
from gemini_api._runtime import (
    AsyncOperationHandle,
    AsyncPager,
    AsyncStream,
    OperationHandle,
    Pager,
    Stream,
)

from ..support.server import API_KEY, GeminiServer, Seen, json_reply, sse_reply
from ..support.specs import SPECS_DIR, load_yaml

m1, e1 = v1beta.models, v1beta.enums
m3, e3 = v1beta3.models, v1beta3.enums


@dataclass(frozen=True)
class Case:
    version: str
    method: str
    kwargs: dict[str, Any]
    http: str
    path: str  # after the base URL's /{version}
    returns: type
    reply: Any = field(default_factory=dict)  # JSON; a list of events for a stream
    body: Any = None
    query: dict[str, list[str]] = field(default_factory=dict)
    id: str = ""  # for a second case of the same method


MODEL_INFO = {
    "name": "models/text-bison-001",
    "baseModelId": "text-bison",
    "version": "001",
    "displayName": "PaLM 2",
    "inputTokenLimit": 8196,
    "outputTokenLimit": 1024,
    "supportedGenerationMethods": ["generateText", "countTextTokens"],
    "temperature": 0.7,
    "topP": 0.95,
    "topK": 40,
}
TUNED_MODEL = {
    "name": "tunedModels/my-model",
    "baseModel": "models/text-bison-001",
    "displayName": "My model",
    "state": "ACTIVE",
    "createTime": "2024-05-01T10:00:00.123456Z",
    "tuningTask": {
        "trainingData": {"examples": {"examples": [{"textInput": "1+1", "output": "2"}]}},
        "hyperparameters": {"epochCount": 3, "batchSize": 4, "learningRate": 0.001},
        "snapshots": [
            {"step": 1, "epoch": 0, "meanLoss": 0.25, "computeTime": "2024-05-01T10:01:00Z"}
        ],
    },
}
PERMISSION = {
    "name": "tunedModels/my-model/permissions/p1",
    "granteeType": "USER",
    "emailAddress": "ada@example.com",
    "role": "READER",
}
CORPUS_PERMISSION = {**PERMISSION, "name": "corpora/my-corpus/permissions/p2"}
GENERATED = {
    "candidates": [
        {
            "content": {"parts": [{"text": "Hi there!"}], "role": "model"},
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": [
                {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}
            ],
        }
    ],
    "usageMetadata": {"promptTokenCount": 2, "candidatesTokenCount": 3, "totalTokenCount": 5},
    "modelVersion": "gemini-2.0-flash-001",
    "responseId": "abc123",
}
TEXT_REPLY = {
    "candidates": [
        {
            "output": "upon a time",
            "safetyRatings": [{"category": "HARM_CATEGORY_TOXICITY", "probability": "NEGLIGIBLE"}],
        }
    ],
    "filters": [{"reason": "OTHER", "message": "none"}],
}

CASES = [
    # --- v1beta -------------------------------------------------------------
    Case(
        "v1beta",
        "generate_content",
        {
            "model": "gemini-2.0-flash",
            "request": m1.GenerateContentRequest(
                contents=[m1.Content(role="user", parts=[m1.Part(text="Hello")])],
                generation_config=m1.GenerationConfig(temperature=0.5, max_output_tokens=64),
                safety_settings=[
                    m1.SafetySetting(
                        category=e1.HarmCategory.HARM_CATEGORY_HARASSMENT,
                        threshold=e1.HarmBlockThreshold.BLOCK_ONLY_HIGH,
                    )
                ],
            ),
        },
        "POST",
        "/models/gemini-2.0-flash:generateContent",
        m1.GenerateContentResponse,
        reply=GENERATED,
        body={
            "contents": [{"parts": [{"text": "Hello"}], "role": "user"}],
            "generationConfig": {"temperature": 0.5, "maxOutputTokens": 64},
            "safetySettings": [
                {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}
            ],
        },
    ),
    Case(
        "v1beta",
        "stream_generate_content",
        {
            "model": "models/gemini-2.0-flash",
            "request": {"contents": [{"parts": [{"text": "Hi"}]}]},
        },
        "POST",
        "/models/gemini-2.0-flash:streamGenerateContent",
        m1.GenerateContentResponse,
        reply=[
            {"candidates": [{"content": {"parts": [{"text": "Hi"}], "role": "model"}, "index": 0}]},
            {
                "candidates": [
                    {
                        "content": {"parts": [{"text": " there"}], "role": "model"},
                        "finishReason": "STOP",
                    }
                ]
            },
        ],
        body={"contents": [{"parts": [{"text": "Hi"}]}]},
        query={"alt": ["sse"]},
    ),
    Case(
        "v1beta",
        "embed_content",
        {
            "model": "text-embedding-004",
            "request": m1.EmbedContentRequest(
                content=m1.Content(parts=[m1.Part(text="embed me")]),
                task_type=e1.TaskType.RETRIEVAL_QUERY,
                output_dimensionality=3,
            ),
        },
        "POST",
        "/models/text-embedding-004:embedContent",
        m1.EmbedContentResponse,
        reply={"embedding": {"values": [0.1, -0.2, 0.3]}},
        body={
            "content": {"parts": [{"text": "embed me"}]},
            "taskType": "RETRIEVAL_QUERY",
            "outputDimensionality": 3,
        },
    ),
    # --- v1beta3 ------------------------------------------------------------
    Case(
        "v1beta3",
        "generate_message",
        {
            "model": "chat-bison-001",
            "request": {"prompt": {"messages": [{"content": "hi"}]}, "temperature": 0.2},
        },
        "POST",
        "/models/chat-bison-001:generateMessage",
        m3.GenerateMessageResponse,
        reply={
            "candidates": [{"author": "1", "content": "hello"}],
            "messages": [{"author": "0", "content": "hi"}],
        },
        body={"prompt": {"messages": [{"content": "hi"}]}, "temperature": 0.2},
    ),
    Case(
        "v1beta3",
        "count_message_tokens",
        {
            "model": "models/chat-bison-001",
            "request": m3.CountMessageTokensRequest(
                prompt=m3.MessagePrompt(messages=[m3.Message(content="hi")])
            ),
        },
        "POST",
        "/models/chat-bison-001:countMessageTokens",
        m3.CountMessageTokensResponse,
        reply={"tokenCount": 5},
        body={"prompt": {"messages": [{"content": "hi"}]}},
    ),
    Case(
        "v1beta3",
        "get_model",
        {"model": "text-bison-001"},
        "GET",
        "/models/text-bison-001",
        m3.Model,
        reply=MODEL_INFO,
    ),
    Case(
        "v1beta3",
        "list_models",
        {"page_size": 50},
        "GET",
        "/models",
        m3.Model,
        reply={"models": [MODEL_INFO, {**MODEL_INFO, "name": "models/chat-bison-001"}]},
        query={"pageSize": ["50"]},
    ),
    Case(
        "v1beta3",
        "generate_text",
        {
            "model": "text-bison-001",
            "request": m3.GenerateTextRequest(
                prompt=m3.TextPrompt(text="Once"),
                safety_settings=[
                    m3.SafetySetting(
                        category=e3.HarmCategory.HARM_CATEGORY_TOXICITY,
                        threshold=e3.HarmBlockThreshold.BLOCK_ONLY_HIGH,
                    )
                ],
                stop_sequences=["."],
            ),
        },
        "POST",
        "/models/text-bison-001:generateText",
        m3.GenerateTextResponse,
        reply=TEXT_REPLY,
        body={
            "prompt": {"text": "Once"},
            "safetySettings": [
                {"category": "HARM_CATEGORY_TOXICITY", "threshold": "BLOCK_ONLY_HIGH"}
            ],
            "stopSequences": ["."],
        },
    ),
    Case(
        "v1beta3",
        "embed_text",
        {"model": "embedding-gecko-001", "request": {"text": "x"}},
        "POST",
        "/models/embedding-gecko-001:embedText",
        m3.EmbedTextResponse,
        reply={"embedding": {"value": [0.5, 1.0]}},
        body={"text": "x"},
    ),
    Case(
        "v1beta3",
        "batch_embed_text",
        {"model": "embedding-gecko-001", "request": m3.BatchEmbedTextRequest(texts=["a", "b"])},
        "POST",
        "/models/embedding-gecko-001:batchEmbedText",
        m3.BatchEmbedTextResponse,
        reply={"embeddings": [{"value": [1.0]}, {"value": [2.5]}]},
        body={"texts": ["a", "b"]},
    ),
    Case(
        "v1beta3",
        "count_text_tokens",
        {"model": "text-bison-001", "request": {"prompt": {"text": "abc"}}},
        "POST",
        "/models/text-bison-001:countTextTokens",
        m3.CountTextTokensResponse,
        reply={"tokenCount": 2},
        body={"prompt": {"text": "abc"}},
    ),
    Case(
        "v1beta3",
        "get_tuned_model",
        {"tuned_model": "my-model"},
        "GET",
        "/tunedModels/my-model",
        m3.TunedModel,
        reply=TUNED_MODEL,
    ),
    Case(
        "v1beta3",
        "delete_tuned_model",
        {"tuned_model": "tunedModels/my-model"},
        "DELETE",
        "/tunedModels/my-model",
        m3.Empty,
    ),
    Case(
        "v1beta3",
        "update_tuned_model",
        {
            "tuned_model": "my-model",
            "update_mask": "description,displayName",
            "request": m3.TunedModel.from_dict({**TUNED_MODEL, "description": "better"}),
        },
        "PATCH",
        "/tunedModels/my-model",
        m3.TunedModel,
        reply={**TUNED_MODEL, "description": "better"},
        body={**TUNED_MODEL, "description": "better"},
        query={"updateMask": ["description,displayName"]},
    ),
    Case(
        "v1beta3",
        "list_tuned_models",
        {"page_size": 10, "filter_": "owner:me"},
        "GET",
        "/tunedModels",
        m3.TunedModel,
        reply={"tunedModels": [TUNED_MODEL]},
        query={"pageSize": ["10"], "filter": ["owner:me"]},
    ),
    Case(
        "v1beta3",
        "create_tuned_model",
        {
            "tuned_model_id": "my-model",
            "request": {
                "baseModel": "models/text-bison-001",
                "tuningTask": TUNED_MODEL["tuningTask"],
            },
        },
        "POST",
        "/tunedModels",
        m3.TunedModel,
        reply={
            "name": "tunedModels/my-model/operations/op1",
            "metadata": {
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta3.CreateTunedModelMetadata",
                "tunedModel": "tunedModels/my-model",
                "totalSteps": 10,
                "completedSteps": 10,
            },
            "done": True,
            "response": {
                "@type": "type.googleapis.com/google.ai.generativelanguage.v1beta3.TunedModel",
                **TUNED_MODEL,
            },
        },
        body={"baseModel": "models/text-bison-001", "tuningTask": TUNED_MODEL["tuningTask"]},
        query={"tunedModelId": ["my-model"]},
    ),
    Case(
        "v1beta3",
        "transfer_ownership",
        {
            "tuned_model": "my-model",
            "request": m3.TransferOwnershipRequest(email_address="bob@example.com"),
        },
        "POST",
        "/tunedModels/my-model:transferOwnership",
        m3.TransferOwnershipResponse,
        body={"emailAddress": "bob@example.com"},
    ),
    Case(
        "v1beta3",
        "generate_text_tuned_model",
        {"tuned_model": "my-model", "request": {"prompt": {"text": "Once"}}},
        "POST",
        "/tunedModels/my-model:generateText",
        m3.GenerateTextResponse,
        reply=TEXT_REPLY,
        body={"prompt": {"text": "Once"}},
    ),
    Case(
        "v1beta3",
        "list_tuned_model_permissions",
        {"tuned_model": "my-model", "page_size": 5},
        "GET",
        "/tunedModels/my-model/permissions",
        m3.Permission,
        reply={"permissions": [PERMISSION]},
        query={"pageSize": ["5"]},
    ),
    Case(
        "v1beta3",
        "create_tuned_model_permission",
        {
            "tuned_model": "my-model",
            "request": m3.Permission(
                grantee_type=e3.GranteeType.USER,
                email_address="ada@example.com",
                role=e3.Role.READER,
            ),
        },
        "POST",
        "/tunedModels/my-model/permissions",
        m3.Permission,
        reply=PERMISSION,
        body={"granteeType": "USER", "emailAddress": "ada@example.com", "role": "READER"},
    ),
    Case(
        "v1beta3",
        "get_tuned_model_permission",
        {"permission": "tunedModels/my-model/permissions/p1"},
        "GET",
        "/tunedModels/my-model/permissions/p1",
        m3.Permission,
        reply=PERMISSION,
    ),
    Case(
        "v1beta3",
        "get_tuned_model_permission",
        {"tuned_model": "my-model", "permission": "p1"},
        "GET",
        "/tunedModels/my-model/permissions/p1",
        m3.Permission,
        reply=PERMISSION,
        id="short-ids",
    ),
    Case(
        "v1beta3",
        "delete_tuned_model_permission",
        {"tuned_model": "my-model", "permission": "p1"},
        "DELETE",
        "/tunedModels/my-model/permissions/p1",
        m3.Empty,
    ),
    Case(
        "v1beta3",
        "update_tuned_model_permission",
        {
            "tuned_model": "tunedModels/my-model",
            "permission": "permissions/p1",
            "update_mask": "role",
            "request": {"granteeType": "USER", "role": "WRITER"},
        },
        "PATCH",
        "/tunedModels/my-model/permissions/p1",
        m3.Permission,
        reply={**PERMISSION, "role": "WRITER"},
        body={"granteeType": "USER", "role": "WRITER"},
        query={"updateMask": ["role"]},
    ),
    Case(
        "v1beta3",
        "list_corpus_permissions",
        {"corpus": "corpora/my-corpus"},
        "GET",
        "/corpora/my-corpus/permissions",
        m3.Permission,
        reply={"permissions": [CORPUS_PERMISSION]},
    ),
    Case(
        "v1beta3",
        "create_corpus_permission",
        {"corpus": "my-corpus", "request": {"granteeType": "EVERYONE", "role": "READER"}},
        "POST",
        "/corpora/my-corpus/permissions",
        m3.Permission,
        reply={**CORPUS_PERMISSION, "granteeType": "EVERYONE"},
        body={"granteeType": "EVERYONE", "role": "READER"},
    ),
    Case(
        "v1beta3",
        "get_corpus_permission",
        {"corpus": "my-corpus", "permission": "p2"},
        "GET",
        "/corpora/my-corpus/permissions/p2",
        m3.Permission,
        reply=CORPUS_PERMISSION,
    ),
    Case(
        "v1beta3",
        "delete_corpus_permission",
        {"permission": "corpora/my-corpus/permissions/p2"},
        "DELETE",
        "/corpora/my-corpus/permissions/p2",
        m3.Empty,
    ),
    Case(
        "v1beta3",
        "update_corpus_permission",
        {
            "corpus": "my-corpus",
            "permission": "p2",
            "update_mask": "role",
            "request": m3.Permission(grantee_type=e3.GranteeType.USER, role=e3.Role.WRITER),
        },
        "PATCH",
        "/corpora/my-corpus/permissions/p2",
        m3.Permission,
        reply={**CORPUS_PERMISSION, "role": "WRITER"},
        body={"granteeType": "USER", "role": "WRITER"},
        query={"updateMask": ["role"]},
    ),
]
PACKAGES = {"v1beta": v1beta, "v1beta3": v1beta3}


def case_id(case: Case) -> str:
    return f"{case.version}.{case.method}" + (f"[{case.id}]" if case.id else "")


def public_methods(cls: type) -> set[str]:
    return {
        name
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


@pytest.mark.parametrize("version", sorted(PACKAGES))
@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_the_table_covers_every_generated_method(version, client_class):
    generated = public_methods(getattr(PACKAGES[version], client_class))
    assert generated == {c.method for c in CASES if c.version == version}


@pytest.mark.parametrize("version", sorted(PACKAGES))
def test_sync_and_async_clients_have_the_same_signatures(version):
    package = PACKAGES[version]
    for name in public_methods(package.Client):
        sync = inspect.signature(getattr(package.Client, name))
        async_ = inspect.signature(getattr(package.AsyncClient, name))
        assert list(sync.parameters) == list(async_.parameters), name
        assert getattr(package.Client, name).__doc__ == getattr(package.AsyncClient, name).__doc__


def expected_items(case: Case) -> Any:
    """The typed result of a call, as JSON: what `observed` must give back."""
    if case.method.startswith("list_"):
        return next(v for v in case.reply.values() if isinstance(v, list))
    if case.method == "create_tuned_model":
        return {k: v for k, v in case.reply["response"].items() if k != "@type"}
    return case.reply


def check_result(case: Case, result: Any) -> None:
    if isinstance(result, list):  # a stream or a pager, collected
        assert all(type(item) is case.returns for item in result)
        assert [item.to_dict() for item in result] == expected_items(case)
    else:
        assert type(result) is case.returns
        assert result.to_dict() == expected_items(case)


def check_seen(server: GeminiServer, case: Case) -> None:
    assert len(server.seen) == 1
    seen: Seen = server.seen[0]
    assert seen.method == case.http
    assert seen.path == f"/{case.version}{case.path}"
    assert seen.query == case.query
    assert seen.body == case.body
    assert seen.headers["x-goog-api-key"] == API_KEY
    if case.body is not None:
        assert seen.headers["content-type"] == "application/json"


def queue_reply(server: GeminiServer, case: Case) -> None:
    server.queue(
        sse_reply(case.reply) if case.method.startswith("stream_") else json_reply(case.reply)
    )


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_sync_call(server, case):
    queue_reply(server, case)
    package = PACKAGES[case.version]
    with package.Client(
        api_key=API_KEY, base_url=server.url(case.version), max_retries=0
    ) as client:
        result = getattr(client, case.method)(**case.kwargs)
        if isinstance(result, Stream | Pager):
            result = list(result)
        elif isinstance(result, OperationHandle):
            assert result.done
            assert result.name == case.reply["name"]
            result = result.result(timeout=5)
    check_result(case, result)
    check_seen(server, case)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_async_call(server, case):
    queue_reply(server, case)
    package = PACKAGES[case.version]

    async def call() -> Any:
        async with package.AsyncClient(
            api_key=API_KEY, base_url=server.url(case.version), max_retries=0
        ) as client:
            method = getattr(client, case.method)
            if isinstance(result := method(**case.kwargs), AsyncPager):
                return [item async for item in result]
            result = await result
            if isinstance(result, AsyncStream):
                return [item async for item in result]
            if isinstance(result, AsyncOperationHandle):
                assert result.done
                return await result.result(timeout=5)
            return result

    check_result(case, asyncio.run(call()))
    check_seen(server, case)


def spec_operations() -> dict[tuple[str, str], dict[str, Any]]:
    """(version, operationId) -> the operation object, straight from the spec files."""
    found = {}
    for version in PACKAGES:
        spec = load_yaml(SPECS_DIR / f"{version}.openapi.yaml")
        for item in spec["paths"].values():
            for verb, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    found[(version, operation["operationId"])] = {**operation, "verb": verb.upper()}
    return found


def test_every_method_carries_the_spec_docstring():
    operations = spec_operations()
    assert len(operations) == len({(c.version, c.method) for c in CASES})
    for (version, operation_id), operation in operations.items():
        for client_class in ("Client", "AsyncClient"):
            cls = getattr(PACKAGES[version], client_class)
            method = next(
                getattr(cls, name)
                for name in public_methods(cls)
                if f"({operation_id})." in (getattr(cls, name).__doc__ or "")
            )
            doc = inspect.getdoc(method) or ""
            assert doc.startswith(operation["summary"].strip()), (version, operation_id)
            assert f"{operation['verb']} /" in doc


def test_a_missing_path_parameter_names_it():
    client = v1beta3.Client(api_key=API_KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match="tunedModel"):
        client.get_tuned_model_permission(permission="p1")
