"""Hand-written extension modules end to end: generated into a package, type-checked with
it under `mypy --strict`, still there after a regeneration, working when vendored, flagged
by `check` when stale, and a bad one refused with a located error and nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from ..support.specs import GENERATED, MINIMAL_SPEC, ROOT, run_cli, write_spec
from ..support.trees import tree_digest

EXTENSION = '''\
"""Shortcuts kept across regeneration."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from . import client, models

__all__ = ["shout"]


def shout(thing: models.Thing) -> str | None:
    return thing.name.upper() if thing.name is not None else None


class Thing:
    __slots__ = ()

    @property
    def loud(self) -> str | None:
        return shout(cast("models.Thing", self))


class Client:
    def loud_thing(self, thing: str) -> str | None:
        return cast("client.Client", self).get_thing(thing=thing).loud
'''

USER_CODE = """\
from tiny import v1

thing = v1.models.Thing(name="quiet")
loud: str | None = thing.loud
helper: str | None = v1.shout(thing)
print(loud, helper, v1.Client.loud_thing.__name__)
"""


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / "proj"
    (folder / "extensions").mkdir(parents=True)
    write_spec(folder, MINIMAL_SPEC)
    (folder / "extensions" / "v1.py").write_text(EXTENSION, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.gemini-codegen]\nspecs = ["spec.yaml"]\nout = "out"\npackage = "tiny"\n'
        'extensions = "extensions"\n'
    )
    return folder


def _run(code: str, cwd, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args, "-c", code] if not args else [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_extensions_survive_regeneration_and_type_check(project):
    assert run_cli("generate", cwd=project).returncode == 0
    copied = project / "out" / "tiny" / "v1" / "_extensions.py"
    assert "# Copied from extensions/v1.py: edit that file, not this one." in copied.read_text()
    # A spec change regenerates every module; the hand-written code comes back with it.
    spec = project / "spec.yaml"
    spec.write_text(spec.read_text().replace("name: {type: string}", "name: {type: string}\n"
                                             "        size: {type: integer}"))  # fmt: skip
    result = run_cli("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    models = (project / "out" / "tiny" / "v1" / "models.py").read_text()
    assert "size: int | None" in models
    assert "class Thing(WireModel, _ext.Thing):" in models
    assert "def loud(self)" in copied.read_text()
    (project / "out" / "use.py").write_text(USER_CODE)
    mypy = _run("", project / "out", "-m", "mypy", "--strict", "--no-incremental", "tiny", "use.py")
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ran = _run("", project / "out", "use.py")
    assert ran.stdout == "QUIET QUIET loud_thing\n", ran.stderr


def test_an_extension_is_copied_as_it_is_written(project):
    """Its author's layout, black's or not, long lines included: the generator copies it."""
    source = project / "extensions" / "v1.py"
    own_style = "\n\ndef   spaced( x ):\n    return {'a':x,  'b':[x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x]}\n"
    source.write_text(EXTENSION + own_style)
    assert run_cli("generate", cwd=project).returncode == 0
    copied = (project / "out" / "tiny" / "v1" / "_extensions.py").read_text()
    assert copied.endswith("\n\n" + EXTENSION + own_style)


def test_a_vendored_copy_keeps_its_extensions(project, tmp_path):
    assert run_cli("generate", cwd=project).returncode == 0
    vendor = tmp_path / "host" / "third_party"
    shutil.copytree(project / "out" / "tiny", vendor / "tiny_vendored")
    (vendor / "__init__.py").write_text("")
    code = textwrap.dedent("""
        from third_party.tiny_vendored import v1
        print(v1.models.Thing(name="a").loud, v1.shout(v1.models.Thing()))
    """)
    result = _run(code, tmp_path / "host")
    assert result.stdout == "A None\n", result.stderr


def test_check_flags_a_stale_copy_of_an_extension(project):
    assert run_cli("generate", cwd=project).returncode == 0
    assert run_cli("check", cwd=project).returncode == 0
    source = project / "extensions" / "v1.py"
    source.write_text(source.read_text().replace("upper()", "lower()"))
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "_extensions.py" in result.stdout and "+    return thing.name.lower()" in result.stdout


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            "class Thng:\n    __slots__ = ()\n",
            "extensions/v1.py:29: Thng: names no generated class of v1",
        ),
        ("def broken(:\n", "extensions/v1.py:29: v1: syntax error"),
        ("class Thing:\n    pass\n", "extensions/v1.py:29: Thing: a model mixin must declare"),
        ("from tiny.v1 import models\n", "import the generated package relatively"),
    ],
    ids=["unknown-class", "syntax", "slots", "absolute-import"],
)
def test_a_bad_extension_is_refused_with_nothing_written(project, edit, expected):
    assert run_cli("generate", cwd=project).returncode == 0
    (project / "extensions" / "v1.py").write_text(EXTENSION + "\n" + edit)
    before = tree_digest(project / "out")
    result = run_cli("generate", cwd=project)
    assert result.returncode == 2
    assert expected in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "out") == before


def test_an_extensions_folder_outside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    shutil.copytree(project / "extensions", outside)
    result = run_cli("generate", "--extensions", str(outside), cwd=project)
    assert result.returncode == 2
    assert "lies outside the project folder" in result.stderr
    assert not (project / "out").exists()


README_SNIPPET = """\
from gemini_api import v1beta
from gemini_api.v1beta import models

def first_text(resp: models.GenerateContentResponse) -> str:
    calls: list[models.FunctionCall] | None = resp.function_calls
    return (resp.text or "") + str(len(calls or []))

def chunks(client: v1beta.Client, request: models.GenerateContentRequest) -> list[str | None]:
    with client.stream_generate_content(model="m", request=request) as stream:
        return [chunk.text for chunk in stream]
"""


def test_the_shipped_text_and_function_calls_type_check_in_user_code(tmp_path):
    (tmp_path / "use.py").write_text(README_SNIPPET)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "use.py"],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(GENERATED)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_up_to_date_check_loads_no_later_stage(project):
    """`check` on an unchanged tree (extensions included) answers from the inputs'
    fingerprint and the manifest alone: no spec reader, parser, template or formatter."""
    assert run_cli("generate", cwd=project).returncode == 0
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "code = main(['check'])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'jinja2', 'black', 'openapi_spec_validator') or m.startswith("
        "('generator.spec', 'generator.parse', 'generator.render.package', 'generator.style.formatter', "
        "'generator.pipeline'))))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.stdout.splitlines()[-1] == "0 []", result.stdout + result.stderr
