"""A schema key JSON Schema would ignore, whose value looks like a schema: a warning
(an error under --strict), located at the key."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.spec.load import load_spec_text
from generator.spec.schema_keys import check_schema_keys

from ..support.specs import MINIMAL_SPEC, run_cli, write_spec

SLIPPED = MINIMAL_SPEC.replace(
    "        name: {type: string}\n",
    "        name: {type: string}\n"
    "      finishReason:\n"
    "        type: string\n"
    "        description: Why the model stopped.\n",
)
MESSAGE = (
    "'finishReason' is not a schema keyword, so it is ignored, but it looks like a schema: "
    "is it a property that belongs under 'properties'?"
)


def test_a_property_beside_properties_is_a_warning_and_strict_fails(tmp_path):
    spec = write_spec(tmp_path, SLIPPED)
    line = f"{spec.name}:23: #/components/schemas/Thing/finishReason: "
    relaxed = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "a"))
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"{line}warning: {MESSAGE}\n" in relaxed.stderr
    strict = run_cli("generate", "--strict", "--spec", str(spec), "--out", str(tmp_path / "b"))
    assert strict.returncode == 2
    assert f"{line}warning: {MESSAGE}\n" in strict.stderr
    assert not (tmp_path / "b").exists()


def _warnings(text: str) -> list[str]:
    diagnostics = Diagnostics()
    document = load_spec_text(Path("s.yaml"), text.encode(), diagnostics)
    assert document is not None
    check_schema_keys(document, diagnostics)
    return [f"{d.pointer}: {d.message.split(' ', 1)[0]}" for d in diagnostics.items]


def test_nested_and_parameter_schemas_are_checked():
    text = MINIMAL_SPEC.replace(
        "        - {name: thing, in: path, required: true, schema: {type: string}}\n",
        "        - name: thing\n"
        "          in: path\n"
        "          required: true\n"
        "          schema: {type: object, properties: {}, inner: {$ref: '#/x'}}\n",
    ).replace(
        "        name: {type: string}\n",
        "        name: {type: string}\n"
        "        list:\n"
        "          type: array\n"
        "          items: {type: object, oops: {type: integer}}\n",
    )
    assert _warnings(text) == [
        "#/components/schemas/Thing/properties/list/items/oops: 'oops'",
        "#/paths/~1things~1{thing}/get/parameters/0/schema/inner: 'inner'",
    ]


def test_valid_uses_are_quiet():
    text = MINIMAL_SPEC.replace(
        "        name: {type: string}\n",
        "        name: {type: string}\n"
        "        type: {type: string}\n"  # a property named like a keyword
        "        properties: {type: object, properties: {type: {type: string}}}\n"
        "      x-extra: {type: string}\n"
        "      discriminator: {propertyName: name}\n"
        "      xml: {name: thing}\n"
        "      externalDocs: {url: 'https://example.invalid', description: more}\n"
        "      example: {name: {type: string}}\n"
        "      default: {name: {type: string}}\n"
        "      $defs: {Inner: {type: string}}\n"
        "      dependentSchemas: {name: {required: [type]}}\n"
        "      customKeyword: 3\n"  # unknown, but not schema-like: left to the validator
        "      examples: [{name: {type: string}}]\n",
    )
    assert _warnings(text) == []
