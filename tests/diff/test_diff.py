"""`python -m generator diff`: classified API changes between two spec versions.

Variants of today's v1beta spec are written to tmp_path and compared in-process
(generator.parse.load_apis); only the exit-code tests run the CLI in a subprocess.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diff.compare import Category, Change, diff_api_sets, diff_apis
from generator.diff.report import (
    KINDS,
    insert_section,
    render_json,
    render_markdown,
    suggest_semver,
)
from generator.parse import load_apis
from tests.support.specs import TESTS_DIR

from ..support.specs import ROOT, SPECS, run_cli

V1BETA = SPECS[0]
SEED_001_ENUMS = TESTS_DIR / "fixtures" / "diff" / "seed001_enums.yaml"
SCHEMAS = "#/components/schemas"
Edit = Callable[[dict[str, Any]], None]


@cache
def _spec_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(V1BETA.read_text(encoding="utf-8"))
    return data


@cache
def _parsed(path: Path):
    apis, _ = load_apis([path])
    return apis[0]


def baseline():
    return _parsed(V1BETA)


def write_variant(folder: Path, edit: Edit, name: str = V1BETA.name) -> Path:
    """Today's v1beta spec with `edit` applied, written as YAML under `folder`."""
    data = copy.deepcopy(_spec_data())
    edit(data)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def changes_for(tmp_path: Path, edit: Edit) -> tuple[Change, ...]:
    new, _ = load_apis([write_variant(tmp_path, edit)])
    return diff_apis(baseline(), new[0])


def schema(data: dict[str, Any], name: str) -> dict[str, Any]:
    result: dict[str, Any] = data["components"]["schemas"][name]
    return result


def set_enum(data: dict[str, Any], name: str, values: list[str]) -> None:
    """Replace an enum's values, keeping x-enum-descriptions in step (list or mapping form)."""
    node = schema(data, name)
    described = node.get("x-enum-descriptions")
    if isinstance(described, dict):
        node["x-enum-descriptions"] = {v: described.get(v, v) for v in values}
    elif isinstance(described, list):
        by_value = dict(zip(node["enum"], described, strict=True))
        node["x-enum-descriptions"] = [by_value.get(v, v) for v in values]
    node["enum"] = list(values)


def summary(changes: tuple[Change, ...]) -> set[tuple[str, str, str, str]]:
    assert {c.kind for c in changes} <= set(KINDS), "a kind missing from the documented list"
    return {(c.category.value, c.kind, c.python_name, c.pointer) for c in changes}


# -- the seed 001 enum lists against today's spec ------------------------------------------------


def test_enum_values_added_since_seed_001_are_additive_and_named(tmp_path):
    old_lists = yaml.safe_load(SEED_001_ENUMS.read_text(encoding="utf-8"))
    assert len(old_lists["FinishReason"]) == 11 and len(old_lists["BlockReason"]) == 5

    def to_seed_001(data):
        for name, values in old_lists.items():
            set_enum(data, name, values)

    old, _ = load_apis([write_variant(tmp_path, to_seed_001)])
    changes = diff_apis(old[0], baseline())

    assert {c.category for c in changes} == {Category.ADDITIVE}
    assert {c.kind for c in changes} == {"enum_value.added"}
    finish = {c.python_name: c.pointer for c in changes if c.python_name.startswith("Finish")}
    assert finish == {
        f"FinishReason.{value}": f"{SCHEMAS}/FinishReason/enum/{index}"
        for index, value in enumerate(
            [
                "IMAGE_SAFETY",
                "IMAGE_PROHIBITED_CONTENT",
                "IMAGE_OTHER",
                "NO_IMAGE",
                "IMAGE_RECITATION",
                "UNEXPECTED_TOOL_CALL",
                "TOO_MANY_TOOL_CALLS",
                "MISSING_THOUGHT_SIGNATURE",
            ],
            start=11,
        )
    }
    block = [c for c in changes if c.python_name.startswith("BlockReason.")]
    assert [(c.python_name, c.pointer) for c in block] == [
        ("BlockReason.IMAGE_SAFETY", f"{SCHEMAS}/BlockReason/enum/5")
    ]
    assert "'IMAGE_SAFETY' added" in block[0].message
    # 001 also lacks the PaLM-era harm categories and FunctionCallingMode.VALIDATED.
    others = {c.python_name for c in changes} - set(finish) - {"BlockReason.IMAGE_SAFETY"}
    assert "FunctionCallingMode.VALIDATED" in others
    assert {n.split(".")[0] for n in others} == {"FunctionCallingMode", "HarmCategory"}
    assert suggest_semver(changes) == "minor"


