"""`dumps` writes the same JSON values with orjson installed as without, and the same
bytes except for the spelling of numbers below 1e-4: NaN, infinities and big
integers go the standard way."""

from __future__ import annotations

import json
import math

import orjson  # in the dev extras, so CI runs the accelerated path
import pytest
from gemini_api._runtime import _json
from gemini_api.v1beta import models

from ..support.json_text import has_small_number

VALUES = [
    {"a": 1, "b": [1.5, -0.0, 0.1, 1e16, 1e22, 1e-4, 5e-324], "c": "é😀\u2028\x00\x1f\x7f"},
    {"small": 1e-05, "smaller": 2.5e-7, "tiny": -3e-300},
    {"nan": math.nan, "inf": math.inf, "neg": [-math.inf]},
    {"null": None, "text": "null e- 0.0000 are only words here"},
    {"big": 2**64, "bigger": -(2**70), "edge": [2**63 - 1, -(2**63), 2**64 - 1]},
    {1: "non-string key"},
    ["\ud800 lone surrogate"],
    {"nested": [{"deep": [[{"x": 1e-5}]]}], "quote": '"\\/\b\f\n\r\t'},
    "plain string",
    math.nan,
    -math.inf,
    None,
    12345678901234567890,
    [],
    {},
]


def both_ways(value: object, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    fast = _json.dumps(value)
    with monkeypatch.context() as patched:
        patched.setattr(_json, "_orjson", None)  # as if orjson were not installed
        slow = _json.dumps(value)
    return fast, slow


def test_the_accelerator_is_active_in_the_dev_environment():
    assert _json._orjson is orjson


@pytest.mark.parametrize("value", VALUES, ids=lambda v: repr(v)[:40])
def test_dumps_writes_the_same_values_with_and_without_orjson(value, monkeypatch):
    fast, slow = both_ways(value, monkeypatch)
    assert json.loads(fast) == json.loads(slow)
    if not has_small_number(value):
        assert fast == slow


def test_only_numbers_below_1e_4_are_spelled_differently():
    value = {"a": 1e-05, "b": [2.5e-7, 1e-4, -3e-300]}
    assert _json.dumps(value) == '{"a":0.00001,"b":[2.5e-7,0.0001,-3e-300]}'
    assert json.loads(_json.dumps(value)) == value


@pytest.mark.parametrize(
    "value",
    [
        {"text": "returns null when the list is empty"},
        {"nullable": True, "x": "null"},
        ["null"],
    ],
)
def test_the_word_null_in_text_keeps_the_fast_path(value):
    assert _json._orjson_text(value) == json.dumps(value, separators=(",", ":"))


@pytest.mark.parametrize(
    "value", [[1.0, math.nan], [math.inf], {"a": -math.inf}, {"a": None}, math.nan, None]
)
def test_a_null_value_in_orjsons_text_goes_the_standard_way(value):
    assert _json._orjson_text(value) is None


def test_nan_and_infinities_keep_their_proto3_spelling_with_orjson():
    assert _json.dumps({"a": math.nan, "b": [math.inf, -math.inf]}) == (
        '{"a":"NaN","b":["Infinity","-Infinity"]}'
    )


def test_a_response_with_int64_strings_unknown_fields_and_nan_is_identical(monkeypatch):
    payload = {
        "candidates": [{"avgLogprobs": "NaN", "tokenCount": 7, "future": {"x": [1e-9, None]}}],
        "usageMetadata": {"promptTokenCount": 3, "cachedContentTokenCount": 2},
        "modelVersion": "m",
        "unknownTop": {"n": 2**64},
    }
    model = models.GenerateContentResponse.from_dict(payload)
    fast, slow = both_ways(model.to_dict(), monkeypatch)
    assert fast == slow == model.to_json()
    assert json.loads(fast)["candidates"][0]["avgLogprobs"] == "NaN"
    assert json.loads(fast)["unknownTop"] == {"n": 2**64}


def test_the_fast_path_is_taken_for_ordinary_responses():
    value = {"candidates": [{"content": {"parts": [{"text": "hi"}]}, "avgLogprobs": -0.25}]}
    assert _json._orjson_text(value) == json.dumps(value, separators=(",", ":"))


def test_indented_output_is_the_standard_librarys():
    assert _json.dumps({"a": [1]}, indent=2) == json.dumps({"a": [1]}, indent=2)
