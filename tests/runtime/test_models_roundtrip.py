"""Property tests: random payloads drawn from the specs' schemas round-trip losslessly.

The strategies are built from the IR (`generator.parse.load_apis`), not from
the generated code: for every model, dicts with every required field and a
random subset of the optional ones, values of the right JSON type (int64 as a
number or a numeric string, bytes as base64, enum values known and unknown,
nested models to a bounded depth), plus keys the spec does not know.
"""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

import pytest
from gemini_api import errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir
from generator.parse import load_apis

from ..support.specs import SPECS

APIS, _ = load_apis(list(SPECS))
MAX_DEPTH = 3  # below this, nested models get only their required fields
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Free-form JSON (google.protobuf.Value and Struct members, unknown fields).
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
# A field of type `any` holding null reads as absent (see the README's known gaps).
JSON_NOT_NULL = JSON.filter(lambda v: v is not None)


def b64(data: bytes, url_safe: bool, padded: bool) -> str:
    text = (base64.urlsafe_b64encode if url_safe else base64.b64encode)(data).decode()
    return text if padded else text.rstrip("=")


BASE64 = st.builds(b64, st.binary(max_size=24), st.booleans(), st.booleans())
INT64 = st.integers(-(2**63), 2**63 - 1)
SCALARS: dict[ir.Scalar, st.SearchStrategy[Any]] = {
    ir.Scalar.STRING: st.text(max_size=12),
    ir.Scalar.DATETIME: st.datetimes().map(lambda d: d.isoformat() + "Z"),
    ir.Scalar.DURATION: st.decimals(0, 10**6, places=3).map(lambda d: f"{d}s"),
    ir.Scalar.INTEGER: st.integers(-(2**31), 2**31 - 1),
    ir.Scalar.INT64: INT64 | INT64.map(str),
    ir.Scalar.NUMBER: st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(2**31), 2**31),
    ir.Scalar.BOOLEAN: st.booleans(),
    ir.Scalar.BYTES: BASE64,
    ir.Scalar.ANY: JSON_NOT_NULL,
}


