"""The generated models on the wire: the public import contract, enums, bytes, int64, errors."""

from __future__ import annotations

import copy
import json
import logging
import pickle
import threading
import uuid

import pytest
from gemini_api import errors, v1beta, v1beta3
from gemini_api._runtime import WireIntEnum, decode_enum
from gemini_api._runtime._json import dumps, loads
from gemini_api.v1beta import models
from gemini_api.v1beta.enums import BlockReason, FinishReason, HarmCategory
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ..support.json_text import has_small_number


def new_value(prefix: str) -> str:
    """An enum value no other test in this process has used (enums cache what they see)."""
    return f"{prefix}_{uuid.uuid4().hex[:10].upper()}"


def test_the_public_import_contract():
    assert v1beta.models is models
    assert {"Client", "AsyncClient", "models", "enums"} <= set(v1beta.__all__)
    assert {"Client", "AsyncClient", "models", "enums"} <= set(v1beta3.__all__)
    assert v1beta3.models.TunedModel.__name__ == "TunedModel"
    for cls in (
        models.GenerateContentRequest,
        models.Content,
        models.Part,
        models.EmbedContentRequest,
    ):
        assert callable(cls.from_dict) and callable(cls.from_json)
    assert {BlockReason.SAFETY.value, HarmCategory.HARM_CATEGORY_HARASSMENT.value} == {
        "SAFETY",
        "HARM_CATEGORY_HARASSMENT",
    }


def test_error_classes_form_the_documented_tree():
    for cls in (
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.RateLimitError,
        errors.InternalServerError,
        errors.APIConnectionError,
        errors.StreamError,
        errors.OperationFailedError,
    ):
        assert issubclass(cls, errors.ApiError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.ShapeError, ValueError)


# --- forward-compatible enums -------------------------------------------------------


def test_an_unknown_enum_value_parses_and_serializes_back_unchanged(caplog):
    caplog.set_level(logging.INFO, logger="gemini_api")
    value = new_value("BRAND_NEW_REASON")
    payload = {
        "candidates": [{"finishReason": value}, {"finishReason": value}, {"finishReason": "STOP"}]
    }
    response = models.GenerateContentResponse.from_dict(payload)
    unknown, again, stop = (c.finish_reason for c in response.candidates or [])
    assert unknown is not None and stop is FinishReason.STOP
    assert unknown.value == value
    assert unknown is again
    assert isinstance(unknown, FinishReason)
    assert all(unknown != member for member in FinishReason)
    assert unknown not in list(FinishReason)
    assert len(FinishReason) == len(list(FinishReason))  # the class does not grow
    assert not unknown.is_known and stop.is_known
    assert str(unknown) == value
    assert repr(unknown) == f"<FinishReason.<unknown>: {value!r}>"
    assert repr(stop) == "<FinishReason.STOP: 'STOP'>"
    assert response.to_dict() == payload
    models.GenerateContentResponse.from_dict(payload)  # seen before: not logged again
    assert len([r for r in caplog.records if value in r.getMessage()]) == 1


