"""All naming in one module: every spec name becomes a valid, non-reserved identifier."""

from __future__ import annotations

import keyword

import pytest

from generator.parse import naming


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("finishReason", "finish_reason"),
        ("HTTPResponse", "http_response"),
        ("tokenID", "token_id"),
        ("int64Value", "int64_value"),
        ("foo-bar", "foo_bar"),
        ("foo.bar", "foo_bar"),
        ("my field", "my_field"),
        ("@type", "type"),
        ("class", "class_"),
        ("None", "none"),
        ("1abc", "field_1abc"),
        ("__init__", "init"),
        ("to_dict", "to_dict_"),
        ("from_dict", "from_dict_"),
        ("extra_fields", "extra_fields_"),
        ("list", "list_"),
        ("str", "str_"),
        ("type", "type"),
        ("match", "match"),
        ("ünïcode", "ünïcode"),
        ("", "field"),
        ("---", "field"),
    ],
)
def test_field_names(raw, expected):
    assert naming.field_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Candidate", "Candidate"),
        ("generate-content.request", "GenerateContentRequest"),
        ("google.rpc.Status", "GoogleRpcStatus"),
        ("1stThing", "Model1stThing"),
        ("Any", "Any_"),
        ("WireModel", "WireModel_"),
        ("Exception", "Exception_"),
        ("None", "None_"),
        ("ünïcode", "Ünïcode"),
        ("Model", "Model"),
        ("Operation", "Operation"),
    ],
)
def test_class_names(raw, expected):
    assert naming.class_name(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("STOP", "STOP"),
        ("1:1", "VALUE_1_1"),
        ("16:9", "VALUE_16_9"),
        ("", "EMPTY"),
        ("-1", "MINUS_1"),
        (-1, "MINUS_1"),
        (7, "VALUE_7"),
        ("image/png", "IMAGE_PNG"),
        ("camelCase", "CAMEL_CASE"),
        ("_private", "PRIVATE"),
    ],
)
def test_enum_member_names(value, expected):
    assert naming.enum_member_name(value) == expected


def test_method_and_param_names_avoid_client_internals():
    assert naming.method_name("generateContent") == "generate_content"
    assert naming.method_name("close") == "close_"
    assert naming.param_name("request") == "request_"
    assert naming.param_name("self") == "self_"
    assert naming.param_name("pageSize") == "page_size"
    assert naming.param_name("filter") == "filter_"
    assert naming.param_name("models") == "models_"


def test_module_names_from_versions():
    assert naming.module_name("v1beta") == "v1beta"
    assert naming.module_name("1.0.0") == "v1_0_0"
    assert naming.module_name("models") == "models_"


@pytest.mark.parametrize(
    "raw", ["class", "def", "lambda", "yield", "async", "await", "None", "True"]
)
def test_keywords_never_survive(raw):
    for name in (naming.field_name(raw), naming.param_name(raw), naming.method_name(raw)):
        assert not keyword.iskeyword(name)
        assert name.isidentifier()


def test_collisions_after_sanitizing_get_deterministic_suffixes():
    registry = naming.NameRegistry()
    names = [registry.claim(naming.field_name(raw)) for raw in ("foo-bar", "foo_bar", "fooBar")]
    assert names == ["foo_bar", "foo_bar_2", "foo_bar_3"]
    registry = naming.NameRegistry()
    assert [registry.claim(naming.field_name(r)) for r in ("class", "class_")] == [
        "class_",
        "class_2",
    ]


def test_every_sanitized_name_is_an_identifier():
    samples = ["a b", "ß", "x²", "名前", "🙂", "a\nb", "'\"", "$ref", "9", "_", "__"]
    for raw in samples:
        for name in (
            naming.field_name(raw),
            naming.class_name(raw),
            naming.enum_member_name(raw),
            naming.param_name(raw),
        ):
            assert name.isidentifier() and not keyword.iskeyword(name), (raw, name)
            compile(f"{name} = 1", "<test>", "exec")
