"""One run at a time writes a package folder, and a run killed mid-swap is recovered by the next."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from contextlib import contextmanager

import pytest

from ..support.specs import MINIMAL_SPEC, ROOT, run_cli, write_spec
from ..support.trees import tree_digest

# generate, killed (os._exit, as by SIGKILL: no finally blocks run) at one point of the swap.
_KILLED_GENERATE = textwrap.dedent("""
    import os, sys
    from generator.emit import tree

    where = sys.argv.pop(1)
    real_rename = os.rename

    def rename(source, target):
        # The second rename moves the new tree in: dying before it leaves no package folder.
        if where == "between renames" and str(source).endswith(".new"):
            os._exit(9)
        real_rename(source, target)

    def remove(path):
        os._exit(9)

    os.rename = rename
    if where == "before removing the old tree":
        tree._remove = remove
    from generator.cli import main
    sys.exit(main(sys.argv[1:]))
    """)


@pytest.fixture
def project(tmp_path):
    """A generated package, and a changed spec that a second run would write."""
    spec = write_spec(tmp_path, MINIMAL_SPEC)
    changed = write_spec(
        tmp_path, MINIMAL_SPEC.replace("name: {type: string}", "title: {type: string}"), "v2.yaml"
    )
    out = tmp_path / "out"
    assert run_cli("generate", "--spec", str(spec), "--out", str(out)).returncode == 0
    return spec, changed, out


def _killed_generate(where, *args):
    return subprocess.run(
        [sys.executable, "-c", _KILLED_GENERATE, where, "generate", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@contextmanager
def _lock_held(lock, cwd=ROOT):
    """A second process holding `lock` as a generation would, until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.communicate("", timeout=30)


def _dot_entries(out):
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def test_a_second_process_holding_the_lock_stops_generate(project, tmp_path):
    _spec, changed, out = project
    with _lock_held(out / ".gemini_api.lock"):
        before = tree_digest(tmp_path)
        result = run_cli("generate", "--spec", str(changed), "--out", str(out))
        assert (result.returncode, result.stderr, result.stdout) == (
            2,
            f"another generation is writing {out / 'gemini_api'}\n",
            "",
        )
        assert tree_digest(tmp_path) == before
    # Released: the next run writes, and takes the lock file away with it.
    result = run_cli("generate", "--spec", str(changed), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "title" in (out / "gemini_api" / "v1" / "models.py").read_text()
    assert _dot_entries(out) == []


def test_the_message_names_the_package_folder_as_given(project, tmp_path):
    with _lock_held("out/.gemini_api.lock", cwd=tmp_path):
        result = run_cli("generate", "--spec", "spec.yaml", "--out", "out", cwd=tmp_path)
        assert (result.returncode, result.stderr) == (
            2,
            "another generation is writing out/gemini_api\n",
        )


def test_a_lock_file_left_by_a_killed_run_is_taken_over(project):
    _spec, changed, out = project
    (out / ".gemini_api.lock").write_text("")
    result = run_cli("generate", "--spec", str(changed), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _dot_entries(out) == []


def _leftover(out, suffix):
    (name,) = [n for n in _dot_entries(out) if n.endswith(suffix)]
    return name


@pytest.mark.parametrize("command", ["check", "generate"])
def test_a_kill_between_the_renames_is_recovered_by_the_next_run(project, command):
    spec, changed, out = project
    package = out / "gemini_api"
    before = tree_digest(package)
    killed = _killed_generate("between renames", "--spec", str(changed), "--out", str(out))
    assert killed.returncode == 9
    assert not package.exists()
    old, new = _leftover(out, ".old"), _leftover(out, ".new")
    assert _dot_entries(out) == sorted([".gemini_api.lock", old, new])

    result = run_cli(command, "--spec", str(spec), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"recovered {package}: a generation was interrupted while replacing it; "
        f"restored the previous tree from {old}\n"
        f"recovered {package}: removed {new}, left by an interrupted generation\n"
    )
    # The interrupted run never happened: the previous tree is back, complete, with no trace.
    assert tree_digest(package) == before
    assert _dot_entries(out) == []
    assert run_cli("check", "--spec", str(spec), "--out", str(out)).stderr == ""


def test_a_kill_before_the_old_tree_is_removed_is_cleaned_up(project):
    _spec, changed, out = project
    package = out / "gemini_api"
    killed = _killed_generate(
        "before removing the old tree", "--spec", str(changed), "--out", str(out)
    )
    assert killed.returncode == 9
    old = _leftover(out, ".old")
    result = run_cli("check", "--spec", str(changed), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == (
        f"recovered {package}: removed {old}, left by an interrupted generation\n"
    )
    assert result.stdout == f"{package} is up to date\n"
    assert _dot_entries(out) == []


def test_check_that_needs_no_recovery_leaves_the_folder_alone(project, tmp_path):
    spec, _changed, out = project
    before = tree_digest(tmp_path)
    result = run_cli("check", "--spec", str(spec), "--out", str(out))
    assert (result.returncode, result.stderr) == (0, "")
    assert tree_digest(tmp_path) == before


def test_a_symlinked_package_folder_leaves_no_old_symlink(project, tmp_path):
    _spec, changed, out = project
    elsewhere = tmp_path / "elsewhere"
    (out / "gemini_api").rename(elsewhere)
    (out / "gemini_api").symlink_to(elsewhere)
    target_before = tree_digest(elsewhere)
    result = run_cli("generate", "--spec", str(changed), "--out", str(out))
    assert result.returncode == 0, result.stderr
    # The link is replaced by the package, and what it pointed to is outside the output
    # folder, so it is not written to.
    assert not (out / "gemini_api").is_symlink()
    assert "title" in (out / "gemini_api" / "v1" / "models.py").read_text()
    assert _dot_entries(out) == []
    assert tree_digest(elsewhere) == target_before


def test_a_symlinked_package_folder_moved_aside_is_restored_as_the_symlink(project, tmp_path):
    # The first rename of the swap done by hand, as a kill right after it would leave it.
    spec, _changed, out = project
    elsewhere = tmp_path / "elsewhere"
    (out / "gemini_api").rename(elsewhere)
    (out / ".gemini_api.abcd1234.old").symlink_to(elsewhere)
    result = run_cli("check", "--spec", str(spec), "--out", str(out))
    assert (result.returncode, result.stderr) == (
        0,
        f"recovered {out / 'gemini_api'}: a generation was interrupted while replacing it; "
        "restored the previous tree from .gemini_api.abcd1234.old\n",
    )
    assert (out / "gemini_api").resolve() == elsewhere
    assert _dot_entries(out) == []


def test_recovery_waits_for_a_running_generation(project, tmp_path):
    # A leftover seen while another run holds the lock may be that run's own tree.
    spec, _changed, out = project
    (out / "gemini_api").rename(out / ".gemini_api.abcd1234.old")
    with _lock_held(out / ".gemini_api.lock"):
        before = tree_digest(tmp_path)
        result = run_cli("check", "--spec", str(spec), "--out", str(out))
        assert (result.returncode, result.stderr) == (
            2,
            f"another generation is writing {out / 'gemini_api'}\n",
        )
        assert tree_digest(tmp_path) == before
