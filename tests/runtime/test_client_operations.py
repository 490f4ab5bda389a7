"""Every operation of both specs, sync and async, against a real server on 127.0.0.1.

The expectations (HTTP method, path, query, body) are written out by hand from
the specs rather than derived from the IR, so they check the generator instead
of repeating it. A test asserts the table covers exactly the generated methods.
"""

from __future__ import annotations

import asyncio
import inspect
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
from .v1beta_cases import V1BETA_CASES, Case

m3, e3 = v1beta3.models, v1beta3.enums

# Helper methods beside the per-operation ones (media upload and download, waiting for a
# file to become active): they wrap an operation rather than mirror it, and their own
# tests cover them, so the table neither needs nor may rely on them.
HAND_WRITTEN = {
    "upload_file",
    "download_file",
    "wait_for_file_active",
    "upload_file_to_file_search_store",
}

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
TEXT_REPLY = {
    "candidates": [
        {
            "output": "upon a time",
            "safetyRatings": [{"category": "HARM_CATEGORY_TOXICITY", "probability": "NEGLIGIBLE"}],
        }
    ],
    "filters": [{"reason": "OTHER", "message": "none"}],
}

V1BETA3_CASES = [
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
CASES = V1BETA_CASES + V1BETA3_CASES
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
    generated = public_methods(getattr(PACKAGES[version], client_class)) - HAND_WRITTEN
    assert generated == {c.method for c in CASES if c.version == version} - HAND_WRITTEN


@pytest.mark.parametrize("version", sorted(PACKAGES))
def test_sync_and_async_clients_have_the_same_signatures(version):
    package = PACKAGES[version]
    for name in public_methods(package.Client):
        sync = inspect.signature(getattr(package.Client, name))
        async_ = inspect.signature(getattr(package.AsyncClient, name))
        assert list(sync.parameters) == list(async_.parameters), name
        assert getattr(package.Client, name).__doc__ == getattr(package.AsyncClient, name).__doc__


def without_type(value: Any) -> Any:
    """A packed google.protobuf.Any as the handle decodes it: without its `@type`."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "@type"}
    return value


def as_json(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


def expected_items(case: Case, from_operation: bool = False) -> Any:
    """The typed result of a call, as JSON: what `observed` must give back.

    A long-running method gives the operation's response, typed when the spec names
    its type and a plain dict when it does not (getOperation, getBatch).
    """
    if from_operation:
        return without_type(case.reply.get("response") or {})
    if case.method.startswith("list_"):
        return next(v for v in case.reply.values() if isinstance(v, list))
    return case.reply


def check_result(case: Case, result: Any, from_operation: bool = False) -> None:
    if isinstance(result, list):  # a stream or a pager, collected
        assert all(type(item) is case.returns for item in result)
        assert [item.to_dict() for item in result] == expected_items(case)
    else:
        assert type(result) is case.returns
        assert as_json(result) == expected_items(case, from_operation)


def check_operation(
    case: Case, handle: OperationHandle[Any, Any] | AsyncOperationHandle[Any, Any]
) -> None:
    """A handle from a reply that is already done: its name and typed metadata."""
    assert handle.done
    assert handle.name == case.reply["name"]
    assert as_json(handle.metadata) == without_type(case.reply.get("metadata"))


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
        from_operation = isinstance(result, OperationHandle)
        if isinstance(result, Stream | Pager):
            result = list(result)
        elif from_operation:
            check_operation(case, result)
            result = result.result(timeout=5)
    check_result(case, result, from_operation)
    check_seen(server, case)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_async_call(server, case):
    queue_reply(server, case)
    package = PACKAGES[case.version]

    async def call() -> tuple[Any, bool]:
        async with package.AsyncClient(
            api_key=API_KEY, base_url=server.url(case.version), max_retries=0
        ) as client:
            # Every async method is awaited, pagers included (changed deliberately).
            result = await getattr(client, case.method)(**case.kwargs)
            if isinstance(result, AsyncStream | AsyncPager):
                return [item async for item in result], False
            if isinstance(result, AsyncOperationHandle):
                check_operation(case, result)
                return await result.result(timeout=5), True
            return result, False

    check_result(case, *asyncio.run(call()))
    check_seen(server, case)


# A full resource name picks one of a method's x-additional-paths; one that fits none
# must fail in the client, naming the patterns it accepts.
UNROUTABLE = [
    pytest.param(
        "generate_content",
        {"model": "foo/bar", "request": {}},
        ["models/*", "tunedModels/*", "dynamic/*"],
        id="generate_content",
    ),
    pytest.param(
        "get_operation",
        {"operation": "files/abc-123/operations/op-1"},
        [
            "tunedModels/*/operations/*",
            "models/*/operations/*",
            "corpora/*/operations/*",
            "generatedFiles/*/operations/*",
            "fileSearchStores/*/operations/*",
            "fileSearchStores/*/upload/operations/*",
        ],
        id="get_operation",
    ),
]


@pytest.mark.parametrize(("method", "kwargs", "patterns"), UNROUTABLE)
def test_a_name_that_fits_no_pattern_fails_before_sending(server, method, kwargs, patterns):
    with (
        v1beta.Client(api_key=API_KEY, base_url=server.url(), max_retries=0) as client,
        pytest.raises(ValueError) as raised,
    ):
        getattr(client, method)(**kwargs)
    assert all(pattern in str(raised.value) for pattern in patterns), str(raised.value)
    assert server.seen == []


@pytest.mark.parametrize(("method", "kwargs", "patterns"), UNROUTABLE)
def test_a_name_that_fits_no_pattern_fails_before_sending_async(server, method, kwargs, patterns):
    async def call() -> None:
        async with v1beta.AsyncClient(
            api_key=API_KEY, base_url=server.url(), max_retries=0
        ) as client:
            await getattr(client, method)(**kwargs)

    with pytest.raises(ValueError) as raised:
        asyncio.run(call())
    assert all(pattern in str(raised.value) for pattern in patterns), str(raised.value)
    assert server.seen == []


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


def documented_method(cls: type, operation_id: str) -> str | None:
    """The method whose docstring names the operation; a helper that wraps the same
    operation (upload_file beside create_file) only when no table method does."""
    names = sorted(
        (name in HAND_WRITTEN, name)
        for name in public_methods(cls)
        if f"({operation_id})." in (getattr(cls, name).__doc__ or "")
    )
    return names[0][1] if names else None


def test_every_method_carries_the_spec_docstring():
    operations = spec_operations()
    tabled = {(c.version, c.method) for c in CASES}
    for client_class in ("Client", "AsyncClient"):
        documented = set()
        for (version, operation_id), operation in operations.items():
            cls = getattr(PACKAGES[version], client_class)
            name = documented_method(cls, operation_id)
            assert name is not None, (version, client_class, operation_id)
            documented.add((version, name))
            doc = inspect.getdoc(getattr(cls, name)) or ""
            assert doc.startswith(operation["summary"].strip()), (version, operation_id)
            assert f"{operation['verb']} /" in doc
        # One method per operation, and apart from the helpers they are the table's.
        assert len(documented) == len(operations)
        assert {d for d in documented if d[1] not in HAND_WRITTEN} == {
            t for t in tabled if t[1] not in HAND_WRITTEN
        }


def test_a_missing_path_parameter_is_named_as_the_python_argument():
    client = v1beta3.Client(api_key=API_KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match=r"missing tuned_model \(give it") as raised:
        client.get_tuned_model_permission(permission="p1")
    assert "{tunedModel}" not in str(raised.value)
    routed = v1beta.Client(api_key=API_KEY, base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError, match=r"^permission='x/y/z' is not a resource name"):
        routed.get_permission(permission="x/y/z")
