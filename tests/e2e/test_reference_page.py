"""The reference page of each API version (`api.md`): generated with the package, listing
every client method, model and enum, with links that land on headings, and kept fresh by
`check` like any other generated file."""

from __future__ import annotations

import ast
import json

import pytest

from ..support.reference_page import (
    heading_anchors,
    heading_texts,
    html_tokens,
    link_targets,
    ragged_table_rows,
)
from ..support.specs import SPECS, run_cli

MODULES = ["v1beta", "v1beta3"]


def _args(command: str, out) -> list[str]:
    args = [command, "--out", str(out), "--package", "gemini_api"]
    for spec in SPECS:
        args += ["--spec", str(spec)]
    return args


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    result = run_cli(*_args("generate", out))
    assert result.returncode == 0, result.stderr
    return out / "gemini_api"


def _classes(path) -> list[ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


@pytest.mark.parametrize("module", MODULES)
def test_every_method_model_and_enum_has_a_heading(package, module):
    page = (package / module / "api.md").read_text(encoding="utf-8")
    levels = heading_texts(page)
    client = next(c for c in _classes(package / module / "client.py") if c.name == "Client")
    methods = [
        f.name
        for f in client.body
        if isinstance(f, ast.FunctionDef) and not f.name.startswith("_") and not f.decorator_list
    ]
    assert methods
    assert "`client.with_raw_response.<method>(...)`" in page
    assert sorted(text for level, text in levels if level == 4) == sorted(methods)
    types = [
        c.name for kind in ("models", "enums") for c in _classes(package / module / f"{kind}.py")
    ]
    assert sorted(text for level, text in levels if level == 3 and text in types) == sorted(types)
    for name in methods:
        assert f"def {name}(\n    self," in page


@pytest.mark.parametrize("module", MODULES)
def test_every_link_lands_on_a_heading(package, module):
    page = (package / module / "api.md").read_text(encoding="utf-8")
    targets = link_targets(page)
    assert len(targets) > 100
    assert {t for t in targets if not t.startswith("#")} == set()
    assert {t[1:] for t in targets} - heading_anchors(page) == set()
    assert html_tokens(page) == []
    assert ragged_table_rows(page) == []


def test_the_page_is_in_the_manifest_and_check_sees_an_edit(package):
    manifest = json.loads((package / ".gemini-codegen.json").read_text(encoding="utf-8"))
    assert {"v1beta/api.md", "v1beta3/api.md"} <= set(manifest["files"])
    assert run_cli(*_args("check", package.parent)).returncode == 0
    page = package / "v1beta" / "api.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nan edit\n", encoding="utf-8")
    stale = run_cli(*_args("check", package.parent))
    assert stale.returncode == 1
    assert "v1beta/api.md" in stale.stdout and "+an edit" not in stale.stdout
    assert "-an edit" in stale.stdout
