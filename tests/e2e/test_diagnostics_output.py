"""Diagnostics editors and CI can use: paths relative to the working directory, a JSON
list and GitHub Actions annotations (`--format`), and the right closing line."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from generator.cli_output import print_diagnostics
from generator.diagnostics import Diagnostic, Level

from ..support.specs import MINIMAL_SPEC, TESTS_DIR, run_cli, write_spec

MANY = TESTS_DIR / "bad_specs" / "many_problems.yaml"
MANY_JSON = [
    {
        "file": "tests/bad_specs/many_problems.yaml",
        "line": 6,
        "pointer": "#/paths/~1a~1{id}/get",
        "level": "error",
        "message": "path parameter {id} in '/a/{id}' is not declared in 'parameters'",
    },
    {
        "file": "tests/bad_specs/many_problems.yaml",
        "line": 10,
        "pointer": "#/paths/~1b/get/operationId",
        "level": "error",
        "message": "duplicate operationId 'same' (first used at #/paths/~1a~1{id}/get)",
    },
    {
        "file": "tests/bad_specs/many_problems.yaml",
        "line": 16,
        "pointer": "#/paths/~1b/get/responses/200/content/application~1json/schema/$ref",
        "level": "error",
        "message": "$ref '#/components/schemas/Nowhere' points to nothing",
    },
    {
        "file": "tests/bad_specs/many_problems.yaml",
        "line": 22,
        "pointer": "#/components/schemas/Enumish/x-enum-descriptions",
        "level": "error",
        "message": "has 1 descriptions for 2 enum values",
    },
]


def test_paths_are_relative_to_the_working_directory_else_absolute(tmp_path):
    inside = run_cli("validate", str(MANY))
    assert inside.stderr.startswith("tests/bad_specs/many_problems.yaml:6: #/paths/")
    elsewhere = run_cli("validate", str(MANY), cwd=tmp_path)
    assert elsewhere.stderr.startswith(f"{MANY}:6: #/paths/")
    copied = tmp_path / "specs" / "bad.yaml"
    copied.parent.mkdir()
    shutil.copy(MANY, copied)
    relative = run_cli("validate", "specs/./bad.yaml", cwd=tmp_path)
    assert relative.stderr.startswith("specs/bad.yaml:6: #/paths/")


@pytest.mark.parametrize("command", ["validate", "generate", "check"])
def test_format_json_prints_the_sorted_list_alone_on_stdout(command, tmp_path):
    out = tmp_path / "out"
    args = [str(MANY)] if command == "validate" else ["--spec", str(MANY), "--out", str(out)]
    result = run_cli(command, "--format", "json", *args)
    assert result.returncode == 2
    assert json.loads(result.stdout) == MANY_JSON
    assert result.stdout == json.dumps(MANY_JSON, indent=2) + "\n"
    closing = "4 problem(s); nothing was written\n" if command == "generate" else ""
    if command == "check":
        closing = "4 problem(s)\n"
    assert result.stderr == closing
    assert not out.exists()


def test_format_json_on_success_is_an_empty_list_and_other_lines_go_to_stderr(tmp_path):
    spec = write_spec(tmp_path, MINIMAL_SPEC)
    out = tmp_path / "out"
    for _ in range(2):  # written, then up to date
        result = run_cli("generate", "--format", "json", "--spec", str(spec), "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout == "[]\n"
    assert "is up to date" in result.stderr
    valid = run_cli("validate", "--format", "json", str(spec))
    assert (valid.stdout, valid.stderr) == ("[]\n", "1 spec(s) valid\n")


def test_format_github_prints_annotations(tmp_path):
    result = run_cli("check", "--format", "github", "--spec", str(MANY), "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        "::error file=tests/bad_specs/many_problems.yaml,line=6::#/paths/~1a~1{id}/get: "
        "path parameter {id} in '/a/{id}' is not declared in 'parameters'",
        "::error file=tests/bad_specs/many_problems.yaml,line=10::#/paths/~1b/get/operationId: "
        "duplicate operationId 'same' (first used at #/paths/~1a~1{id}/get)",
        "::error file=tests/bad_specs/many_problems.yaml,line=16::"
        "#/paths/~1b/get/responses/200/content/application~1json/schema/$ref: "
        "$ref '#/components/schemas/Nowhere' points to nothing",
        "::error file=tests/bad_specs/many_problems.yaml,line=22::"
        "#/components/schemas/Enumish/x-enum-descriptions: has 1 descriptions for 2 enum values",
    ]
    assert result.stderr == "4 problem(s)\n"


def test_github_annotations_escape_data_and_properties():
    stream = io.StringIO()
    diagnostics = [
        Diagnostic("dir,with:odd%name.yaml", 3, "#/a", "50% done\r\nnext: a, b", Level.WARNING),
        Diagnostic("plain.yaml", 0, "#", "no line", Level.ERROR),
    ]
    print_diagnostics(diagnostics, "github", stream)
    assert stream.getvalue().splitlines() == [
        "::warning file=dir%2Cwith%3Aodd%25name.yaml,line=3::#/a: 50%25 done%0D%0Anext: a, b",
        "::error file=plain.yaml::#: no line",
    ]


def test_check_does_not_say_nothing_was_written(tmp_path):
    spec = write_spec(tmp_path, MINIMAL_SPEC.replace("openapi: 3.1.0", "openapi: 4.0.0"))
    result = run_cli("check", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.endswith("\n1 problem(s)\n")
    assert "nothing was written" not in result.stderr
