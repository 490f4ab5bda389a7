"""Bodies the decoder cannot take raise typed errors: JSON nested too deep (responses and
stream events, sync and async), and integers outside their format's range."""

from __future__ import annotations

import asyncio
import sys

import pytest
from gemini_api import errors, v1beta
from gemini_api._runtime import expect_int32, expect_int64, expect_uint32, expect_uint64

from ..support.server import GeminiServer, Reply, sse_bytes, sse_reply
from .traffic import CHUNK, REQUEST, async_client, sync_client

RECURSION_LIMIT = 1000
DEPTH = RECURSION_LIMIT + 100
DEEP_TEXT = "[" * DEPTH + "]" * DEPTH
# Valid JSON the scanner reads (two JSON levels a schema), but a model nested deeper
# than the decoders recurse (several Python frames a schema).
SCHEMA_DEPTH = 400  # under the recursion limit the `limited` fixture sets
DEEP_SCHEMA_TEXT = (
    '{"type":"OBJECT","anyOf":[' * SCHEMA_DEPTH + '{"type":"OBJECT"}' + "]}" * SCHEMA_DEPTH
)


@pytest.fixture(autouse=True)
def limited():
    """Python's default recursion limit, whatever the test runner set."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(RECURSION_LIMIT)
    yield
    sys.setrecursionlimit(before)


@pytest.fixture
def server():
    with GeminiServer() as s:
        yield s


def deep_reply() -> Reply:
    body = (
        '{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":'
        + DEEP_TEXT
        + "}}]}}]}"
    )
    return Reply(raw=body.encode())


def run(server: GeminiServer, mode: str, call: str) -> BaseException:
    if mode == "sync":
        with sync_client(server) as client:
            try:
                if call == "stream":
                    list(client.stream_generate_content(model="m", request=REQUEST))
                else:
                    client.generate_content(model="m", request=REQUEST)
            except (errors.ApiError, errors.ShapeError) as error:
                return error
        raise AssertionError("no error")

    async def main() -> BaseException:
        async with async_client(server) as client:
            try:
                if call == "stream":
                    stream = await client.stream_generate_content(model="m", request=REQUEST)
                    [c async for c in stream]
                else:
                    await client.generate_content(model="m", request=REQUEST)
            except (errors.ApiError, errors.ShapeError) as error:
                return error
        raise AssertionError("no error")

    return asyncio.run(main())


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
def test_a_response_nested_too_deep_raises_api_error_with_the_cause(server, mode):
    server.queue(deep_reply())
    error = run(server, mode, "unary")
    assert type(error) is errors.ApiError
    assert isinstance(error.__cause__, errors.ShapeError)
    assert isinstance(error.__cause__.__cause__, RecursionError)


@MODES
def test_a_stream_event_nested_too_deep_raises_stream_error_with_the_cause(server, mode):
    deep = b"data: " + DEEP_TEXT.encode() + b"\r\n\r\n"
    server.queue(sse_reply(chunks=[sse_bytes([CHUNK]), deep]))
    error = run(server, mode, "stream")
    assert isinstance(error, errors.StreamError)
    assert isinstance(error.__cause__, errors.ShapeError)


def test_a_model_nested_deeper_than_the_decoders_go_raises_shape_error():
    with pytest.raises(errors.ShapeError) as caught:
        v1beta.models.Schema.from_json(DEEP_SCHEMA_TEXT)
    assert isinstance(caught.value.__cause__, RecursionError)


@MODES
def test_a_response_model_nested_deeper_than_the_decoders_go_raises_shape_error(server, mode):
    tools = (
        '[{"functionDeclarations":[{"name":"f","description":"d","parameters":'
        + DEEP_SCHEMA_TEXT
        + "}]}]"
    )
    server.queue(
        Reply(raw=('{"name":"cachedContents/c","model":"models/m","tools":' + tools + "}").encode())
    )

    async def main() -> None:
        async with async_client(server) as client:
            await client.get_cached_content(cached_content="c")

    with pytest.raises(errors.ShapeError) as caught:
        if mode == "sync":
            with sync_client(server) as client:
                client.get_cached_content(cached_content="c")
        else:
            asyncio.run(main())
    assert isinstance(caught.value.__cause__, RecursionError)


def test_from_json_of_text_too_deep_for_the_scanner_is_a_shape_error():
    with pytest.raises(errors.ShapeError, match="nested deeper"):
        v1beta.models.Schema.from_json(DEEP_TEXT)


# --- integer ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decode", "good", "bad"),
    [
        (expect_int32, [0, -(2**31), 2**31 - 1], [2**31, -(2**31) - 1, 10**30]),
        (expect_uint32, [0, 2**32 - 1], [-1, 2**32]),
        (
            expect_int64,
            [0, -(2**63), 2**63 - 1, "9223372036854775807"],
            [2**63, "-9223372036854775809"],
        ),
        (expect_uint64, [0, 2**64 - 1, "18446744073709551615"], [-1, "18446744073709551616"]),
    ],
)
def test_integer_decoders_check_their_formats_range(decode, good, bad):
    for value in good:
        assert decode(value) == int(value)
    for value in bad:
        with pytest.raises(errors.ShapeError, match="out of the"):
            decode(value)


def test_an_int32_out_of_range_names_the_json_path():
    data = {"candidates": [{"index": 0}, {"index": 2**31}]}
    with pytest.raises(errors.ShapeError) as caught:
        v1beta.models.GenerateContentResponse.from_dict(data)
    assert str(caught.value).startswith("candidates[1].index: ")
    assert "int32" in str(caught.value)


def test_an_int64_out_of_range_names_the_json_path():
    with pytest.raises(errors.ShapeError) as caught:
        v1beta.models.File.from_dict({"sizeBytes": str(2**63)})
    assert str(caught.value).startswith("sizeBytes: ")
    assert "int64" in str(caught.value)


@MODES
def test_an_int32_out_of_range_in_a_stream_raises_shape_error(server, mode):
    bad = {"candidates": [{"index": 2**40}]}
    server.queue(sse_reply([CHUNK, bad]))
    error = run(server, mode, "stream")
    assert isinstance(error, errors.ShapeError)
    assert str(error).startswith("candidates[0].index")
