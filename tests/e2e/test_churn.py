"""A small spec change rewrites only the files whose code changes, and `check` shows
the code before the generator's records."""

from __future__ import annotations

import yaml

from generator.emit.manifest import INPUTS_NAME, MANIFEST_NAME
from generator.emit.tree import read_tree

from ..support.specs import SPECS_DIR, load_yaml, run_cli

RECORDS = {MANIFEST_NAME, INPUTS_NAME}


def _write(path, document) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_a_new_enum_value_rewrites_only_the_files_that_list_it(tmp_path):
    document = load_yaml(SPECS_DIR / "v1beta.openapi.yaml")
    spec = tmp_path / "v1beta.openapi.yaml"
    _write(spec, document)
    args = ["--spec", str(spec), "--out", str(tmp_path / "out"), "--package", "gemini_api"]
    first = run_cli("generate", *args)
    assert first.returncode == 0, first.stderr
    before = read_tree(tmp_path / "out" / "gemini_api")

    finish_reason = document["components"]["schemas"]["FinishReason"]
    finish_reason["enum"].append("BRAND_NEW_REASON")
    finish_reason["x-enum-descriptions"].append("A reason added later.")
    _write(spec, document)
    stale = run_cli("check", *args)
    assert stale.returncode == 1
    changed_files = [line for line in stale.stdout.splitlines() if line.startswith("+++ ")]
    assert "v1beta/api.md" in changed_files[0] and "v1beta/enums.py" in changed_files[1]
    assert all(".gemini-codegen" in line for line in changed_files[2:])

    second = run_cli("generate", *args)
    assert second.returncode == 0, second.stderr
    after = read_tree(tmp_path / "out" / "gemini_api")
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert changed == {"v1beta/enums.py", "v1beta/api.md", *RECORDS}
    assert "BRAND_NEW_REASON" in after["v1beta/enums.py"]
