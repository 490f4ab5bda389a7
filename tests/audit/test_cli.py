"""`python -m generator audit` in a subprocess: exit codes, located messages, allow-list."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..support.sources import discovery, our_spec, write
from ..support.specs import SPECS_DIR, run_cli

V1BETA3 = "proto:google.ai.generativelanguage_v1beta3"


def test_v1beta3_against_the_installed_package_passes_with_the_committed_allow_list() -> None:
    result = run_cli("audit", str(SPECS_DIR / "v1beta3.openapi.yaml"), "--against", V1BETA3)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 missing" in result.stdout and "0 stale" in result.stdout
    assert "v1beta3:field:Status.status:" in result.stdout  # listed as allowed


def test_the_whole_v1beta_spec_covers_the_installed_package() -> None:
    # What `make audit` checks: every method, field and enum value of Google's v1beta types
    # is in our spec or allow-listed with a reason, and nothing else is left unexplained.
    result = run_cli(
        "audit", str(SPECS_DIR / "v1beta.openapi.yaml"),
        "--against", "proto:google.ai.generativelanguage_v1beta",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("0 missing, 0 warning(s)") and "0 stale" in summary


def test_field_removed_from_our_spec_is_reported_with_its_location(tmp_path: Path) -> None:
    spec = yaml.safe_load((SPECS_DIR / "v1beta3.openapi.yaml").read_text(encoding="utf-8"))
    del spec["components"]["schemas"]["TunedModel"]["properties"]["description"]
    path = write(tmp_path, "v1beta3.openapi.yaml", spec)
    result = run_cli(
        "audit", str(path), "--against", V1BETA3, "--allow", str(SPECS_DIR / "audit-allow.yaml")
    )
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if "TunedModel.description" in x)
    assert "v1beta3.openapi.yaml:" in line
    assert "#/components/schemas/TunedModel/properties: missing field" in line
    assert "[v1beta3:field:TunedModel.description]" in line


def _sources(tmp_path: Path) -> tuple[Path, Path]:
    source = discovery()
    source["schemas"]["GenerateContentResponse"]["properties"]["finishReason"]["enum"].append(
        "SAFETY"
    )
    return write(tmp_path, "ours.yaml", our_spec()), write(tmp_path, "discovery.json", source)


def test_enum_value_added_to_the_source_fails(tmp_path: Path) -> None:
    ours, source = _sources(tmp_path)
    result = run_cli(
        "audit",
        str(ours),
        "--against",
        str(source),
        "--allow",
        str(write(tmp_path, "a.yaml", {"allow": []})),
    )
    assert result.returncode == 1
    assert (
        "ours.yaml:" in result.stdout and "#/components/schemas/FinishReason/enum" in result.stdout
    )
    assert "[v1beta:enum:FinishReason.SAFETY]" in result.stdout


def test_allowed_item_does_not_fail_and_stale_entry_is_reported(tmp_path: Path) -> None:
    ours, source = _sources(tmp_path)
    allow = write(tmp_path, "allow.yaml", {"allow": [
        {"key": "v1beta:enum:FinishReason.SAFETY", "reason": "not offered by our models"},
        {"key": "v1beta:field:Nothing.here", "reason": "left over"},
    ]})  # fmt: skip
    result = run_cli(
        "audit", str(ours), "--against", str(source), "--allow", str(allow), "--format", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = yaml.safe_load(result.stdout)
    (item,) = report["versions"][0]["items"]
    assert item["status"] == "allowed" and item["reason"] == "not offered by our models"
    assert report["stale"] == [
        {"key": "v1beta:field:Nothing.here", "file": "allow.yaml", "line": 4}
    ]
    text = run_cli("audit", str(ours), "--against", str(source), "--allow", str(allow))
    assert (
        "allow.yaml:4: #/allow/1: warning: v1beta:field:Nothing.here matches nothing" in text.stdout
    )


def test_allow_entry_without_reason_is_bad_input(tmp_path: Path) -> None:
    ours, source = _sources(tmp_path)
    allow = write(tmp_path, "allow.yaml", {"allow": [{"key": "v1beta:enum:FinishReason.SAFETY"}]})
    result = run_cli("audit", str(ours), "--against", str(source), "--allow", str(allow))
    assert result.returncode == 2
    assert (
        "allow.yaml:2: #/allow/0: each entry needs a string `key` and a `reason`" in result.stderr
    )


def test_unreadable_source_is_a_located_error_without_traceback(tmp_path: Path) -> None:
    ours = write(tmp_path, "ours.yaml", our_spec())
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "discovery#restDescription",\n  "version": }\n', encoding="utf-8")
    result = run_cli("audit", str(ours), "--against", str(bad))
    assert result.returncode == 2
    assert "bad.json:2: #: invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_source_of_unknown_kind_and_missing_module_are_bad_input(tmp_path: Path) -> None:
    ours = write(tmp_path, "ours.yaml", our_spec())
    other = write(tmp_path, "other.yaml", {"swagger": "2.0"})
    result = run_cli(
        "audit", str(ours), "--against", str(other), "--against", "proto:no_such_module_v1"
    )
    assert result.returncode == 2
    assert "other.yaml:1: #: not a Discovery document" in result.stderr
    assert "proto:no_such_module_v1: #: cannot import no_such_module_v1.services" in result.stderr
    assert "Traceback" not in result.stderr


def test_source_version_without_a_spec_is_bad_input(tmp_path: Path) -> None:
    ours = write(tmp_path, "ours.yaml", our_spec())
    result = run_cli("audit", str(ours), "--against", V1BETA3)
    assert result.returncode == 2
    assert "no spec has info.version 'v1beta3'" in result.stderr
