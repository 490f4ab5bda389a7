"""Bad package names and output folders: exit 2 with one clear line, and nothing written.

Each failing case hashes the whole temporary folder (the output folder and its parent)
before and after, so a write anywhere, inside or outside the output folder, shows.
"""

from __future__ import annotations

import os
import re

import pytest

from generator.cli import main
from generator.emit import tree as emit

from ..support.specs import MINIMAL_SPEC, run_cli, write_spec
from ..support.trees import tree_digest

BAD_NAMES = {
    "../../../escaped_pkg": "is not a Python identifier",
    "a.b": "is not a Python identifier",
    "": "is not a Python identifier",
    "class": "is a Python keyword",
    "__init__": "is a dunder name",
    "os": "is a standard-library module",
    "json": "is a standard-library module",
    "typing": "is a standard-library module",
}


@pytest.fixture
def project(tmp_path):
    """A pyproject.toml two folders down, so `../../../x` from its output folder is tmp_path/x."""
    folder = tmp_path / "outer" / "proj"
    folder.mkdir(parents=True)
    write_spec(folder, MINIMAL_SPEC)
    (folder / "pyproject.toml").write_text(
        '[tool.gemini-codegen]\nspecs = ["spec.yaml"]\nout = "out"\npackage = "tiny"\n'
    )
    return folder


def _fails_cleanly(result, expected_stderr, root, before):
    assert (result.returncode, result.stderr) == (2, expected_stderr)
    assert result.stdout == ""
    assert tree_digest(root) == before


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_bad_package_flag_is_refused_with_the_spec_from_pyproject(
    project, tmp_path, name, command
):
    before = tree_digest(tmp_path)
    result = run_cli(command, "--package", name, cwd=project)
    expected = f"error: --package {name!r} cannot be the package name: it {BAD_NAMES[name]}\n"
    _fails_cleanly(result, expected, tmp_path, before)
    assert not (tmp_path.parent / "escaped_pkg").exists()


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_package_flag_is_refused_with_spec_and_out_flags(project, tmp_path, name):
    before = tree_digest(tmp_path)
    result = run_cli(
        "generate", "--spec", str(project / "spec.yaml"), "--out", str(project / "out"),
        "--package", name,
    )  # fmt: skip
    expected = f"error: --package {name!r} cannot be the package name: it {BAD_NAMES[name]}\n"
    _fails_cleanly(result, expected, tmp_path, before)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_package_in_pyproject_is_refused_with_or_without_out(project, tmp_path, name):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"tiny"', f'"{name}"'))
    before = tree_digest(tmp_path)
    expected = (
        f"error: {pyproject}: [tool.gemini-codegen] package {name!r} cannot be the package "
        f"name: it {BAD_NAMES[name]}\n"
    )
    _fails_cleanly(run_cli("generate", cwd=project), expected, tmp_path, before)
    other_out = run_cli("generate", "--out", str(tmp_path / "elsewhere"), cwd=project)
    _fails_cleanly(other_out, expected, tmp_path, before)


def test_a_good_package_flag_overrides_pyproject(project):
    result = run_cli("generate", "--package", "tiny_two", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "tiny_two" / "v1" / "models.py").is_file()
    assert sorted(p.name for p in (project / "out").iterdir()) == ["tiny_two"]


@pytest.mark.parametrize("command", ["generate", "check"])
def test_out_pointing_at_a_regular_file_is_refused(project, tmp_path, command):
    (project / "afile").write_text("not a folder\n")
    before = tree_digest(tmp_path)
    result = run_cli(command, "--out", "afile", cwd=project)
    _fails_cleanly(result, "error: the output folder afile is a file\n", tmp_path, before)


def test_out_under_a_regular_file_is_refused(project, tmp_path):
    (project / "afile").write_text("not a folder\n")
    before = tree_digest(tmp_path)
    result = run_cli("generate", "--out", "afile/sub/out", cwd=project)
    expected = "error: the output folder afile/sub/out cannot be made: afile is a file\n"
    _fails_cleanly(result, expected, tmp_path, before)


def test_an_unwritable_out_is_refused(project, tmp_path, monkeypatch, capsys):
    # os.access is the check; faked, because root (which runs CI) may write anywhere.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: str(path) != "locked" and real_access(path, mode)
    )
    (project / "locked").mkdir()
    monkeypatch.chdir(project)
    before = tree_digest(tmp_path)
    assert main(["generate", "--out", "locked"]) == 2
    assert capsys.readouterr().err == "error: the output folder locked is not writable\n"
    assert tree_digest(tmp_path) == before


def test_a_write_failing_midway_is_a_message_and_leaves_everything(
    project, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(project)
    assert main(["generate"]) == 0
    changed = MINIMAL_SPEC.replace("name: {type: string}", "title: {type: string}")
    (project / "spec.yaml").write_text(changed)
    before = tree_digest(tmp_path)
    real_write = emit._write_files

    def write_some_then_fail(base, files):
        files = list(files)
        real_write(base, files[:3])
        raise PermissionError(13, "Permission denied", str(base / files[3][0]))

    monkeypatch.setattr(emit, "_write_files", write_some_then_fail)
    capsys.readouterr()
    assert main(["generate"]) == 2
    out = re.escape(str(project / "out"))
    expected = (
        rf"error: cannot write {out}/tiny \(Permission denied: {out}/\.tiny\.[a-z0-9_]{{8}}\.new"
        r"/_runtime/__init__\.py\); nothing was written\n"
    )
    assert re.fullmatch(expected, capsys.readouterr().err)
    assert tree_digest(tmp_path) == before


def test_a_failed_first_run_leaves_no_output_folder(project, tmp_path):
    (project / "spec.yaml").write_text(MINIMAL_SPEC.replace("#/components/schemas/Thing", "#/x"))
    before = tree_digest(tmp_path)
    result = run_cli("generate", "--out", "new/deeper/out", cwd=project)
    assert result.returncode == 2
    assert result.stderr.endswith("1 problem(s); nothing was written\n")
    assert tree_digest(tmp_path) == before
