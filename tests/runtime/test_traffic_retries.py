"""Retry policy and deadlines against the local server: what is sent again, when, and
how a number `timeout=` bounds a whole call."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
from typing import Any

import httpx
import pytest
from gemini_api import errors, v1beta, v1beta3
from gemini_api._runtime import RetryPolicy

from ..support.server import GeminiServer, Reply, error_reply, json_reply, sse_reply
from .traffic import CHUNK, FAST, OK, REQUEST, async_client, sync_client

RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def generate_sync(server: GeminiServer, **options: Any) -> Exception | None:
    with sync_client(server, **options) as client:
        try:
            client.generate_content(model="m", request=REQUEST)
        except errors.ApiError as error:
            return error
    return None


def generate_async(server: GeminiServer, **options: Any) -> Exception | None:
    async def main() -> Exception | None:
        async with async_client(server, **options) as client:
            try:
                await client.generate_content(model="m", request=REQUEST)
            except errors.ApiError as error:
                return error
        return None

    return asyncio.run(main())


GENERATE = pytest.mark.parametrize(
    "generate", [generate_sync, generate_async], ids=["sync", "async"]
)


# --- the policy object --------------------------------------------------------------------


def test_the_policy_is_a_small_frozen_dataclass_with_documented_defaults():
    policy = RetryPolicy()
    assert dataclasses.is_dataclass(policy)
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.max_attempts = 5  # type: ignore[misc]
    assert policy.max_attempts == 3
    assert policy.statuses == frozenset({408, 429, 500, 502, 503, 504})
    assert (policy.initial_delay, policy.max_delay, policy.jitter) == (0.5, 8.0, 0.25)
    assert policy.max_server_delay == 60.0
    assert not policy.resend_non_idempotent
    for field in dataclasses.fields(RetryPolicy):
        assert field.name in (RetryPolicy.__doc__ or ""), field.name
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(jitter=2)


def test_max_retries_is_a_shortcut_for_max_attempts():
    client = v1beta.Client(api_key="k", max_retries=4)
    assert client.retry.max_attempts == 5 and client.max_retries == 4
    clone = client.with_options(retry=RetryPolicy(max_attempts=2))
    assert clone.max_retries == 1 and client.max_retries == 4
    assert client.with_options(max_retries=0).retry.max_attempts == 1
    assert v1beta3.AsyncClient(api_key="k", retry=FAST).retry is FAST


def test_backoff_doubles_up_to_the_cap_less_the_jitter():
    policy = RetryPolicy(initial_delay=1.0, max_delay=4.0, jitter=0.5)
    for attempt, base in enumerate([1.0, 2.0, 4.0, 4.0]):
        for _ in range(20):
            assert 0.5 * base <= policy.backoff(attempt) <= base
    assert RetryPolicy(jitter=0).backoff(1) == 1.0


@GENERATE
def test_the_policy_statuses_decide_what_is_retried(server, generate):
    server.queue(error_reply(409, "aborted"), json_reply(OK))
    error = generate(server, retry=dataclasses.replace(FAST, statuses=frozenset({409})))
    assert error is None and len(server.seen) == 2


@GENERATE
def test_with_options_sets_the_policy_for_some_calls(server, generate):
    server.route = lambda seen: error_reply(503, "busy", headers={"Retry-After": "0"})
    error = generate(server, retry=dataclasses.replace(FAST, max_attempts=4))
    assert isinstance(error, errors.InternalServerError) and len(server.seen) == 4


# --- never twice once the server had it ----------------------------------------------------


@GENERATE
@pytest.mark.parametrize("fault", ["drop", "timeout"])
def test_a_generation_whose_body_arrived_is_sent_once(server, generate, fault):
    reply = Reply(drop=True) if fault == "drop" else Reply(body=OK, delay=5)
    server.route = lambda seen: reply
    options = {"timeout": httpx.Timeout(0.3)} if fault == "timeout" else {}
    error = generate(server, **options)
    assert isinstance(error, errors.APIConnectionError)
    assert "not sent again" in str(error)
    assert len(server.seen) == 1


@GENERATE
def test_resend_non_idempotent_opts_in_to_sending_it_again(server, generate):
    server.queue(Reply(drop=True), json_reply(OK))
    error = generate(server, retry=dataclasses.replace(FAST, resend_non_idempotent=True))
    assert error is None and len(server.seen) == 2


def test_a_get_is_sent_again_after_a_read_timeout(server):
    # An httpx.Timeout limits each wait, so time is left for the second attempt.
    server.queue(Reply(body={"name": "models/a"}, delay=5), json_reply({"name": "models/a"}))
    with sync_client(server, timeout=httpx.Timeout(0.3)) as client:
        assert client.get_model(model="a").name == "models/a"
    assert len(server.seen) == 2


def test_an_async_get_is_sent_again_after_the_connection_dropped(server):
    server.queue(Reply(drop=True), json_reply({"name": "models/a"}))

    async def main() -> str:
        async with async_client(server) as client:
            return (await client.get_model(model="a")).name

    assert asyncio.run(main()) == "models/a"
    assert len(server.seen) == 2


def test_a_stream_is_never_sent_again_once_it_began(server):
    server.queue(
        sse_reply(chunks=[b'data: {"candidates":[]}\r\n\r\n'], end="cut"), sse_reply([CHUNK])
    )
    with sync_client(server) as client, pytest.raises(errors.StreamError):
        list(client.stream_generate_content(model="m", request=REQUEST))
    assert len(server.seen) == 1


def test_idempotency_comes_from_the_spec(apis):
    ops = {op.operation_id: op for op in apis["v1beta"].operations}
    assert not ops["generateContent"].idempotent
    assert not ops["countTokens"].idempotent
    assert ops["getModel"].idempotent
    assert ops["deleteFile"].idempotent
    source = inspect.getsource(v1beta.Client.generate_content)
    assert "idempotent=False" in source
    assert "idempotent=True" in inspect.getsource(v1beta.Client.get_model)


def test_x_idempotent_marks_a_post_idempotent(tmp_path):
    from generator.pipeline import build_package

    from ..support.specs import write_spec

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "v1"},
        "paths": {
            "/a:run": {
                "post": {
                    "operationId": "run",
                    "x-idempotent": True,
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/b": {
                "put": {
                    "operationId": "put",
                    "x-idempotent": False,
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    api = build_package([write_spec(tmp_path, json.dumps(spec))], "pkg").apis[0]
    flags = {op.operation_id: op.idempotent for op in api.operations}
    assert flags == {"run": True, "put": False}


# --- server-named delays -------------------------------------------------------------------


@GENERATE
@pytest.mark.parametrize(
    "reply",
    [
        error_reply(429, "quota", headers={"Retry-After": "3600"}),
        error_reply(429, "quota", details=[{"@type": RETRY_INFO, "retryDelay": "120s"}]),
    ],
    ids=["retry-after", "retry-info"],
)
def test_a_server_delay_longer_than_the_cap_raises_at_once(server, generate, reply):
    server.route = lambda seen: reply
    error = generate(server)
    assert type(error) is errors.RateLimitError
    assert error.retry_after in (3600, 120)
    assert len(server.seen) == 1


@GENERATE
def test_a_server_delay_within_the_cap_is_waited_out(server, generate):
    server.queue(error_reply(429, "quota", headers={"Retry-After": "0.01"}), json_reply(OK))
    assert generate(server) is None
    assert len(server.seen) == 2


@GENERATE
def test_the_cap_is_part_of_the_policy(server, generate):
    server.queue(error_reply(503, "busy", headers={"Retry-After": "0.2"}), json_reply(OK))
    error = generate(server, retry=dataclasses.replace(FAST, max_server_delay=0.1))
    assert isinstance(error, errors.InternalServerError) and error.retry_after == 0.2
    assert len(server.seen) == 1


@GENERATE
def test_a_retry_that_would_end_past_the_deadline_is_not_made(server, generate):
    server.route = lambda seen: error_reply(503, "busy", headers={"Retry-After": "2"})
    error = generate(server, timeout=1.0)
    assert isinstance(error, errors.InternalServerError)
    assert len(server.seen) == 1


# --- 3. one deadline for a unary call --------------------------------------------------------


@GENERATE
def test_a_dripping_body_is_cut_off_at_the_deadline(server, generate):
    body = {**OK, "modelVersion": "x" * 300}
    server.route = lambda seen: Reply(body=body, drip=0.02)  # about 7 s for the whole body
    error = generate(server, timeout=0.5)
    assert isinstance(error, errors.APITimeoutError)
    assert "did not finish within 0.5 s" in str(error)
    assert server.dripped < len(json.dumps(body))
    assert len(server.seen) == 1


@GENERATE
def test_dripping_headers_are_cut_off_at_the_deadline(server, generate):
    # Each byte comes well within any read limit: only the call's deadline can end it.
    padding = {"x-padding": "p" * 300}  # a head of about 400 bytes: 8 s to drip
    server.route = lambda seen: Reply(body=OK, headers=padding, drip=0.02, drip_head=True)
    error = generate(server, timeout=0.5)
    assert isinstance(error, errors.APITimeoutError)
    assert "did not finish within 0.5 s" in str(error)
    assert 0 < server.dripped < 300  # the client left in the middle of the headers
    assert len(server.seen) == 1


def test_dripping_headers_are_read_to_the_end_within_the_deadline(server):
    server.route = lambda seen: Reply(body=OK, drip=0.0005, drip_head=True)
    with sync_client(server, timeout=30) as client:
        assert client.generate_content(model="m", request=REQUEST).candidates


def test_an_httpx_timeout_keeps_limiting_each_wait(server):
    server.route = lambda seen: Reply(body=OK, drip=0.001)
    with sync_client(server, timeout=httpx.Timeout(0.5)) as client:
        client.generate_content(model="m", request=REQUEST)  # every byte well within 0.5 s
