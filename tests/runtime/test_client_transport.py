"""Client settings, retries, timeouts, typed errors and the API key, against a real server."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
import time
from dataclasses import replace
from typing import Any

import httpx
import pytest
from gemini_api import errors, v1beta, v1beta3
from gemini_api._runtime._http import retry_delay

from ..support.server import API_KEY, GeminiServer, Reply, error_reply, json_reply

OK = {
    "candidates": [
        {"content": {"parts": [{"text": "ok"}], "role": "model"}, "finishReason": "STOP"}
    ]
}
REQUEST = {"contents": [{"parts": [{"text": "hi"}]}]}
BAD_REQUEST_DETAILS = [
    {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        "fieldViolations": [{"field": "contents[0].parts", "description": "must not be empty"}],
    },
    {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "BAD_PARTS",
        "domain": "googleapis.com",
    },
]


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def fast(client: Any) -> Any:
    """Backoff without a server-given delay shrunk to milliseconds: tests wait for nothing."""
    client.retry = replace(client.retry, initial_delay=0.001, max_delay=0.002)
    return client


def sync_client(server: GeminiServer, **options: Any) -> v1beta.Client:
    return fast(v1beta.Client(api_key=API_KEY, base_url=server.url(), **options))


def async_client(server: GeminiServer, **options: Any) -> v1beta.AsyncClient:
    return fast(v1beta.AsyncClient(api_key=API_KEY, base_url=server.url(), **options))


def run_async(server: GeminiServer, call: str = "generate_content", **options: Any) -> Any:
    async def main() -> Any:
        async with async_client(server, **options) as client:
            return await getattr(client, call)(model="gemini-2.0-flash", request=REQUEST)

    return asyncio.run(main())


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- construction -----------------------------------------------------------------


def test_api_key_comes_from_gemini_api_key_then_google_api_key(monkeypatch, server):
    monkeypatch.setenv("GOOGLE_API_KEY", "wrong-key")
    monkeypatch.setenv("GEMINI_API_KEY", API_KEY)
    server.queue(json_reply(OK))
    with v1beta.Client(base_url=server.url()) as client:
        client.generate_content(model="m", request=REQUEST)
    monkeypatch.delenv("GEMINI_API_KEY")
    monkeypatch.setenv("GOOGLE_API_KEY", API_KEY)
    server.queue(json_reply(OK))
    with v1beta.Client(base_url=server.url()) as client:
        client.generate_content(model="m", request=REQUEST)
    assert [s.headers["x-goog-api-key"] for s in server.seen] == [API_KEY, API_KEY]


def test_an_explicit_key_wins_over_the_environment(monkeypatch, server):
    monkeypatch.setenv("GEMINI_API_KEY", "wrong-key")
    server.queue(json_reply(OK))
    with v1beta.Client(api_key=API_KEY, base_url=server.url()) as client:
        client.generate_content(model="m", request=REQUEST)


def test_no_key_anywhere_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    with pytest.raises(ValueError, match="GEMINI_API_KEY"):
        v1beta.Client()
    with pytest.raises(ValueError, match="GEMINI_API_KEY"):
        v1beta3.AsyncClient()


def test_defaults_come_from_the_spec_and_the_issue():
    client = v1beta.Client(api_key=API_KEY)
    assert client.base_url == "https://generativelanguage.googleapis.com/v1beta"
    assert client.max_retries == 2
    assert client.timeout == 60.0
    assert v1beta3.Client(api_key=API_KEY).base_url.endswith("/v1beta3")
    with pytest.raises(ValueError, match="max_retries"):
        v1beta.Client(api_key=API_KEY, max_retries=-1)


def test_the_key_is_in_no_repr(server):
    for client in (v1beta.Client(api_key=API_KEY), v1beta3.AsyncClient(api_key=API_KEY)):
        assert API_KEY not in repr(client)
        assert API_KEY not in str(client)
        assert API_KEY not in repr(client.with_options(timeout=1))


def test_default_headers_and_an_injected_http_client(server):
    server.queue(json_reply(OK))
    http = httpx.Client(headers={"x-from-http-client": "1"})
    client = v1beta.Client(
        api_key=API_KEY, base_url=server.url(), http_client=http, default_headers={"x-app": "demo"}
    )
    client.generate_content(model="m", request=REQUEST)
    client.close()
    assert not http.is_closed  # the caller's client stays the caller's to close
    http.close()
    headers = server.seen[0].headers
    assert headers["x-app"] == "demo"
    assert headers["x-from-http-client"] == "1"
    assert headers["x-goog-api-key"] == API_KEY


def test_an_injected_async_http_client_is_used(server):
    server.queue(json_reply(OK))

    async def main() -> None:
        async with httpx.AsyncClient(headers={"x-from-http-client": "2"}) as http:
            client = v1beta.AsyncClient(api_key=API_KEY, base_url=server.url(), http_client=http)
            await client.generate_content(model="m", request=REQUEST)
            await client.aclose()
            assert not http.is_closed

    asyncio.run(main())
    assert server.seen[0].headers["x-from-http-client"] == "2"


# --- retries --------------------------------------------------------------------


def test_429_with_retry_after_then_success(server):
    server.queue(
        error_reply(429, "Resource exhausted", headers={"Retry-After": "0"}), json_reply(OK)
    )
    with sync_client(server, max_retries=2) as client:
        response = client.generate_content(model="m", request=REQUEST)
    assert response.candidates[0].content.parts[0].text == "ok"
    assert len(server.seen) == 2
    assert server.seen[0].body == server.seen[1].body == REQUEST


def test_429_then_success_async(server):
    server.queue(error_reply(429, "slow down", headers={"Retry-After": "0.01"}), json_reply(OK))
    assert run_async(server, max_retries=2).candidates[0].finish_reason.value == "STOP"
    assert len(server.seen) == 2


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_every_retryable_status_is_retried(server, status):
    server.queue(error_reply(status, headers={"Retry-After": "0"}), json_reply(OK))
    with sync_client(server, max_retries=1) as client:
        client.generate_content(model="m", request=REQUEST)
    assert len(server.seen) == 2


@pytest.mark.parametrize("max_retries", [0, 1, 2, 3])
def test_503_until_retries_run_out_makes_exactly_one_plus_max_retries_attempts(server, max_retries):
    server.route = lambda seen: error_reply(
        503, "The model is overloaded.", headers={"Retry-After": "0"}
    )
    with (
        sync_client(server, max_retries=max_retries) as client,
        pytest.raises(errors.InternalServerError) as caught,
    ):
        client.generate_content(model="m", request=REQUEST)
    assert len(server.seen) == 1 + max_retries
    assert caught.value.status_code == 503
    assert caught.value.status == "UNAVAILABLE"
    assert caught.value.message == "The model is overloaded."


def test_503_until_retries_run_out_async(server):
    server.route = lambda seen: error_reply(503, "overloaded")
    with pytest.raises(errors.InternalServerError):
        run_async(server, max_retries=2)
    assert len(server.seen) == 3


def test_the_retry_delay_in_a_google_rpc_retry_info_is_honoured(server):
    retry_info = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.01s"}
    server.queue(error_reply(429, "quota", details=[retry_info]), json_reply(OK))
    client = v1beta.Client(api_key=API_KEY, base_url=server.url())
    # Were the server's delay ignored, this test would hang.
    client.retry = replace(client.retry, initial_delay=3600.0, max_delay=3600.0)
    with client:
        client.generate_content(model="m", request=REQUEST)
    assert len(server.seen) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_other_errors_are_not_retried(server, status):
    server.route = lambda seen: error_reply(status)
    with sync_client(server, max_retries=3) as client, pytest.raises(errors.ApiError):
        client.generate_content(model="m", request=REQUEST)
    assert len(server.seen) == 1


def test_retry_delay_backs_off_exponentially_with_jitter():
    for attempt in range(6):
        base = min(0.5 * 2**attempt, 8.0)
        for _ in range(20):
            assert 0.75 * base <= retry_delay(attempt, None) <= base


def response_with(headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(429, headers=headers, content=b"{}")


def test_retry_delay_honours_retry_after_seconds_and_dates():
    assert retry_delay(0, response_with({"retry-after": "0"})) == 0
    assert retry_delay(5, response_with({"retry-after": "1.5"})) == 1.5
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_delay(0, response_with({"retry-after": later})) <= 31
    earlier = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert retry_delay(0, response_with({"retry-after": earlier})) == 0


def test_retry_delay_falls_back_to_backoff_for_odd_or_huge_retry_after():
    assert retry_delay(0, response_with({"retry-after": "soon"})) <= 0.5
    assert retry_delay(0, response_with({"retry-after": "3600"})) <= 0.5
    assert retry_delay(0, response_with({"retry-after": "-1"})) <= 0.5


# --- typed errors ------------------------------------------------------------------


def test_a_400_raises_bad_request_error_with_the_parsed_status(server):
    server.queue(
        error_reply(400, "Request contains an invalid argument.", details=BAD_REQUEST_DETAILS)
    )
    with sync_client(server) as client, pytest.raises(errors.BadRequestError) as caught:
        client.generate_content(model="m", request=REQUEST)
    error = caught.value
    assert error.status_code == 400
    assert error.status == "INVALID_ARGUMENT"
    assert error.message == "Request contains an invalid argument."
    assert error.details == BAD_REQUEST_DETAILS
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 400
    assert str(error) == "400 INVALID_ARGUMENT: Request contains an invalid argument."
    assert API_KEY not in str(error) and API_KEY not in repr(error)


def test_a_400_async(server):
    server.queue(error_reply(400, "bad", details=BAD_REQUEST_DETAILS))
    with pytest.raises(errors.BadRequestError) as caught:
        run_async(server)
    assert caught.value.details == BAD_REQUEST_DETAILS


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ApiError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (501, errors.InternalServerError),
        (503, errors.InternalServerError),
    ],
)
def test_each_status_has_its_error_class(server, status, error_class):
    server.route = lambda seen: error_reply(status, "nope")
    with sync_client(server, max_retries=0) as client, pytest.raises(error_class) as caught:
        client.generate_content(model="m", request=REQUEST)
    assert type(caught.value) is error_class
    assert caught.value.status_code == status


def test_a_wrong_key_is_an_authentication_error(server):
    server.queue(json_reply(OK))
    with (
        v1beta.Client(api_key="not-the-key", base_url=server.url()) as client,
        pytest.raises(errors.AuthenticationError, match="API key not valid"),
    ):
        client.generate_content(model="m", request=REQUEST)
    assert "not-the-key" not in str(server.seen[0].query)


def test_an_error_page_that_is_not_json_still_gives_a_typed_error(server):
    server.queue(Reply(status=502, raw=b"<html><body>Bad Gateway</body></html>"))
    with (
        sync_client(server, max_retries=0) as client,
        pytest.raises(errors.InternalServerError) as caught,
    ):
        client.generate_content(model="m", request=REQUEST)
    assert caught.value.status_code == 502
    assert "Bad Gateway" in caught.value.message


def test_a_response_of_the_wrong_shape_names_the_json_path(server):
    bad = {"candidates": [{"content": {"parts": [{"text": "a"}, {"text": "b"}, {"text": 3}]}}]}
    server.queue(json_reply(bad))
    with sync_client(server) as client, pytest.raises(errors.ShapeError) as caught:
        client.generate_content(model="m", request=REQUEST)
    assert str(caught.value) == "candidates[0].content.parts[2].text: expected string, got integer"
    assert isinstance(caught.value, ValueError)


# --- connection errors and timeouts --------------------------------------------------


def test_connection_refused_raises_api_connection_error_after_the_retries(caplog):
    caplog.set_level(logging.INFO, logger="gemini_api")
    client = fast(
        v1beta.Client(api_key=API_KEY, base_url=f"http://127.0.0.1:{closed_port()}/v1beta")
    )
    with client, pytest.raises(errors.APIConnectionError) as caught:
        client.generate_content(model="m", request=REQUEST)
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert caught.value.status_code is None
    retries = [r for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 2  # max_retries=2: three attempts, two retries
    assert API_KEY not in str(caught.value) and API_KEY not in caplog.text


def test_connection_refused_async():
    async def main() -> None:
        client = fast(
            v1beta.AsyncClient(api_key=API_KEY, base_url=f"http://127.0.0.1:{closed_port()}/v1")
        )
        async with client:
            await client.generate_content(model="m", request=REQUEST)

    with pytest.raises(errors.APIConnectionError):
        asyncio.run(main())


def test_a_server_slower_than_the_timeout_raises_api_timeout_error(server):
    server.route = lambda seen: Reply(body=OK, delay=5)
    with (
        sync_client(server, timeout=0.2, max_retries=1) as client,
        pytest.raises(errors.APITimeoutError) as caught,
    ):
        client.generate_content(model="m", request=REQUEST)
    assert isinstance(caught.value, errors.APIConnectionError)
    # Changed deliberately: the body was delivered, so generate_content is not sent again.
    assert len(server.seen) == 1
    assert API_KEY not in str(caught.value)


def test_a_timeout_async(server):
    server.route = lambda seen: Reply(body=OK, delay=5)
    with pytest.raises(errors.APITimeoutError):
        run_async(server, timeout=0.2, max_retries=0)
    assert len(server.seen) == 1


def test_with_options_overrides_timeout_and_retries_for_one_call(server):
    server.route = lambda seen: Reply(body=OK, delay=5)
    with (
        sync_client(server, timeout=30, max_retries=2) as client,
        pytest.raises(errors.APITimeoutError),
    ):
        client.with_options(timeout=0.2, max_retries=0).generate_content(model="m", request=REQUEST)
        assert client.timeout == 30 and client.max_retries == 2  # the original is unchanged
    assert len(server.seen) == 1


def test_a_timeout_can_be_an_httpx_timeout(server):
    server.queue(json_reply(OK))
    with sync_client(server, timeout=httpx.Timeout(5.0, connect=1.0)) as client:
        client.generate_content(model="m", request=REQUEST)


# --- the key stays secret ------------------------------------------------------------


def test_the_key_never_reaches_logs_urls_or_errors(server, caplog):
    caplog.set_level(logging.DEBUG)  # httpx, httpcore and our own loggers, everything
    server.queue(
        error_reply(503, "busy", headers={"Retry-After": "0"}),
        json_reply(OK),
        error_reply(400, "bad", details=BAD_REQUEST_DETAILS),
    )
    messages = []
    with sync_client(server) as client:
        client.generate_content(model="m", request=REQUEST)
        try:
            client.generate_content(model="m", request=REQUEST)
        except errors.ApiError as error:
            messages += [str(error), repr(error), repr(error.response)]
    assert len(messages) == 3
    assert "HTTP Request" in caplog.text  # httpx did log each request ...
    assert API_KEY not in caplog.text  # ... by URL only
    assert all(API_KEY not in m for m in messages)
    for seen in server.seen:
        assert "key" not in seen.query
        assert seen.headers["x-goog-api-key"] == API_KEY


def test_a_non_finite_number_is_sent_as_valid_json(server):
    server.queue(json_reply(OK))
    request = v1beta.models.GenerateContentRequest(
        contents=[], generation_config=v1beta.models.GenerationConfig(temperature=float("inf"))
    )
    with sync_client(server) as client:
        client.generate_content(model="m", request=request)
    assert server.seen[0].body == {"contents": [], "generationConfig": {"temperature": "Infinity"}}
