"""Property-based: random valid specs generate code that compiles, imports and round-trips.

Specs are drawn with hostile names (unicode, keywords, collisions), nesting,
references (recursive too), enums, unions and maps. Payloads are drawn from the
spec's own schemas, independently of the generator's IR.
"""

from __future__ import annotations

import base64
import importlib
import itertools
import keyword
import os
import sys

import black
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.emit.tree import write_tree
from generator.pipeline import build_package
from generator.style.formatter import _black_mode

NAME_ALPHABET = st.characters(
    codec="utf-8", categories=("Lu", "Ll", "Nd", "Lo"), include_characters="-_. @$"
)
NAMES = st.one_of(
    st.text(NAME_ALPHABET, min_size=1, max_size=12),
    st.sampled_from([*keyword.kwlist, "type", "list", "to_dict", "from_dict", "__init__", "self", "foo-bar", "foo_bar"]),
)  # fmt: skip
# Component keys are restricted by OpenAPI to ^[a-zA-Z0-9.\-_]+$.
COMPONENT_NAMES = st.one_of(
    st.from_regex(r"\A[a-zA-Z0-9._-]{1,10}\Z"),
    st.sampled_from(
        ["class", "None", "Any", "WireModel", "Model", "list", "foo-bar", "foo_bar", "9lives"]
    ),
)
COUNTER = itertools.count()
# Kept small for the suite's time; RANDOM_SPEC_EXAMPLES=500 for a deeper local run.
EXAMPLES = int(os.environ.get("RANDOM_SPEC_EXAMPLES", "20"))


def schemas(component_names: list[str]) -> st.SearchStrategy[dict]:
    leaves = st.one_of(
        st.just({"type": "string"}),
        st.just({"type": "integer", "format": "int32"}),
        st.just({"type": "integer", "format": "int64"}),
        st.just({"type": "number"}),
        st.just({"type": "boolean"}),
        st.just({"type": "string", "format": "byte"}),
        st.lists(st.text(max_size=6), min_size=1, max_size=4, unique=True).map(
            lambda values: {"type": "string", "enum": values}
        ),
        st.sampled_from(component_names).map(lambda n: {"$ref": f"#/components/schemas/{n}"}),
    )

    def extend(children: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
        return st.one_of(
            children.map(lambda c: {"type": "array", "items": c}),
            children.map(lambda c: {"type": "object", "additionalProperties": c}),
            st.dictionaries(NAMES, children, min_size=1, max_size=3).map(
                lambda props: {"type": "object", "properties": props}
            ),
            st.just({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        )

    return st.recursive(leaves, extend, max_leaves=6)


@st.composite
def specs(draw) -> dict:
    names = draw(st.lists(COMPONENT_NAMES, min_size=1, max_size=3, unique=True))
    components = {
        name: {
            "type": "object",
            "properties": draw(st.dictionaries(NAMES, schemas(names), max_size=4)),
        }
        for name in names
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(st.text(max_size=10)), "version": "v1"},
        "paths": {},
        "components": {"schemas": components},
    }


def payloads(schema: dict, components: dict, depth: int = 0) -> st.SearchStrategy:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if depth > 3:
            return st.just({})
        return payloads(components[name], components, depth + 1)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of(st.text(max_size=5), st.integers())
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "string" and fmt == "byte":
        return st.binary(max_size=8).map(lambda b: base64.b64encode(b).decode())
    if kind == "string":
        return st.text(max_size=8)
    if kind == "integer" and fmt == "int64":
        int64 = st.integers(-(2**63), 2**63 - 1)  # beyond it, ShapeError (tested elsewhere)
        return st.one_of(int64, int64.map(str))
    if kind == "integer":
        return st.integers(-(2**31), 2**31 - 1)
    if kind == "number":
        return st.one_of(st.integers(-100, 100), st.floats(allow_nan=False, allow_infinity=False))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(payloads(schema["items"], components, depth + 1), max_size=3)
    if "properties" in schema:
        props = schema["properties"]
        known = st.fixed_dictionaries(
            {}, optional={k: payloads(v, components, depth + 1) for k, v in props.items()}
        )
        unknown = st.dictionaries(
            st.text(min_size=1, max_size=5).filter(lambda k: k not in props),
            st.integers(),
            max_size=2,
        )
        return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})
    if kind == "object":
        return st.dictionaries(
            st.text(max_size=5),
            payloads(schema["additionalProperties"], components, depth + 1),
            max_size=3,
        )
    raise AssertionError(schema)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=specs(), data=st.data())
def test_random_specs_generate_import_and_round_trip(spec, data, tmp_path_factory):
    import yaml

    folder = tmp_path_factory.mktemp("random")
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    package = f"random_pkg_{next(COUNTER)}"
    result = build_package([path], package)  # must never raise for a valid spec
    write_tree(folder / package, result.files)
    for name, text in result.files.items():
        if name.endswith(".py"):
            compile(text, name, "exec")
            # Chunks taken without black (formatting.is_laid_out) must be what black writes.
            assert black.format_str(text, mode=_black_mode()) == text, name
    sys.path.insert(0, str(folder))
    try:
        models = importlib.import_module(f"{package}.v1.models")
        importlib.import_module(f"{package}.v1.client")
        (api,) = result.apis
        components = spec["components"]["schemas"]
        for model in api.models:
            name = (
                model.source.pointer.removeprefix("#/components/schemas/")
                .replace("~1", "/")
                .replace("~0", "~")
            )
            if name not in components:
                continue
            payload = data.draw(payloads(components[name], components))
            cls = getattr(models, model.name)
            assert cls.from_dict(payload).to_dict() == payload
            assert cls.from_json(cls.from_dict(payload).to_json()) == cls.from_dict(payload)
    finally:
        sys.path.remove(str(folder))