# -- breaking changes ----------------------------------------------------------------------------


def _remove_field(data):
    del schema(data, "Candidate")["properties"]["tokenCount"]


def _remove_enum_value(data):
    set_enum(data, "FinishReason", [v for v in schema(data, "FinishReason")["enum"] if v != "SPII"])


def _remove_operation(data):
    del data["paths"]["/models/{model}:embedContent"]


def _require_request_field(data):
    schema(data, "GenerationConfig")["required"] = ["temperature"]


def _change_field_type(data):
    token_count = schema(data, "Candidate")["properties"]["tokenCount"]
    token_count.pop("format", None)
    token_count["type"] = "string"


# case: (edit, kind, python_name, pointer, message)
BREAKING = {
    "remove-field": (
        _remove_field,
        "field.removed",
        "Candidate.token_count",
        f"{SCHEMAS}/Candidate/properties/tokenCount",
        "field 'tokenCount' removed",
    ),
    "remove-enum-value": (
        _remove_enum_value,
        "enum_value.removed",
        "FinishReason.SPII",
        f"{SCHEMAS}/FinishReason/enum/9",
        "enum value 'SPII' removed",
    ),
    "remove-operation": (
        _remove_operation,
        "operation.removed",
        "Client.embed_content",
        "#/paths/~1models~1{model}:embedContent/post",
        "operation removed (POST /models/{model}:embedContent)",
    ),
    "require-request-field": (
        _require_request_field,
        "field.required",
        "GenerationConfig.temperature",
        f"{SCHEMAS}/GenerationConfig/properties/temperature",
        "now required (was optional)",
    ),
    "change-field-type": (
        _change_field_type,
        "field.type_changed",
        "Candidate.token_count",
        f"{SCHEMAS}/Candidate/properties/tokenCount",
        "field type changed from int to str",
    ),
}


@pytest.mark.parametrize("case", BREAKING)
def test_breaking_change_is_reported_with_python_name_and_pointer(tmp_path, case):
    edit, kind, python_name, pointer, message = BREAKING[case]
    changes = changes_for(tmp_path, edit)
    assert summary(changes) == {("breaking", kind, python_name, pointer)}
    assert changes[0].message == message
    assert changes[0].module == "v1beta" and changes[0].file == V1BETA.name
    assert suggest_semver(changes) == "major"


@pytest.mark.parametrize("case", BREAKING)
def test_fail_on_breaking_exits_1(tmp_path, case):
    new = write_variant(tmp_path, BREAKING[case][0])
    result = run_cli("diff", str(V1BETA), str(new), "--fail-on-breaking")
    assert result.returncode == 1, result.stderr
    assert BREAKING[case][2] in result.stdout and BREAKING[case][3] in result.stdout


# -- additive, cosmetic, nothing -----------------------------------------------------------------


def _add_enum_value(data):
    set_enum(data, "FinishReason", [*schema(data, "FinishReason")["enum"], "NEW_REASON"])


def test_additive_only_change_exits_0_with_fail_on_breaking(tmp_path):
    new = write_variant(tmp_path, _add_enum_value)
    result = run_cli("diff", str(V1BETA), str(new), "--fail-on-breaking")
    assert result.returncode == 0, result.stderr
    assert "FinishReason.NEW_REASON" in result.stdout
    assert "Suggested version bump: minor" in result.stdout


def test_required_to_optional_and_new_optional_inputs_are_additive(tmp_path):
    def edit(data):
        del schema(data, "GenerateContentRequest")["required"]
        schema(data, "GenerationConfig")["properties"]["newKnob"] = {"type": "boolean"}

    changes = changes_for(tmp_path, edit)
    assert summary(changes) == {
        (
            "additive",
            "field.optional",
            "GenerateContentRequest.contents",
            f"{SCHEMAS}/GenerateContentRequest/properties/contents",
        ),
        (
            "additive",
            "field.added",
            "GenerationConfig.new_knob",
            f"{SCHEMAS}/GenerationConfig/properties/newKnob",
        ),
    }


