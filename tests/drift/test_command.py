"""`python -m generator drift REPORT.json`: every entry of a report the runtime wrote
maps to a place in specs/v1beta.openapi.yaml that exists; entries the specs lack are
said to be so; bad input is exit 2 with a message naming the file, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from gemini_api import drift, errors, v1beta

from generator.spec.refs import resolve_pointer

from ..support.server import API_KEY, GeminiServer, error_reply
from ..support.specs import ROOT, load_yaml, run_cli

V1BETA = ROOT / "specs" / "v1beta.openapi.yaml"


def entry(kind: str, count: int = 1, **keys: object) -> tuple[str, dict]:
    return kind, {**keys, "count": count}


def write_report(tmp_path, *entries: tuple[str, dict], dropped: int = 0):
    report: dict = {"version": 1, "unknown_fields": [], "unknown_enum_values": []}
    report |= {"error_statuses": [], "error_reasons": [], "dropped": dropped}
    for kind, row in entries:
        report[kind].append(row)
    path = tmp_path / "drift.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def findings(path, *options: str) -> list[dict]:
    result = run_cli("drift", str(path), "--spec", str(V1BETA), "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["findings"]


def runtime_report(tmp_path):
    """A report the generated package itself wrote, from a drifted response."""
    script = (
        "from gemini_api import drift\n"
        "from gemini_api.v1beta import models\n"
        "models.GenerateContentResponse.from_dict({'candidates': [{'finishReason': 'NEW_X',"
        " 'newThing': 1, 'content': {'parts': [{'text': 'a', 'partNew': 2}]}}]})\n"
        f"drift.dump({str(tmp_path / 'drift.json')!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, cwd=ROOT / "generated")
    return tmp_path / "drift.json"


def test_a_runtime_report_maps_to_pointers_that_exist_in_the_spec(tmp_path):
    spec = load_yaml(V1BETA)
    found = findings(runtime_report(tmp_path))
    places = {(f["subject"], f["pointer"]) for f in found}
    assert places == {
        ("v1beta Candidate.newThing", "#/components/schemas/Candidate/properties"),
        ("v1beta Part.partNew", "#/components/schemas/Part/properties"),
        ("v1beta FinishReason 'NEW_X'", "#/components/schemas/FinishReason/enum"),
    }
    for f in found:
        assert f["verdict"] == "edit"
        assert f["file"].endswith("specs/v1beta.openapi.yaml") and f["line"] > 0
        resolve_pointer(spec, f["pointer"])  # raises KeyError when it leads nowhere
    arrived = {f["subject"]: f["arrived"] for f in found}
    assert arrived["v1beta Part.partNew"] == (
        "GenerateContentResponse.candidates[].content.parts[].partNew"
    )
    assert arrived["v1beta Candidate.newThing"] == "GenerateContentResponse.candidates[].newThing"


def test_text_output_says_where_a_field_arrived(tmp_path):
    path = write_report(
        tmp_path,
        entry(
            "unknown_fields",
            api="v1beta",
            model="Part",
            field="partNew",
            path="GenerateContentResponse.candidates[].content.parts[]",
        ),
    )
    result = run_cli("drift", str(path), "--spec", str(V1BETA))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "v1beta Part.partNew" in lines[0]
    assert lines[1] == "    arrived at GenerateContentResponse.candidates[].content.parts[].partNew"
    assert lines[2].startswith("    at ")  # then every place the spec lets it arrive


def test_statuses_reasons_and_entries_the_spec_has_or_lacks(tmp_path):
    path = write_report(
        tmp_path,
        entry("unknown_fields", api="v1beta", model="Candidate", field="finishReason"),
        entry("unknown_fields", api="v1beta", model="NoSuchModel", field="x"),
        entry("unknown_fields", api="v9", model="Candidate", field="x"),
        entry("unknown_enum_values", api="v1beta", enum="FinishReason", value="STOP"),
        entry("unknown_enum_values", api="v1beta", enum="NoSuchEnum", value="A"),
        entry("error_statuses", count=3, status=409),
        entry("error_statuses", status=400),
        entry("error_reasons", domain="googleapis.com", reason="API_KEY_INVALID"),
    )
    spec = load_yaml(V1BETA)
    found = {f["subject"]: f for f in findings(path)}
    listed = found["v1beta Candidate.finishReason"]
    assert listed["verdict"] == "listed"
    assert listed["pointer"] == "#/components/schemas/Candidate/properties/finishReason"
    assert found["v1beta FinishReason 'STOP'"]["verdict"] == "listed"
    for subject in ("v1beta NoSuchModel.x", "v9 Candidate.x", "v1beta NoSuchEnum 'A'"):
        assert found[subject]["verdict"] == "not in the spec"
        assert found[subject]["pointer"] == "" and found[subject]["file"] == ""
    assert "no API 'v9'" in found["v9 Candidate.x"]["note"]
    conflict = found["HTTP 409"]
    assert conflict["verdict"] == "edit" and conflict["count"] == 3
    assert conflict["pointer"].startswith("#/paths/") and conflict["pointer"].endswith("/responses")
    assert "409" not in resolve_pointer(spec, conflict["pointer"])
    assert found["HTTP 400"]["verdict"] == "listed"
    assert "400" in resolve_pointer(spec, found["HTTP 400"]["pointer"])
    assert found["googleapis.com API_KEY_INVALID"]["verdict"] == "not in the spec"


def test_text_output_is_one_located_line_an_entry(tmp_path):
    path = write_report(
        tmp_path,
        entry("unknown_fields", count=2, api="v1beta", model="Candidate", field="newThing"),
        entry("unknown_fields", api="v1beta", model="Nope", field="x"),
        dropped=7,
    )
    result = run_cli("drift", str(path), "--spec", str(V1BETA))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("specs/v1beta.openapi.yaml:")
    assert "#/components/schemas/Candidate/properties: v1beta Candidate.newThing" in lines[0]
    assert "(seen 2 times)" in lines[0]
    # Then, indented, where the new field arrives.
    paths = "generateContent response, streamGenerateContent stream event: candidates[].newThing"
    assert lines[1] == f"    at {paths}"
    entry_lines = [line for line in lines if not line.startswith(" ")]
    assert entry_lines[1].startswith("v1beta Nope.x (seen 1 time): not in the spec")
    assert entry_lines[2] == "7 occurrence(s) past the report's limit were not itemized"


def test_an_empty_report_says_there_is_no_drift(tmp_path):
    result = run_cli("drift", str(write_report(tmp_path)), "--spec", str(V1BETA))
    assert result.returncode == 0
    assert result.stdout.startswith("no drift")


def test_an_operations_status_maps_to_that_operations_responses(tmp_path):
    """From real traffic: a 409 (which the spec documents for no operation) and a 400
    (which it does) on generateContent, dumped by the package, then located."""
    drift.reset()
    with GeminiServer() as server:
        server.queue(error_reply(409), error_reply(400))
        with v1beta.Client(api_key=API_KEY, base_url=server.url("v1beta")) as client:
            for _ in range(2):
                with pytest.raises(errors.ApiError):
                    client.generate_content(model="m", request={"contents": []})
    drift.dump(tmp_path / "drift.json")
    drift.reset()
    spec = load_yaml(V1BETA)
    found = {f["subject"]: f for f in findings(tmp_path / "drift.json")}
    responses = "#/paths/~1models~1{model}:generateContent/post/responses"
    conflict = found["v1beta generateContent HTTP 409"]
    assert conflict["verdict"] == "edit" and conflict["pointer"] == responses
    assert conflict["file"].endswith("specs/v1beta.openapi.yaml") and conflict["line"] > 0
    assert "400" in resolve_pointer(spec, responses) and "409" not in resolve_pointer(
        spec, responses
    )
    bad_request = found["v1beta generateContent HTTP 400"]
    assert bad_request["verdict"] == "listed" and bad_request["pointer"] == responses + "/400"
    resolve_pointer(spec, bad_request["pointer"])


def test_statuses_of_operations_the_spec_lacks_say_so(tmp_path):
    path = write_report(
        tmp_path,
        entry("error_statuses", api="v1beta", operation="noSuchOperation", status=409),
        entry("error_statuses", api="v9", operation="generateContent", status=409),
        entry("error_statuses", api="", operation="", status=409),  # a media transfer's
    )
    found = {f["subject"]: f for f in findings(path)}
    missing = found["v1beta noSuchOperation HTTP 409"]
    assert missing["verdict"] == "not in the spec" and missing["pointer"] == ""
    assert "no operation of that name in v1beta" in missing["note"]
    assert "no API 'v9'" in found["v9 generateContent HTTP 409"]["note"]
    assert found["HTTP 409"]["pointer"].endswith("/responses")  # looked up in every operation


def test_json_output_lists_the_paths_where_a_field_arrives(tmp_path):
    path = write_report(
        tmp_path,
        entry("unknown_fields", api="v1beta", model="Part", field="newThing"),
        entry("unknown_enum_values", api="v1beta", enum="FinishReason", value="NEW"),
        entry("unknown_fields", api="v1beta", model="GenerateContentRequest", field="x"),
    )
    found = {f["subject"]: f for f in findings(path)}
    part = found["v1beta Part.newThing"]
    assert part["paths"][0] == (
        "generateContent response, streamGenerateContent stream event: "
        "candidates[].content.parts[].newThing"
    )
    assert len(part["paths"]) == 5 and part["more_paths"] > 0 and part["paths_complete"]
    reason = found["v1beta FinishReason 'NEW'"]
    assert reason["paths"][0].endswith(": candidates[].finishReason")
    # A request model: responses reach it only inside a batch's echoed input.
    request = found["v1beta GenerateContentRequest.x"]
    assert all("batch" in p.lower() for p in request["paths"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"version": 2}', "version 2"),
        ('{"version": 1, "unknown_fields": {}}', "unknown_fields: expected a list"),
        ('{"version": 1, "error_statuses": [3]}', "error_statuses[0]: expected an object"),
        (
            '{"version": 1, "error_statuses": [{"status": "409", "count": 1}]}',
            "error_statuses[0]: status: expected integer",
        ),
        (
            '{"version": 1, "unknown_fields": [{"api": "v1beta", "model": "M", "count": 1}]}',
            "unknown_fields[0]: field: expected string",
        ),
        (
            '{"version": 1, "error_reasons": [{"domain": "d", "reason": "r", "count": true}]}',
            "count: expected integer",
        ),
        ('{"version": 1, "dropped": "many"}', "dropped: expected an integer"),
        (
            '{"version": 1, "error_statuses": [{"status": 409, "operation": 3, "count": 1}]}',
            "error_statuses[0]: operation: expected string",
        ),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_bad_reports_are_exit_2_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad-report.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli("drift", str(path), "--spec", str(V1BETA))
    assert result.returncode == 2
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_missing_report_is_exit_2(tmp_path):
    result = run_cli("drift", str(tmp_path / "absent.json"), "--spec", str(V1BETA))
    assert result.returncode == 2
    assert "absent.json: cannot read" in result.stderr and "Traceback" not in result.stderr
