"""What the client logs: one INFO line per attempt (method, path, status, attempt n/N,
retry delay, duration), headers at DEBUG, and never the key or a body, whichever
logger (ours, httpx's, httpcore's) is listening."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from gemini_api import RetryPolicy, errors
from gemini_api._runtime import _log

from generator.conventions import GEMINI, GOOGLE, OPENAPI

from ..support.server import API_KEY, GeminiServer, Reply, error_reply, json_reply, sse_reply
from .test_call_options import PAGES, REPLY
from .test_client_features import CHUNK, async_client_for, client_for

BODY_MARKER = "body-text-that-must-not-be-logged"
REQUEST = {"contents": [{"parts": [{"text": BODY_MARKER}]}]}
QUICK_RETRY = RetryPolicy(max_attempts=2, initial_delay=0.001, jitter=0)


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    """The package's logger, restored afterwards (the environment variable changes it)."""
    logger = _log.logger
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


def attempts(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "gemini_api" and r.levelno == logging.INFO]


def test_one_info_line_per_attempt(server, caplog):
    server.queue(error_reply(503), *(json_reply(page) for page in PAGES))
    client = client_for(server, retry=QUICK_RETRY, max_retries=None)
    with caplog.at_level(logging.INFO, logger="gemini_api"), client:
        assert len(list(client.list_models(page_size=1))) == 2
    first, second, third = attempts(caplog)
    assert (first.http_method, first.path, first.outcome) == ("GET", "/v1beta/models", "503")
    assert (first.attempt, first.attempts, first.retry_delay) == (1, 2, 0.001)
    assert (second.outcome, second.attempt, second.retry_delay) == ("200", 2, None)
    assert third.attempt == 1  # the second page is a call of its own
    assert all(isinstance(r.duration_ms, int) and r.duration_ms >= 0 for r in (first, third))
    assert first.getMessage().startswith("GET /v1beta/models 503 (attempt 1/2, ")
    assert first.getMessage().endswith("; retry in 0.00 s")
    # The query string stays out: an API may take its key there.
    assert "pageSize" not in caplog.text and "pageToken" not in caplog.text


def test_the_last_failed_attempt_is_logged_before_the_error(server, caplog):
    server.queue(error_reply(404))
    client = client_for(server)
    caught = pytest.raises(errors.NotFoundError)
    with caplog.at_level(logging.INFO, logger="gemini_api"), client, caught:
        client.get_model(model="m")
    (record,) = attempts(caplog)
    assert (record.outcome, record.attempt, record.attempts, record.retry_delay) == (
        "404",
        1,
        1,
        None,
    )


def test_a_connection_failure_names_the_error(server, caplog):
    server.queue(Reply(drop=True), json_reply({"name": "models/m"}))
    client = client_for(server, retry=QUICK_RETRY, max_retries=None)
    with caplog.at_level(logging.INFO, logger="gemini_api"), client:
        client.get_model(model="m")
    failed, done = attempts(caplog)
    assert failed.outcome == "RemoteProtocolError" and failed.retry_delay == 0.001
    assert done.outcome == "200"


def test_gemini_log_debug_logs_headers_but_never_the_key_or_a_body(
    server, caplog, capsys, monkeypatch, package_logger
):
    httpx_levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    monkeypatch.setenv("GEMINI_LOG", "debug")
    server.queue(
        error_reply(429, BODY_MARKER),
        json_reply(REPLY),
        sse_reply([CHUNK]),
        json_reply(REPLY),
    )
    # Everything, from every logger (httpx and httpcore included), at DEBUG.
    caplog.set_level(logging.DEBUG)
    with client_for(server, retry=QUICK_RETRY, max_retries=None) as client:
        assert package_logger.level == logging.DEBUG
        client.generate_content(model="m", request=REQUEST)
        list(client.stream_generate_content(model="m", request=REQUEST))

    async def async_call() -> None:
        async with async_client_for(server) as client:
            await client.generate_content(model="m", request=REQUEST)

    asyncio.run(async_call())
    # The variable set our logger alone; httpx's are as the application left them.
    assert {name: logging.getLogger(name).level for name in httpx_levels} == httpx_levels
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "request headers:" in messages and "response headers:" in messages
    assert {r.name for r in caplog.records} >= {"gemini_api", "httpcore.http11"}
    stderr = capsys.readouterr().err
    assert "gemini_api DEBUG request headers:" in stderr
    for text in (messages, stderr):
        assert API_KEY not in text
        assert BODY_MARKER not in text
        assert "hello" not in text  # the response body


def test_gemini_log_info_adds_one_handler_however_many_clients(server, monkeypatch, package_logger):
    monkeypatch.setenv("GEMINI_LOG", "info")
    for _ in range(3):
        client_for(server).close()
    assert package_logger.level == logging.INFO
    assert sum(isinstance(h, _log._EnvHandler) for h in package_logger.handlers) == 1


def test_without_the_variable_nothing_is_configured(server, monkeypatch, package_logger):
    monkeypatch.delenv("GEMINI_LOG", raising=False)
    before = (package_logger.level, list(package_logger.handlers))
    client_for(server).close()
    assert (package_logger.level, list(package_logger.handlers)) == before


def test_only_the_gemini_family_reads_gemini_log():
    assert GEMINI.runtime_constants()["_LOG_ENV_VAR"] == "GEMINI_LOG"
    assert GOOGLE.runtime_constants()["_LOG_ENV_VAR"] is None
    assert OPENAPI.runtime_constants()["_LOG_ENV_VAR"] is None