def test_new_inputs_that_callers_must_pass_and_return_shapes_are_breaking(tmp_path):
    def edit(data):
        embed = data["paths"]["/models/{model}:embedContent"]["post"]
        embed["parameters"].append(
            {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        )
        schema(data, "EmbedContentRequest")["properties"]["priority"] = {"type": "integer"}
        schema(data, "EmbedContentRequest")["required"].append("priority")
        # A required field in a response-only model hurts nobody.
        schema(data, "CountTokensResponse")["properties"]["serverId"] = {"type": "string"}
        schema(data, "CountTokensResponse")["required"] = ["serverId"]
        stream = data["paths"]["/models/{model}:streamGenerateContent"]["post"]
        content = stream["responses"]["200"]["content"]
        content["application/json"] = content.pop("text/event-stream")

    changes = changes_for(tmp_path, edit)
    stream_pointer = "#/paths/~1models~1{model}:streamGenerateContent/post"
    assert summary(changes) == {
        (
            "breaking",
            "parameter.added",
            "Client.embed_content(region=)",
            "#/paths/~1models~1{model}:embedContent/post/parameters/1",
        ),
        (
            "breaking",
            "field.added",
            "EmbedContentRequest.priority",
            f"{SCHEMAS}/EmbedContentRequest/properties/priority",
        ),
        (
            "additive",
            "field.added",
            "CountTokensResponse.server_id",
            f"{SCHEMAS}/CountTokensResponse/properties/serverId",
        ),
        (
            "breaking",
            "operation.streaming_changed",
            "Client.stream_generate_content",
            stream_pointer,
        ),
    }
    assert [c.category for c in changes] == [Category.BREAKING] * 3 + [Category.ADDITIVE]


def test_optional_to_required_outside_requests_is_additive(tmp_path):
    changes = changes_for(
        tmp_path, lambda d: schema(d, "CountTokensResponse").update(required=["totalTokens"])
    )
    assert summary(changes) == {
        (
            "additive",
            "field.required",
            "CountTokensResponse.total_tokens",
            f"{SCHEMAS}/CountTokensResponse/properties/totalTokens",
        )
    }


def test_identical_specs_report_nothing(tmp_path):
    assert diff_apis(baseline(), baseline()) == ()
    # Reformatting the YAML (a dump of the same data) changes nothing either.
    assert changes_for(tmp_path, lambda data: None) == ()
    result = run_cli("diff", str(V1BETA), str(V1BETA), "--fail-on-breaking")
    assert result.returncode == 0, result.stderr
    assert "No changes to the generated Python API." in result.stdout
    assert "Suggested version bump: none" in result.stdout


def test_description_only_change_is_cosmetic_patch(tmp_path):
    def edit(data):
        schema(data, "Candidate")["properties"]["tokenCount"]["description"] = "Reworded."

    changes = changes_for(tmp_path, edit)
    assert summary(changes) == {
        (
            "cosmetic",
            "field.description_changed",
            "Candidate.token_count",
            f"{SCHEMAS}/Candidate/properties/tokenCount",
        )
    }
    assert suggest_semver(changes) == "patch"


def test_a_spec_on_one_side_only_is_all_added():
    v1beta3 = _parsed(SPECS[1])
    changes = diff_api_sets([baseline()], [baseline(), v1beta3])
    assert {c.category for c in changes} == {Category.ADDITIVE}
    assert {c.module for c in changes} == {v1beta3.module}
    expected = len(v1beta3.operations) + len(v1beta3.models) + len(v1beta3.enums)
    assert len(changes) == expected
    assert {c.kind for c in diff_api_sets([v1beta3], [])} == {
        "operation.removed",
        "model.removed",
        "enum.removed",
    }


def test_output_does_not_depend_on_spec_order(tmp_path):
    new = _parsed(write_variant(tmp_path, _remove_field))
    v1beta3 = _parsed(SPECS[1])
    forward = diff_api_sets([baseline(), v1beta3], [new, v1beta3])
    backward = diff_api_sets([v1beta3, baseline()], [v1beta3, new])
    assert forward == backward and len(forward) == 1
    assert render_json(forward) == render_json(backward)


# -- bad input -----------------------------------------------------------------------------------


def test_missing_file_exits_2_with_a_located_message(tmp_path):
    result = run_cli("diff", str(V1BETA), str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    # Outside the working directory, so named by its absolute path.
    missing = re.escape(str(tmp_path / "missing.yaml"))
    assert re.search(rf"^{missing}: #: cannot read file", result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_yaml_syntax_error_exits_2_with_file_line_pointer(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x, version: v1\npaths: {}\n", encoding="utf-8")
    result = run_cli("diff", str(broken), str(V1BETA), "--fail-on-breaking")
    assert result.returncode == 2
    located = rf"^{re.escape(str(broken))}:\d+: #: invalid YAML"
    assert re.search(located, result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_number_of_files_is_a_usage_error(capsys):
    assert main(["diff", str(V1BETA)]) == 2
    assert "give OLD NEW spec files" in capsys.readouterr().err


# -- formats -------------------------------------------------------------------------------------


def test_json_format_has_the_documented_keys(tmp_path, capsys):
    new = write_variant(tmp_path, _remove_field)
    # Breaking, but without --fail-on-breaking the exit code stays 0.
    assert main(["diff", str(V1BETA), str(new), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"format_version", "semver", "counts", "changes"}
    assert document["semver"] == "major"
    assert document["counts"] == {"breaking": 1, "additive": 0, "cosmetic": 0}
    (change,) = document["changes"]
    assert change == {
        "category": "breaking",
        "kind": "field.removed",
        "module": "v1beta",
        "python_name": "Candidate.token_count",
        "file": V1BETA.name,
        "pointer": f"{SCHEMAS}/Candidate/properties/tokenCount",
        "message": "field 'tokenCount' removed",
    }
    assert change["kind"] in KINDS


def test_markdown_format_has_heading_and_breaking_section(tmp_path, capsys):
    new = write_variant(tmp_path, _remove_field)
    assert main(["diff", str(V1BETA), str(new), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"## API changes from {V1BETA.name} to {V1BETA.name}\n")
    assert "\n### Breaking\n\n- `Candidate.token_count` (v1beta): field 'tokenCount' removed" in out
    assert "### Added" not in out
    assert "Suggested version bump: **major**" in out


def test_markdown_escapes_untrusted_spec_text():
    message = "enum value '`*[a](b)_x_\\' added"
    change = Change(
        Category.ADDITIVE,
        "enum_value.added",
        "v1",
        "E.VALUE_X",
        "s.yaml",
        "#/components/schemas/E/enum/0",
        message,
    )
    (line,) = [li for li in render_markdown([change], "T").splitlines() if li.startswith("- ")]
    assert line == (
        "- `E.VALUE_X` (v1): enum value '\\`\\*[a]\\(b)\\_x\\_\\\\' added"
        " (`s.yaml#/components/schemas/E/enum/0`)"
    )


# -- --against GIT_REF ---------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _repo_copy(tmp_path: Path) -> Path:
    """A git repository holding today's pyproject.toml, specs and extensions, committed as HEAD."""
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    shutil.copytree(ROOT / "extensions", repo / "extensions")
    for spec in SPECS:
        shutil.copy(spec, repo / "specs" / spec.name)
    _git(repo, "init", "--quiet")
    _git(repo, "add", "pyproject.toml", "specs", "extensions")
    _git(repo, "commit", "--quiet", "-m", "specs")
    return repo


def test_against_head_with_an_unchanged_tree_reports_nothing(tmp_path, capsys):
    repo = _repo_copy(tmp_path)
    config = str(repo / "pyproject.toml")
    assert main(["diff", "--against", "HEAD", "--config", config, "--fail-on-breaking"]) == 0
    assert "No changes to the generated Python API." in capsys.readouterr().out


def test_against_head_compares_the_committed_specs_by_version(tmp_path, capsys):
    repo = _repo_copy(tmp_path)
    write_variant(repo / "specs", _remove_field)
    config = str(repo / "pyproject.toml")
    assert main(["diff", "--against", "HEAD", "--config", config, "--format", "json"]) == 0
    (change,) = json.loads(capsys.readouterr().out)["changes"]
    assert (change["module"], change["python_name"]) == ("v1beta", "Candidate.token_count")


def test_against_head_reports_hand_written_extension_members(tmp_path, capsys):
    repo = _repo_copy(tmp_path)
    module = repo / "extensions" / "v1beta.py"
    text = module.read_text(encoding="utf-8")
    start = text.index("    @property\n    def function_calls")
    text = text[:start].rstrip() + "\n"  # the function_calls property is gone
    text = text.replace('"text_of"]', '"text_of", "VERSION"]\n\nVERSION = 2')
    text = text.replace("def text_of(response: models.GenerateContentResponse)",
                        "def text_of(response: models.GenerateContentResponse, sep: str = '')")  # fmt: skip
    module.write_text(text, encoding="utf-8")
    config = str(repo / "pyproject.toml")
    assert main(["diff", "--against", "HEAD", "--config", config, "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    found = {(c["category"], c["kind"], c["python_name"]) for c in changes}
    assert found == {
        ("breaking", "extension.removed", "GenerateContentResponse.function_calls"),
        ("breaking", "extension.changed", "text_of"),
        ("additive", "extension.added", "VERSION"),
    }
    located = {c["python_name"]: c["file"] + c["pointer"] for c in changes}
    assert re.fullmatch(r"extensions/v1beta\.py#L\d+", located["VERSION"])
    assert all(c["module"] == "v1beta" for c in changes)


def test_against_an_unknown_ref_exits_2(tmp_path, capsys):
    repo = _repo_copy(tmp_path)
    assert main(["diff", "--against", "no-such-ref", "--config", str(repo / "pyproject.toml")]) == 2
    assert "'no-such-ref' is not a commit" in capsys.readouterr().err


# -- CHANGELOG.md (make changelog) ---------------------------------------------------------------


def test_changelog_gets_sections_under_the_title_newest_first(tmp_path, capsys):
    changelog = tmp_path / "CHANGELOG.md"
    step1 = write_variant(tmp_path, _remove_field, name="step1.yaml")

    def both(data):
        _remove_field(data)
        _add_enum_value(data)

    step2 = write_variant(tmp_path, both, name="step2.yaml")
    assert main(["diff", str(V1BETA), str(step1), "--changelog", str(changelog)]) == 0
    assert main(["diff", str(step1), str(step2), "--changelog", str(changelog)]) == 0
    text = changelog.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## API changes from step1.yaml to step2.yaml\n")
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Changelog",
        "## API changes from step1.yaml to step2.yaml",
        "### Added",
        f"## API changes from {V1BETA.name} to step1.yaml",
        "### Breaking",
    ]
    # Nothing changed: the changelog is left alone.
    assert main(["diff", str(step2), str(step2), "--changelog", str(changelog)]) == 0
    assert changelog.read_text(encoding="utf-8") == text
    capsys.readouterr()


def test_insert_section_keeps_an_introduction_and_adds_a_missing_title():
    section = "## New\n\n- x\n"
    existing = "# Changelog\n\nAll notable changes.\n\n## Old\n\n- y\n"
    assert insert_section(existing, section) == (
        "# Changelog\n\nAll notable changes.\n\n## New\n\n- x\n\n## Old\n\n- y\n"
    )
    assert insert_section(None, section) == "# Changelog\n\n## New\n\n- x\n"
    assert insert_section("## Old\n", section) == "# Changelog\n\n## New\n\n- x\n\n## Old\n"


def test_changes_to_extension_methods_and_routes_are_reported(tmp_path):
    def edit(data):
        create = data["paths"]["/files"]["post"]
        del create["x-media-upload"]["arguments"]  # upload_file loses display_name=
        del create["x-media-upload"]["result"]  # and returns the whole response
        generate = data["paths"]["/models/{model}:generateContent"]["post"]
        generate["x-additional-paths"] = ["/tunedModels/{model}:generateContent"]

    found = summary(changes_for(tmp_path, edit))
    assert {(c, k, n) for c, k, n, _ in found} >= {
        ("breaking", "argument.removed", "Client.upload_file(display_name=)"),
        ("breaking", "return.type_changed", "Client.upload_file"),
        ("breaking", "operation.route_removed", "Client.generate_content"),
    }
