"""Output is a pure function of the specs: byte-identical across runs, hash seeds and spec order."""

from __future__ import annotations

from generator.emit.tree import read_tree

from ..support.specs import SPECS, run_cli


def _generate(out, specs, seed):
    args = ["generate", "--out", str(out), "--package", "gemini_api"]
    for spec in specs:
        args += ["--spec", str(spec)]
    result = run_cli(*args, env={"PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr
    return read_tree(out / "gemini_api")


def test_two_runs_are_byte_identical_under_different_hash_seeds(tmp_path):
    first = _generate(tmp_path / "a", SPECS, "0")
    second = _generate(tmp_path / "b", SPECS, "4242")
    assert first.keys() == second.keys()
    assert first == second


def test_spec_order_does_not_change_a_subpackage(tmp_path):
    forward = _generate(tmp_path / "a", SPECS, "1")
    backward = _generate(tmp_path / "b", list(reversed(SPECS)), "2")
    assert forward == backward
    alone = _generate(tmp_path / "c", [SPECS[1]], "3")
    for path, text in alone.items():
        if path.startswith("v1beta3/"):
            assert forward[path] == text, path
