"""The command line contract: generate, check, validate; exit codes 0 / 1 / 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..support.specs import MINIMAL_SPEC, SPECS, run_cli, write_spec


def _generate(out, *specs):
    args = ["generate", "--out", str(out), "--package", "gemini_api"]
    for spec in specs or SPECS:
        args += ["--spec", str(spec)]
    return run_cli(*args)


def test_check_is_clean_after_generate_and_stale_after_a_hand_edit(tmp_path):
    assert _generate(tmp_path).returncode == 0
    check_args = ["check", "--out", str(tmp_path), "--package", "gemini_api"]
    for spec in SPECS:
        check_args += ["--spec", str(spec)]
    clean = run_cli(*check_args)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    models = tmp_path / "gemini_api" / "v1beta" / "models.py"
    models.write_text(models.read_text() + "\n# a hand edit\n")
    stale = run_cli(*check_args)
    assert stale.returncode == 1
    assert "+++ " in stale.stdout and "# a hand edit" in stale.stdout
    assert "v1beta/models.py" in stale.stdout

    assert _generate(tmp_path).returncode == 0
    assert run_cli(*check_args).returncode == 0


def test_check_reports_a_missing_and_an_extra_file(tmp_path):
    assert _generate(tmp_path).returncode == 0
    package = tmp_path / "gemini_api"
    (package / "v1beta" / "enums.py").unlink()
    (package / "leftover.py").write_text("x = 1\n")
    args = ["check", "--out", str(tmp_path), "--package", "gemini_api"]
    for spec in SPECS:
        args += ["--spec", str(spec)]
    result = run_cli(*args)
    assert result.returncode == 1
    assert "v1beta/enums.py" in result.stdout and "leftover.py" in result.stdout


def test_generate_reads_pyproject_settings(tmp_path):
    spec = write_spec(tmp_path, MINIMAL_SPEC)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gemini-codegen]\nspecs = ["spec.yaml"]\nout = "out"\npackage = "tiny"\n'
    )
    result = run_cli("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "tiny" / "v1" / "models.py").is_file()
    assert spec.name in (tmp_path / "out" / "tiny" / "v1" / "models.py").read_text()
    assert run_cli("check", cwd=tmp_path).returncode == 0


def test_console_script_equals_python_dash_m():
    import shutil
    import sys

    script = shutil.which("gemini-codegen", path=os.path.dirname(sys.executable))
    assert script is not None, "the gemini-codegen console script is not installed"
    import subprocess

    result = subprocess.run([script, "validate", *map(str, SPECS)], capture_output=True, text=True)
    assert result.returncode == 0
    assert "2 spec(s) valid" in result.stdout


def test_validate_reports_located_errors_and_exits_2(tmp_path):
    bad = write_spec(
        tmp_path, MINIMAL_SPEC.replace("#/components/schemas/Thing", "#/components/schemas/Nope")
    )
    result = run_cli("validate", str(bad))
    assert result.returncode == 2
    assert (
        "spec.yaml:15: #/paths/~1things~1{thing}/get/responses/200/content/application~1json/schema/$ref:"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("generate", "--spec").returncode == 2


def test_no_pyproject_is_a_clear_error(tmp_path):
    result = run_cli("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert "pyproject.toml" in result.stderr and "Traceback" not in result.stderr


def test_refuses_to_replace_a_folder_it_did_not_generate(tmp_path):
    spec = write_spec(tmp_path, MINIMAL_SPEC)
    victim = tmp_path / "out" / "gemini_api"
    victim.mkdir(parents=True)
    (victim / "precious.txt").write_text("keep me")
    result = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "refusing" in result.stderr
    assert (victim / "precious.txt").read_text() == "keep me"


def test_check_fast_path_still_sees_a_hand_edit_of_any_file(tmp_path):
    # With unchanged inputs, check trusts the manifest's hashes instead of regenerating;
    # an edit to a runtime file (copied, never formatted) must still be caught.
    assert _generate(tmp_path).returncode == 0
    args = ["check", "--out", str(tmp_path), "--package", "gemini_api"]
    for spec in SPECS:
        args += ["--spec", str(spec)]
    assert run_cli(*args).returncode == 0
    runtime = tmp_path / "gemini_api" / "_runtime" / "_wire.py"
    runtime.write_text(runtime.read_text().replace("def expect_str", "def expect_str_edited"))
    stale = run_cli(*args)
    assert stale.returncode == 1
    assert "expect_str_edited" in stale.stdout


def test_a_pattern_python_reads_differently_prints_no_library_warning(tmp_path):
    # ECMA regexes such as "[[a-z]" make Python's re warn about nested sets while
    # openapi-spec-validator checks the spec; users should not see that noise.
    spec = write_spec(
        tmp_path,
        MINIMAL_SPEC.replace("name: {type: string}", 'name: {type: string, pattern: "[[a-z]+"}'),
    )
    out = tmp_path / "out"
    result = run_cli("generate", "--spec", str(spec), "--out", str(out), "--package", "pkg")
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr
    assert (out / "pkg" / "v1" / "models.py").is_file()


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    """`check | head`: the diff outgrows the pipe, whose reader is gone; no traceback."""
    import subprocess
    import sys

    assert _generate(tmp_path).returncode == 0
    models = tmp_path / "gemini_api" / "v1beta" / "models.py"
    with models.open("a") as file:
        file.writelines(f"# edited {n}\n" for n in range(20_000))
    args = [sys.executable, "-m", "generator", "check", "--out", str(tmp_path)]
    args += ["--package", "gemini_api", *(f"--spec={spec}" for spec in SPECS)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr


def _processes_naming(text: str) -> list[int]:
    """Pids whose command line contains `text` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as file:
                    if text.encode() in file.read():
                        found.append(int(entry))
            except OSError:
                continue  # ended meanwhile
    return found


@pytest.mark.parametrize("after", [0.0, 0.2, 0.5])  # a cold generation takes over a second
def test_ctrl_c_ends_every_process_of_a_generation_quietly(tmp_path, after):
    """Ctrl-C reaches the whole foreground group: the command, the validator's child and
    its helpers. Whenever it comes once the child is forked, the command exits 130, prints
    no traceback, leaves no process behind and writes nothing."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "interrupted"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GEMINI_CODEGEN_CACHE": "off"},
        start_new_session=True,  # its own group, as a terminal's foreground job
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.002)  # until the validator's child is forked: the build has begun
    time.sleep(after)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"Process " not in stderr, stderr.decode()
    assert not out.exists()
    deadline = time.monotonic() + 10
    while _processes_naming(str(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_naming(str(out)) == []
