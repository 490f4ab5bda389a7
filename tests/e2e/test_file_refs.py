"""File `$ref`s lead only inside the spec's folder tree or a folder of `ref_roots`.

The path is resolved (symlinks followed) and checked before anything is opened:
a reference to a FIFO outside would block the run forever if it were opened.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.emit.tree import read_tree

from ..support.specs import MINIMAL_SPEC, run_cli, write_spec

COMMON = (
    "components:\n"
    "  schemas:\n"
    "    Part:\n"
    "      type: object\n"
    "      properties:\n"
    "        name: {type: string}\n"
)
OUTSIDE_MESSAGE = (
    "leads outside the spec's folder, so it was not read "
    "(list other folders in ref_roots of [tool.gemini-codegen])"
)


def _spec_referring_to(folder: Path, ref: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_spec(
        folder,
        MINIMAL_SPEC.replace(
            "        name: {type: string}\n",
            f"        name: {{type: string}}\n        part: {{$ref: '{ref}'}}\n",
        ),
    )


def _hashes(root: Path) -> dict[str, str]:
    """Every file below `root` by content hash (FIFOs by name only: never opened)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_fifo():
            found[str(path)] = "fifo"
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the spec's, holding a schema file and a FIFO."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "common.yaml").write_text(COMMON)
    os.mkfifo(folder / "pipe.yaml")
    return folder


@pytest.mark.parametrize(
    "ref",
    [
        "ABSOLUTE/common.yaml#/components/schemas/Part",
        "../outside/common.yaml#/components/schemas/Part",
        "ABSOLUTE/pipe.yaml",
        "../outside/pipe.yaml#/x",
        "link/common.yaml#/components/schemas/Part",  # a symlink inside, to outside
        "sub/../../outside/pipe.yaml",
    ],
)
def test_refs_outside_the_spec_folder_are_refused_unread(tmp_path, outside, ref):
    spec_folder = tmp_path / "spec"
    spec = _spec_referring_to(spec_folder, ref.replace("ABSOLUTE", str(outside)))
    (spec_folder / "sub").mkdir()
    (spec_folder / "link").symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    before = _hashes(tmp_path)
    # A timeout: opening the FIFO would block until it was killed.
    result = run_cli("generate", "--spec", str(spec), "--out", str(out), timeout=20)
    assert result.returncode == 2, result.stderr
    written = ref.replace("ABSOLUTE", str(outside)).partition("#")[0]
    expected = (
        f"{spec}:22: #/components/schemas/Thing/properties/part/$ref: "
        f"file $ref {written!r} {OUTSIDE_MESSAGE}\n"
        "1 problem(s); nothing was written\n"
    )
    assert result.stderr == expected
    assert _hashes(tmp_path) == before and not out.exists()


def test_ref_roots_lets_references_into_listed_folders(tmp_path, outside):
    _spec_referring_to(tmp_path / "spec", "../outside/common.yaml#/components/schemas/Part")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.gemini-codegen]\nspecs = ["spec/spec.yaml"]\nout = "out"\nref_roots = ["outside"]\n'
    )
    result = run_cli("generate", "--config", str(pyproject))
    assert result.returncode == 0, result.stderr
    assert "class Part(WireModel):" in read_tree(tmp_path / "out" / "gemini_api")["v1/models.py"]
    assert run_cli("validate", "spec/spec.yaml", cwd=tmp_path).returncode == 0
    # Without the setting, the same reference is refused.
    pyproject.write_text(pyproject.read_text().replace('ref_roots = ["outside"]\n', ""))
    result = run_cli("validate", "spec/spec.yaml", cwd=tmp_path)
    assert result.returncode == 2 and OUTSIDE_MESSAGE in result.stderr


def test_refs_inside_the_spec_folder_tree_still_resolve(tmp_path):
    spec_folder = tmp_path / "spec"
    (spec_folder / "shared" / "deeper").mkdir(parents=True)
    (spec_folder / "shared" / "common.yaml").write_text(COMMON)
    spec = _spec_referring_to(spec_folder, "shared/deeper/../common.yaml#/components/schemas/Part")
    result = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


def test_a_missing_file_is_not_found(tmp_path):
    spec = _spec_referring_to(tmp_path, "shared/nope.yaml#/components/schemas/Part")
    result = run_cli("validate", str(spec))
    assert result.returncode == 2
    assert "referenced file 'nope.yaml' not found (looked in the folder of spec.yaml)" in (
        result.stderr
    )


def test_a_fifo_inside_the_spec_folder_is_refused_unread(tmp_path):
    # Opening a FIFO would block until a writer came: the 20 s timeout would end the run.
    os.mkfifo(tmp_path / "pipe.yaml")
    spec = _spec_referring_to(tmp_path, "pipe.yaml#/components/schemas/Part")
    result = run_cli("validate", str(spec), timeout=20)
    assert result.returncode == 2
    assert "referenced file 'pipe.yaml' is not a regular file" in result.stderr
