"""A failure at any point of generation leaves the previous tree exactly as it was."""

from __future__ import annotations

import shutil

import pytest

from generator.cli import main
from generator.emit import tree as emit
from generator.render.package import TEMPLATES_DIR

from ..support.specs import MINIMAL_SPEC, run_cli, write_spec


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def project(tmp_path):
    spec = write_spec(tmp_path, MINIMAL_SPEC)
    out = tmp_path / "out"
    assert run_cli("generate", "--spec", str(spec), "--out", str(out)).returncode == 0
    # A second version of the spec, so a successful run would change the tree.
    changed = write_spec(
        tmp_path, MINIMAL_SPEC.replace("name: {type: string}", "title: {type: string}"), "v2.yaml"
    )
    return tmp_path, changed, out


def _custom_templates(
    tmp_path, template, broken_text, after="from __future__ import annotations\n"
):
    """A copy of the bundled templates with `broken_text` inserted partway into `template`."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    target = templates / template
    text = target.read_text()
    assert after in text
    target.write_text(text.replace(after, after + broken_text, 1))
    return templates


def test_a_template_failing_halfway_leaves_the_old_tree(project):
    tmp_path, spec, out = project
    before = _snapshot(out)
    templates = _custom_templates(tmp_path, "client.py.jinja", "{{ no_such_variable }}\n")
    result = run_cli(
        "generate", "--spec", str(spec), "--out", str(out), "--templates", str(templates)
    )
    assert result.returncode == 2
    assert "client.py.jinja" in result.stderr and "no_such_variable" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == []


def test_black_failing_leaves_the_old_tree(project):
    tmp_path, spec, out = project
    before = _snapshot(out)
    templates = _custom_templates(tmp_path, "models.py.jinja", "this is not python (\n")
    result = run_cli(
        "generate", "--spec", str(spec), "--out", str(out), "--templates", str(templates)
    )
    assert result.returncode == 2
    assert "black could not format v1/models.py" in result.stderr
    assert _snapshot(out) == before


def test_interrupt_while_writing_leaves_the_old_tree(project, monkeypatch, capsys):
    _tmp_path, spec, out = project
    before = _snapshot(out)
    real_write = emit._write_files

    def write_some_then_interrupt(base, files):
        files = list(files)
        real_write(base, files[: len(files) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(emit, "_write_files", write_some_then_interrupt)
    code = main(["generate", "--spec", str(spec), "--out", str(out)])
    assert code == 130
    assert "left as it was" in capsys.readouterr().err
    assert _snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_a_successful_run_replaces_the_tree(project):
    _tmp_path, spec, out = project
    before = _snapshot(out)
    assert run_cli("generate", "--spec", str(spec), "--out", str(out)).returncode == 0
    after = _snapshot(out)
    assert after != before
    assert "title" in after["gemini_api/v1/models.py"].decode()