class Strategies:
    """Strategies for one API's models, memoized per (model, depth)."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.models = {m.name: m for m in api.models}
        self.enums = {e.name: e for e in api.enums}
        self.memo: dict[tuple[str, int], st.SearchStrategy[dict[str, Any]]] = {}

    def model(self, name: str, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
        key = (name, min(depth, MAX_DEPTH))
        if key not in self.memo:
            self.memo[key] = st.deferred(lambda: self._build(name, key[1]))
        return self.memo[key]

    def _build(self, name: str, depth: int) -> st.SearchStrategy[dict[str, Any]]:
        model = self.models[name]
        required = {f.wire_name: self.value(f.type, depth) for f in model.fields if f.required}
        optional = {}
        if depth < MAX_DEPTH:
            optional = {
                f.wire_name: self.value(f.type, depth) for f in model.fields if not f.required
            }
        known = {f.wire_name for f in model.fields}
        unknown = st.dictionaries(
            st.text(min_size=1, max_size=10).filter(lambda k: k not in known), JSON, max_size=2
        )
        return st.builds(
            lambda fields, extra: {**extra, **fields},
            st.fixed_dictionaries(required, optional=optional),
            unknown,
        )

    def value(self, t: ir.TypeExpr, depth: int) -> st.SearchStrategy[Any]:
        if isinstance(t, ir.ScalarType):
            return SCALARS[t.scalar]
        if isinstance(t, ir.ModelRef):
            return self.model(t.name, depth + 1)
        if isinstance(t, ir.EnumRef):
            return self.enum(self.enums[t.name])
        if isinstance(t, ir.ArrayType):
            return st.lists(self.value(t.items, depth + 1), max_size=3)
        if isinstance(t, ir.MapType):
            return st.dictionaries(st.text(max_size=8), self.value(t.values, depth + 1), max_size=3)
        if isinstance(t, ir.ConstType):
            return st.just(t.value)
        if isinstance(t, ir.NullableType):
            return self.value(t.inner, depth)  # null itself reads as absent
        return st.one_of([self.value(v, depth) for v in t.variants])

    def enum(self, enum: ir.Enum) -> st.SearchStrategy[Any]:
        known = [v.value for v in enum.values]
        if enum.is_integer:
            unknown: st.SearchStrategy[Any] = st.integers(-1000, 1000).filter(
                lambda v: v not in known
            )
        else:
            unknown = st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True).filter(
                lambda v: v not in known
            )
        return st.sampled_from(known) | unknown


STRATEGIES = {api.module: Strategies(api) for api in APIS}
MODELS = [(api.module, m.name) for api in APIS for m in api.models]


def model_class(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"gemini_api.{module}.models"), name)


def test_every_model_of_both_specs_is_covered():
    assert len(MODELS) == sum(len(api.models) for api in APIS) > 100
    assert {m for m, _ in MODELS} == {"v1beta", "v1beta3"}


@pytest.mark.parametrize(("module", "name"), MODELS, ids=[f"{m}.{n}" for m, n in MODELS])
@SETTINGS
@given(data=st.data())
def test_random_payloads_round_trip_losslessly(module, name, data):
    payload = data.draw(STRATEGIES[module].model(name), label="payload")
    cls = model_class(module, name)
    model = cls.from_dict(payload)
    assert model.to_dict() == payload
    text = model.to_json()
    assert json.loads(text) == payload
    again = cls.from_json(text)
    assert again == model
    assert again.to_dict() == payload


# The main response and request models again, with more examples: they nest deepest.
DEEP = [
    ("v1beta", "GenerateContentResponse"),
    ("v1beta", "GenerateContentRequest"),
    ("v1beta3", "TunedModel"),
    ("v1beta3", "Operation"),
]


@pytest.mark.parametrize(("module", "name"), DEEP, ids=[f"{m}.{n}" for m, n in DEEP])
@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_deep_payloads_round_trip_losslessly(module, name, data):
    payload = data.draw(STRATEGIES[module].model(name), label="payload")
    assert model_class(module, name).from_dict(payload).to_dict() == payload


def wrong_value(t: ir.TypeExpr) -> Any:
    """A JSON value of the wrong type for `t`, or None when `t` accepts anything."""
    if isinstance(t, ir.ScalarType):
        return {
            ir.Scalar.STRING: 7,
            ir.Scalar.DATETIME: 7,
            ir.Scalar.DURATION: 7,
            ir.Scalar.INTEGER: "7",
            ir.Scalar.INT64: True,
            ir.Scalar.NUMBER: "seven",
            ir.Scalar.BOOLEAN: "true",
            ir.Scalar.BYTES: 7,
        }.get(t.scalar)
    if isinstance(t, ir.EnumRef):
        return [1]
    if isinstance(t, ir.ArrayType | ir.ModelRef):
        return "not a container"
    if isinstance(t, ir.MapType):
        return [1, 2]
    return None


BAD_FIELDS = [
    (api.module, m.name, f)
    for api in APIS
    for m in api.models
    for f in m.fields
    if wrong_value(f.type) is not None
]


@pytest.mark.parametrize(
    ("module", "name", "field"),
    BAD_FIELDS[:: max(1, len(BAD_FIELDS) // 60)],  # a spread-out sample: these are quick but many
    ids=lambda v: v.wire_name if isinstance(v, ir.Field) else str(v),
)
@settings(SETTINGS, max_examples=5)
@given(data=st.data())
def test_a_wrong_type_names_the_field(module, name, field, data):
    payload = data.draw(STRATEGIES[module].model(name, MAX_DEPTH), label="payload")
    payload[field.wire_name] = wrong_value(field.type)
    with pytest.raises(errors.ShapeError) as caught:
        model_class(module, name).from_dict(payload)
    assert caught.value.path[0] == field.wire_name
    assert str(caught.value).startswith(field.wire_name)