def test_an_unknown_value_is_logged_once_even_when_threads_race(caplog):
    caplog.set_level(logging.INFO, logger="gemini_api")
    value = new_value("RACED")
    barrier = threading.Barrier(8)

    def parse() -> None:
        barrier.wait()
        for _ in range(50):
            FinishReason.from_wire(value)

    threads = [threading.Thread(target=parse) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len([r for r in caplog.records if value in r.getMessage()]) == 1


def test_unknown_members_survive_copy_and_pickle():
    unknown = FinishReason.from_wire(new_value("PICKLED"))
    assert copy.deepcopy(unknown) is unknown
    assert pickle.loads(pickle.dumps(unknown)) is unknown


def test_an_enum_of_the_wrong_json_type_is_a_shape_error():
    with pytest.raises(
        errors.ShapeError, match=r"^candidates\[0\]\.finishReason: expected string, got integer$"
    ):
        models.GenerateContentResponse.from_dict({"candidates": [{"finishReason": 3}]})


class Level(WireIntEnum):
    LOW = 1


@pytest.mark.parametrize(
    ("enum", "known", "others"),
    [
        (FinishReason, "STOP", [3, True, 1.5, [], {}, None]),
        (Level, 1, ["1", True, 1.0, [], None]),
    ],
)
def test_decode_enum_gives_what_from_wire_gives(enum, known, others):
    """The shortcut `from_dict` takes: the same member, the same unknown member (logged
    and counted by from_wire), the same error for a value of the wrong JSON type."""
    assert decode_enum(enum, known) is enum.from_wire(known) is enum(known)
    unknown = new_value("SHORTCUT") if enum is FinishReason else 2**40 + len(others)
    assert decode_enum(enum, unknown) is enum.from_wire(unknown)
    assert not decode_enum(enum, unknown).is_known
    for value in others:
        with pytest.raises(errors.ShapeError) as via_shortcut:
            decode_enum(enum, value)
        with pytest.raises(errors.ShapeError) as via_class:
            enum.from_wire(value)
        assert str(via_shortcut.value) == str(via_class.value)


# --- scalars -------------------------------------------------------------------------


def test_bytes_are_base64_on_the_wire():
    blob = models.Blob(mime_type="image/png", data=b"\x89PNG\x00\xff")
    assert blob.to_dict() == {"mimeType": "image/png", "data": "iVBORwD/"}
    assert models.Blob.from_dict({"data": "iVBORwD/"}).data == b"\x89PNG\x00\xff"


@pytest.mark.parametrize(
    "text", ["iVBORwD_", "AP8", "AP-_AA", "AA"], ids=["url-safe", "unpadded", "both", "short"]
)
def test_bytes_in_other_base64_spellings_are_written_back_as_they_came(text):
    blob = models.Blob.from_dict({"data": text})
    assert blob.to_dict() == {"data": text}
    assert isinstance(blob.data, bytes)


@pytest.mark.parametrize("text", ["not base64!", "A", "AP8=="])
def test_bytes_that_are_not_base64_are_a_shape_error(text):
    with pytest.raises(errors.ShapeError, match=r"^data: expected base64 data"):
        models.Blob.from_dict({"data": text})


def test_int64_strings_become_ints_and_are_written_back_as_strings():
    payload = {"type": "ARRAY", "maxItems": "9007199254740993", "minItems": 2}
    schema = models.Schema.from_dict(payload)
    assert schema.max_items == 9007199254740993 and isinstance(schema.max_items, int)
    assert schema.max_items + 1 == 9007199254740994
    assert schema.min_items == 2
    assert schema.to_dict() == payload
    assert models.Schema(type=v1beta.enums.SchemaType.ARRAY, max_items=5).to_dict() == {
        "type": "ARRAY",
        "maxItems": 5,
    }


def test_int64_strings_in_a_non_canonical_spelling_are_kept():
    payload = {"type": "STRING", "maxLength": "007", "minLength": "-0"}
    schema = models.Schema.from_dict(payload)
    assert (schema.max_length, schema.min_length) == (7, 0)
    assert schema.to_dict() == payload


@pytest.mark.parametrize("text", [" 5", "+5", "1_000", "5.0", "", "-", "١٢"])
def test_int64_strings_that_are_not_integers_are_a_shape_error(text):
    with pytest.raises(errors.ShapeError, match=r"^maxItems: expected an integer string"):
        models.Schema.from_dict({"type": "ARRAY", "maxItems": text})


def test_numbers_accept_json_integers_and_keep_them():
    config = models.GenerationConfig.from_dict({"temperature": 1, "topP": 0.5})
    assert config.to_dict() == {"temperature": 1, "topP": 0.5}


def test_booleans_are_not_numbers_and_numbers_are_not_booleans():
    with pytest.raises(errors.ShapeError, match=r"^temperature: expected number, got boolean$"):
        models.GenerationConfig.from_dict({"temperature": True})
    with pytest.raises(errors.ShapeError, match=r"^candidateCount: expected integer, got number$"):
        models.GenerationConfig.from_dict({"candidateCount": 1.0})


# --- lossless round trips and clear errors -------------------------------------------------


def test_absent_fields_are_not_written():
    assert models.Part(text="hi").to_dict() == {"text": "hi"}
    assert models.GenerateContentRequest(contents=[]).to_dict() == {"contents": []}
    assert models.Candidate().to_dict() == {}


def test_unknown_fields_are_kept_at_every_level():
    payload = {
        "candidates": [
            {"content": {"parts": [{"text": "a", "newPartKind": {"x": 1}}], "newKey": None}}
        ],
        "brandNewField": [1, "two", {"three": 3.0}],
    }
    response = models.GenerateContentResponse.from_dict(payload)
    assert response.extra_fields == {"brandNewField": [1, "two", {"three": 3.0}]}
    assert response.to_dict() == payload
    assert models.GenerateContentResponse.from_json(response.to_json()) == response


def test_to_json_is_compact_or_indented():
    part = models.Part(text="héllo")
    assert part.to_json() == '{"text":"héllo"}'
    assert part.to_json(indent=2) == '{\n  "text": "héllo"\n}'


def test_a_wrong_shape_names_the_json_path():
    payload = {"candidates": [{"content": {"parts": [{"text": "a"}, {"text": "b"}, {"text": 7}]}}]}
    with pytest.raises(errors.ShapeError) as caught:
        models.GenerateContentResponse.from_dict(payload)
    assert str(caught.value) == "candidates[0].content.parts[2].text: expected string, got integer"
    assert caught.value.path == ["candidates", 0, "content", "parts", 2, "text"]
    copied = pickle.loads(pickle.dumps(caught.value))
    assert str(copied) == str(caught.value)


def test_a_wrong_shape_inside_a_map_names_the_key():
    payload = {"type": "OBJECT", "properties": {"age": {"type": "INTEGER"}, "name": {"type": 5}}}
    with pytest.raises(
        errors.ShapeError, match=r"^properties\.name\.type: expected string, got integer$"
    ):
        models.Schema.from_dict(payload)


def test_a_missing_required_field_is_named():
    with pytest.raises(errors.ShapeError, match=r"^contents: missing required field$"):
        models.GenerateContentRequest.from_dict({})


def test_not_an_object_and_not_json():
    with pytest.raises(errors.ShapeError, match=r"^expected object, got array$"):
        models.Content.from_dict([])  # type: ignore[arg-type]
    with pytest.raises(errors.ShapeError, match=r"^invalid JSON"):
        models.Content.from_json("{")


def test_non_finite_numbers_use_their_proto3_json_spelling():
    config = models.GenerationConfig.from_dict({"temperature": "NaN", "topP": "Infinity"})
    assert config.temperature != config.temperature  # NaN
    assert config.top_p == float("inf")
    text = models.GenerationConfig(temperature=float("nan"), top_p=float("-inf")).to_json()
    assert text == '{"temperature":"NaN","topP":"-Infinity"}'  # bare NaN would not be JSON


# --- the JSON reader ------------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _outcome(function, text):
    try:
        return "value", function(text)
    except ValueError as error:
        return "error", str(error)


@settings(max_examples=300, deadline=None)
@given(
    value=_JSON_VALUES,
    before=st.sampled_from(["", " ", "\n\t", "\ufeff"]),
    after=st.sampled_from(["", " ", "\r\n", " x", ",1", "\x00", "\u00a0"]),
    indent=st.sampled_from([None, 2]),
    encoding=st.sampled_from(["str", "utf-8", "utf-16", "utf-32"]),
)
def test_loads_is_json_loads(value, before, after, indent, encoding):
    text = before + json.dumps(value, indent=indent, ensure_ascii=False) + after
    payload = text if encoding == "str" else text.encode(encoding, "surrogatepass")
    assert _outcome(loads, payload) == _outcome(json.loads, payload)


@pytest.mark.parametrize(
    "payload",
    ["", b"", "NaN", b"[1, -Infinity]", b"\xed\xa0\x80", b'"\xed\xa0\x80"', bytearray(b"[1]"),
     b"\xff", "{", '{"a": 1} {"b": 2}', b'{"a":1}\n'],
)  # fmt: skip
def test_loads_agrees_on_edge_cases(payload):
    assert repr(_outcome(loads, payload)) == repr(_outcome(json.loads, payload))


@settings(max_examples=300, deadline=None)
@given(value=_JSON_VALUES)
@example(value=1e-05)
@example(value={"a": [2.5e-07, 0.5, "1e-05"]})
def test_dumps_is_compact_json_dumps(value):
    """The same text, but for numbers below 1e-4 in orjson's spelling when it is installed
    (as in the dev extras): their values are the same."""
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if has_small_number(value):
        assert json.loads(dumps(value)) == json.loads(expected)
    else:
        assert dumps(value) == expected
    assert dumps(value, indent=2) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dumps_spells_non_finite_numbers_and_rejects_what_json_cannot_hold():
    assert dumps({"a": [float("nan"), float("inf"), -float("inf"), 1.5]}) == (
        '{"a":["NaN","Infinity","-Infinity",1.5]}'
    )
    with pytest.raises(TypeError, match="object is not JSON serializable"):
        dumps({"a": object()})
