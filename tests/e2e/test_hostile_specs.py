"""Odd but valid specs: hostile names and text compile, import, and stay data."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from ..support.reference_page import (
    heading_anchors,
    html_tokens,
    link_targets,
    ragged_table_rows,
)
from ..support.specs import run_cli

PAYLOAD = "__import__('os').system('touch PWNED')"
NASTY_TEXT = (
    'quote """ back\\slash NUL \x00 jinja {{ x }} {% if y %} line\nbreak \u2028 sep 🙂 end"'
)
NAMES = [
    "class", "def", "None", "match", "case", "type", "_", "list", "str", "dict", "float",
    "__init__", "__class__", "__slots__", "to_dict", "from_dict", "extra_fields", "self", "cls",
    "foo-bar", "foo_bar", "foo.bar", "foo bar", "ünïcode", "名前", "1st", "9", "$ref", "@type",
    "_data", "_key", "_v", "_rt", "f_x", "x", "out", "isinstance", "data", "key", "error",
]  # fmt: skip
ENUM_VALUES = ["1:1", "16:9", "", "-1", "1", "class", PAYLOAD, NASTY_TEXT, "a-b", "a_b"]


def _deep(levels: int) -> dict:
    schema: dict = {"type": "object", "properties": {"leaf": {"type": "string"}}}
    for level in range(levels):
        schema = {"type": "object", "properties": {f"level{level}": schema}}
    return schema


def hostile_spec() -> dict:
    properties = {name: {"type": "string", "description": NASTY_TEXT} for name in NAMES}
    properties[PAYLOAD] = {"type": "string", "description": PAYLOAD, "default": PAYLOAD}
    properties["nasty_default"] = {"type": "string", "default": NASTY_TEXT}
    properties["choice"] = {"$ref": "#/components/schemas/Choice"}
    properties["number_choice"] = {"type": "integer", "enum": [0, -1, 7]}
    properties["self_list"] = {"type": "array", "items": {"$ref": "#/components/schemas/class"}}
    properties["self_map"] = {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/class"},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": NASTY_TEXT, "version": "v1", "description": PAYLOAD},
        "servers": [{"url": "https://example.invalid/" + PAYLOAD}],
        "paths": {
            "/things/{class}": {
                "post": {
                    "operationId": PAYLOAD,
                    "summary": NASTY_TEXT,
                    "parameters": [
                        {"name": "class", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "self", "in": "query", "schema": {"type": "string"}, "description": PAYLOAD},
                        {"name": "request", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Weird-Header", "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/class"}}}},
                    "responses": {"200": {"description": NASTY_TEXT, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/class"}}}}},
                }
            },
            "/close": {"get": {"operationId": "close", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "schemas": {
                "class": {"type": "object", "description": NASTY_TEXT, "properties": properties},
                "Class": {"type": "object", "properties": {"x": {"type": "integer"}}},
                "Choice": {"type": "string", "enum": ENUM_VALUES, "description": PAYLOAD,
                           "x-enum-descriptions": [NASTY_TEXT] * len(ENUM_VALUES)},
                "Any": {"type": "object", "properties": {"Any": {"type": "string"}}},
                "WireModel": {"type": "object", "properties": {"x": {"type": "string"}}},
                "Deep": _deep(150),
            }
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    spec = folder / "hostile.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    result = run_cli("generate", "--spec", str(spec), "--out", str(folder / "out"), cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def _run(folder, code: str) -> subprocess.CompletedProcess[str]:
    script = f"import sys\nsys.path.insert(0, {str(folder / 'out')!r})\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-I", "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_hostile_package_imports_without_executing_anything(hostile_package):
    result = _run(
        hostile_package,
        "import gemini_api.v1.models, gemini_api.v1.client, gemini_api.v1.enums\nprint('ok')",
    )
    assert result.returncode == 0, result.stderr
    assert not (hostile_package / "PWNED").exists()


def test_every_string_is_kept_exactly_as_data(hostile_package):
    code = f"""
    import json
    from gemini_api.v1 import models, enums, client
    payload = {{name: name + "!" for name in {NAMES!r}}}
    payload[{PAYLOAD!r}] = {NASTY_TEXT!r}
    payload["choice"] = {PAYLOAD!r}
    payload["numberChoice"] = -1
    payload["selfList"] = [{{"class": "nested"}}]
    payload["selfMap"] = {{"k": {{"def": "v"}}}}
    payload["surprise"] = {{"unknown": True}}
    obj = models.Class_.from_dict(payload) if hasattr(models, "Class_") else None
    cls = next(c for c in vars(models).values() if isinstance(c, type) and c.__doc__ and "jinja" in (c.__doc__ or "") and hasattr(c, "from_dict"))
    obj = cls.from_dict(payload)
    assert obj.to_dict() == payload, (obj.to_dict(), payload)
    values = [m.value for m in enums.Choice]
    assert values == {ENUM_VALUES!r}, values
    assert enums.Choice({PAYLOAD!r}).value == {PAYLOAD!r}
    assert "{{{{ x }}}}" in cls.__doc__ and "🙂" in cls.__doc__
    print("ok")
    """
    result = _run(hostile_package, code)
    assert result.returncode == 0, result.stderr
    assert not (hostile_package / "PWNED").exists()


def test_deeply_nested_inline_objects_round_trip(hostile_package):
    code = """
    from gemini_api.v1 import models
    payload = {"leaf": "bottom"}
    for level in range(150):
        payload = {f"level{level}": payload}
    assert models.Deep.from_dict(payload).to_dict() == payload
    print("ok")
    """
    result = _run(hostile_package, code)
    assert result.returncode == 0, result.stderr


def test_hostile_package_is_black_formatted(hostile_package):
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-l", "100", "-t", "py310", "out"],
        cwd=hostile_package, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


def test_hostile_package_passes_mypy(hostile_package):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "gemini_api"],
        cwd=hostile_package / "out", capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]


def test_client_method_names_avoid_client_internals(hostile_package):
    code = """
    from gemini_api.v1 import client
    methods = {n for n in vars(client.Client) if not n.startswith("_")}
    assert "close_" in methods, methods
    assert callable(client.Client.close)
    print(sorted(methods))
    """
    result = _run(hostile_package, code)
    assert result.returncode == 0, result.stderr


def test_hostile_text_stays_text_on_the_reference_page(hostile_package):
    page = (hostile_package / "out" / "gemini_api" / "v1" / "api.md").read_text(encoding="utf-8")
    assert page.replace("\n", "").isprintable()  # NUL, U+2028 and the like as escapes
    assert html_tokens(page) == []
    assert ragged_table_rows(page) == []
    targets = link_targets(page)
    assert targets and {t[1:] for t in targets} <= heading_anchors(page)
    assert "jinja {{ x }} {% if y %} line break" in page
