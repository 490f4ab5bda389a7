"""Bad specs: exit 2, every problem located at once, no traceback, the output left as it was.

The expected diagnostics are goldens in tests/golden/diagnostics/ (`make golden`
rewrites them; review the diff).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.emit.tree import read_tree
from tests.support.specs import TESTS_DIR

from ..support.specs import MINIMAL_SPEC, run_cli, write_spec

BAD_SPECS = sorted((TESTS_DIR / "bad_specs").iterdir())
GOLDEN_DIAGNOSTICS = TESTS_DIR / "golden" / "diagnostics"
LOCATED = re.compile(r"^[^:\s]+(:\d+)?: #[^:]*: .+$")


def diagnostics_for(spec: Path, out: Path) -> str:
    result = run_cli("generate", "--spec", str(spec), "--out", str(out), "--package", "gemini_api")
    assert result.returncode == 2, (spec.name, result.stdout, result.stderr)
    return result.stderr


@pytest.fixture(scope="module")
def existing_output(tmp_path_factory):
    """A previously generated package that every failed run must leave byte for byte."""
    folder = tmp_path_factory.mktemp("existing")
    spec = write_spec(folder, MINIMAL_SPEC)
    out = folder / "out"
    assert run_cli("generate", "--spec", str(spec), "--out", str(out)).returncode == 0
    return out


def _bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("spec", BAD_SPECS, ids=lambda p: p.name)
def test_bad_spec_is_rejected_with_located_diagnostics(spec, existing_output, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(existing_output, out)
    before = _bytes(out)
    stderr = diagnostics_for(spec, out)
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines[-1].endswith("nothing was written")
    for line in lines[:-1]:
        assert LOCATED.match(line), line
        assert line.startswith(f"tests/bad_specs/{spec.name}:"), line  # relative to the cwd
    assert _bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left behind
    golden = (GOLDEN_DIAGNOSTICS / f"{spec.name}.txt").read_text(encoding="utf-8")
    assert stderr == golden


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    """Ten levels of ten aliases: 10^10 nodes as a tree, refused at load time."""
    spec = TESTS_DIR / "bad_specs" / "alias_bomb.yaml"
    out = tmp_path / "out"
    # A timeout, not a timing assertion: the run used to walk the expanded tree for minutes.
    result = run_cli("validate", str(spec), timeout=20)
    assert result.returncode == 2
    assert "YAML aliases would repeat 12345678990 nodes" in result.stderr
    result = run_cli("generate", "--spec", str(spec), "--out", str(out), timeout=20)
    assert result.returncode == 2 and not out.exists()


def test_anchors_reused_a_few_times_still_load(tmp_path):
    spec = write_spec(
        tmp_path,
        MINIMAL_SPEC.replace("    Thing:\n", "    Thing: &thing\n")
        + "    Alias: *thing\n"
        + "    Merged:\n      <<: *thing\n      description: merged\n"
        + "    List: {type: array, items: *thing}\n",
    )
    result = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    models = read_tree(tmp_path / "out" / "gemini_api")["v1/models.py"]
    assert "class Alias(WireModel):" in models and "class Merged(WireModel):" in models


def test_syntax_errors_give_line_and_column():
    yaml_error = (GOLDEN_DIAGNOSTICS / "yaml_syntax.yaml.txt").read_text()
    assert re.search(r"yaml_syntax\.yaml:\d+: #: invalid YAML at column \d+", yaml_error)
    json_error = (GOLDEN_DIAGNOSTICS / "json_syntax.json.txt").read_text()
    assert "json_syntax.json:4: #: invalid JSON at column 13" in json_error


def test_all_problems_are_reported_at_once():
    lines = (GOLDEN_DIAGNOSTICS / "many_problems.yaml.txt").read_text().splitlines()
    assert len(lines) == 5 and lines[-1].startswith("4 problem(s)")


def test_unreadable_and_missing_files(tmp_path):
    folder = tmp_path / "a-folder.yaml"
    folder.mkdir()
    for path, reason in ((folder, "Is a directory"), (tmp_path / "nope.yaml", "No such file")):
        result = run_cli("validate", str(path))
        assert result.returncode == 2
        assert f"{path.name}: #: cannot read file: {reason}" in result.stderr
        assert "Traceback" not in result.stderr


def test_relative_file_refs_are_resolved_against_the_spec_folder(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "common.yaml").write_text(
        "components:\n"
        "  parameters:\n"
        "    Limit: {name: limit, in: query, schema: {type: integer}}\n"
        "  schemas:\n"
        "    Part:\n"
        "      type: object\n"
        "      properties:\n"
        "        name: {type: string}\n"
        "        sub: {$ref: '#/components/schemas/Part'}\n"
    )
    spec = write_spec(
        tmp_path,
        MINIMAL_SPEC.replace(
            "        name: {type: string}\n",
            "        name: {type: string}\n        part: {$ref: 'shared/common.yaml#/components/schemas/Part'}\n",
        ).replace(
            "        - {name: thing, in: path, required: true, schema: {type: string}}\n",
            "        - {name: thing, in: path, required: true, schema: {type: string}}\n"
            "        - $ref: 'shared/common.yaml#/components/parameters/Limit'\n",
        ),
    )
    out = tmp_path / "out"
    result = run_cli("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 0, result.stderr
    tree = read_tree(out / "gemini_api")
    assert "class Part(WireModel):" in tree["v1/models.py"]
    assert "part: Part | None = None" in tree["v1/models.py"]
    assert "sub: Part | None = None" in tree["v1/models.py"]
    assert "limit: int | None = None" in tree["v1/client.py"]


def test_warnings_do_not_fail_unless_strict(tmp_path):
    spec = write_spec(
        tmp_path,
        MINIMAL_SPEC.replace(
            "        name: {type: string}\n", "        name: {type: string, not: {const: x}}\n"
        ),
    )
    relaxed = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "a"))
    assert relaxed.returncode == 0
    assert (
        "spec.yaml:21: #/components/schemas/Thing/properties/name/not: warning:" in relaxed.stderr
    )
    strict = run_cli("generate", "--strict", "--spec", str(spec), "--out", str(tmp_path / "b"))
    assert strict.returncode == 2
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    ("data", "local"),
    [
        ({"a": {"$ref": "#/b"}, "b": [{"$ref": "#/a"}]}, True),
        ({"a": [{"x": {"$ref": "https://example.invalid/s.json"}}]}, False),
        ({"a": {"$ref": "other.yaml#/x"}}, False),
        ({"a": {"$ref": 5}, "properties": {"$ref": {"type": "string"}}}, True),
    ],
)
def test_the_validator_starts_only_on_local_references(data, local):
    from generator.spec.refs import all_refs_local, iter_refs

    assert all_refs_local(data) is local
    assert local == all(ref.startswith("#") for _, ref in iter_refs(data))


def _schema_problems(version: str) -> dict:
    """A spec with the same bad schema reached many ways, plus good ones around it."""
    schemas: dict = {f"Good{i}": {"type": "object", "properties": {"a": {"type": "string"}}}
                     for i in range(30)}  # fmt: skip
    schemas["Bad"] = {"type": "strin", "properties": {"x": {"type": 5}}}
    for i in range(30):
        schemas[f"Good{i}"]["properties"]["bad"] = {"$ref": "#/components/schemas/Bad"}
    return {
        "openapi": version,
        "info": {"title": "T", "version": "v1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_our_validator_class_finds_what_openapi_spec_validator_finds(version):
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from generator.spec.openapi_validator import _validator_class

    spec = _schema_problems(version)
    stock = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    expected = sorted(str(e) for e in stock(spec).iter_errors())
    found = sorted(str(e) for e in _validator_class(version.startswith("3.1"))(spec).iter_errors())
    assert found == expected
    assert expected  # the bad schema is reported, once per distinct problem


def _nested_object(depth: int) -> dict:
    schema: dict = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def test_findings_made_before_the_validator_gives_up_are_kept(tmp_path):
    import sys

    from generator.diagnostics import Diagnostics
    from generator.spec.load import load_spec
    from generator.spec.openapi_validator import spec_validator_findings

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "v1"},
        "paths": {"/x": {"get": {"operationId": "x", "responses": {}}}},  # responses empty
        "components": {"schemas": {"Deep": _nested_object(1500)}},
    }
    path = tmp_path / "deep.json"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # what the command line sets
    try:
        path.write_text(json.dumps(spec))
        found = spec_validator_findings(load_spec(path, Diagnostics()))
    finally:
        sys.setrecursionlimit(limit)
    messages = [d.message for d in found.located]
    assert any("nests too deeply" in m for m in messages), messages
    assert any("should be non-empty" in m for m in messages), messages
