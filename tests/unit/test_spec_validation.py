"""openapi-spec-validator in child processes: results as if run in place, no child left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.diagnostics import Diagnostics
from generator.spec.checks import prepare_document
from generator.spec.load import load_spec
from generator.spec.openapi_validator import Half, ValidatorFindings, spec_validator_findings
from generator.spec.validator import SpecValidation

from ..support.specs import ROOT, SPECS, SPECS_DIR, write_spec

BROKEN_SCHEMA = """\
openapi: 3.0.3
info: {title: T, version: v1}
paths: {}
components:
  schemas:
    Thing: {type: strin}
"""


BAD_SPECS = Path(__file__).resolve().parents[1] / "bad_specs"


def _prepared(path):
    document = load_spec(path, Diagnostics())
    assert prepare_document(document, Diagnostics())
    return document


def test_a_child_finds_what_a_run_in_place_finds(tmp_path):
    document = _prepared(write_spec(tmp_path, BROKEN_SCHEMA))
    validation = SpecValidation()
    validation.start(document)
    found = validation.findings(document)
    assert found == spec_validator_findings(document)
    assert found.located or found.unlocated  # the bad type is reported
    assert validation.problems() == []  # collected once


def test_a_child_that_dies_is_replaced_by_a_run_in_place(tmp_path):
    document = _prepared(write_spec(tmp_path, BROKEN_SCHEMA))
    validation = SpecValidation()
    before = set(multiprocessing.active_children())
    validation.start(document)
    (child,) = set(multiprocessing.active_children()) - before
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert validation.findings(document) == spec_validator_findings(document)


def test_no_child_outlives_a_generation_that_failed(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(pipeline, "render_package", broken)
    before = set(multiprocessing.active_children())
    with pytest.raises(RuntimeError, match="rendering failed"):
        pipeline.build_package(list(SPECS), "pkg")
    assert set(multiprocessing.active_children()) <= before


def test_discarded_runs_are_stopped():
    document = _prepared(SPECS_DIR / "v1beta.openapi.yaml")
    validation = SpecValidation()
    before = set(multiprocessing.active_children())
    validation.start(document)
    validation.discard(document)
    assert set(multiprocessing.active_children()) <= before
    assert validation.problems() == []


def test_one_child_validates_every_spec(tmp_path):
    broken = _prepared(write_spec(tmp_path, BROKEN_SCHEMA))
    bundled = _prepared(SPECS_DIR / "v1beta3.openapi.yaml")
    validation = SpecValidation()
    before = set(multiprocessing.active_children())
    validation.start(broken)
    validation.start(bundled)
    assert len(set(multiprocessing.active_children()) - before) == 1
    # Asked for in the other order: the first document's findings wait until wanted.
    assert validation.findings(bundled) == spec_validator_findings(bundled)
    assert validation.findings(broken) == spec_validator_findings(broken)
    assert set(multiprocessing.active_children()) <= before  # the idle child has ended
    assert validation.problems() == []


def test_discarding_one_spec_keeps_the_others_run(tmp_path):
    broken = _prepared(write_spec(tmp_path, BROKEN_SCHEMA))
    bundled = _prepared(SPECS_DIR / "v1beta3.openapi.yaml")
    validation = SpecValidation()
    validation.start(bundled)
    validation.start(broken)
    validation.discard(bundled)
    assert validation.problems() == spec_validator_findings(broken).problems(others_found=False)


def _helpers(child, count):
    """The pids of the processes `child` forked to validate, once it has `count` of them."""
    listing = Path(f"/proc/{child.pid}/task/{child.pid}/children")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = [int(pid) for pid in listing.read_text().split()]
        if len(pids) >= count:
            return pids
        time.sleep(0.005)
    raise AssertionError(f"the child never had {count} helpers at once")


def _started(*documents):
    validation = SpecValidation()
    before = set(multiprocessing.active_children())
    for document in documents:
        validation.start(document)
    (child,) = set(multiprocessing.active_children()) - before
    return validation, child


def test_the_specs_are_validated_at_once_and_no_helper_outlives_a_close():
    big = _prepared(SPECS_DIR / "v1beta.openapi.yaml")
    other = _prepared(SPECS_DIR / "v1beta3.openapi.yaml")
    validation, child = _started(big, other)
    helpers = _helpers(child, 2)  # two halves at once, one per core
    validation.close()
    assert not child.is_alive()
    assert not [pid for pid in helpers if Path(f"/proc/{pid}").exists()]  # nor a zombie


def test_a_helper_that_dies_is_replaced_by_a_run_in_place(monkeypatch):
    from generator.spec import openapi_validator

    document = _prepared(SPECS_DIR / "v1beta.openapi.yaml")
    validation, child = _started(document)
    first = _helpers(child, 1)[0]  # the larger half's, forked first and busy longest
    in_place = []
    monkeypatch.setattr(
        openapi_validator,
        "spec_validator_findings",
        lambda document, half=None: in_place.append(half)
        or spec_validator_findings(document, half),
    )
    os.kill(first, signal.SIGKILL)
    assert validation.findings(document) == spec_validator_findings(document)
    # The child reported the helper's end, and this process ran that half alone.
    assert in_place == [Half.KEYWORD_CHECKS]
    assert not child.is_alive()
    assert validation.problems() == []


def _reaching_the_validator():
    """The bundled v1beta3 and every bad spec our own checks let through to the validator."""
    paths = [SPECS_DIR / "v1beta3.openapi.yaml"]
    for path in sorted(BAD_SPECS.glob("*.yaml")):
        document = load_spec(path, Diagnostics())
        if document is not None and prepare_document(document, Diagnostics()):
            paths.append(path)
    return paths


@pytest.mark.parametrize("path", _reaching_the_validator(), ids=lambda path: path.name)
def test_the_halves_of_a_run_find_what_the_whole_run_finds(path):
    """The two processes that share a document find, joined, what one run finds."""
    document = _prepared(path)
    halves = [spec_validator_findings(document, half) for half in Half]
    assert ValidatorFindings.joined(halves) == spec_validator_findings(document)


def _state(pid):
    """The process's state letter (Z: a zombie), or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def test_the_child_ends_when_its_parent_is_killed():
    script = (
        "import multiprocessing, time\n"
        "from generator.spec.validator import SpecValidation\n"
        "validation = SpecValidation(early=True)\n"
        "(child,) = multiprocessing.active_children()\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while _state(child) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _state(child) in (None, "Z")


def test_discarding_a_run_whose_findings_fill_the_pipe_does_not_hang(tmp_path):
    """A discarded spec's helpers may still be sending more than a pipe holds when the
    other spec's run is done; finishing reads and drops it rather than wait forever."""
    schemas = "".join(f"    S{n}: {{type: strin}}\n" for n in range(1500))
    flooding = tmp_path / "flooding.yaml"
    flooding.write_text(BROKEN_SCHEMA.split("  schemas:\n")[0] + "  schemas:\n" + schemas)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.diagnostics import Diagnostics\n"
        "from generator.spec.checks import prepare_document\n"
        "from generator.spec.load import load_spec\n"
        "from generator.spec.validator import SpecValidation\n"
        "def prepared(path):\n"
        "    document = load_spec(Path(path), Diagnostics())\n"
        "    assert prepare_document(document, Diagnostics())\n"
        "    return document\n"
        "flooding, other = prepared(sys.argv[1]), prepared(sys.argv[2])\n"
        "validation = SpecValidation()\n"
        "validation.start(other)\n"
        "validation.start(flooding)\n"
        "validation.discard(flooding)\n"
        "print(len(validation.findings(other).located))\n"
    )
    other = SPECS_DIR / "v1beta3.openapi.yaml"
    done = subprocess.run(
        [sys.executable, "-c", script, str(flooding), str(other)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
