"""API-family conventions: a spec of another family gets none of Google's, and no Gemini text."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from generator.conventions import GEMINI, GOOGLE, OPENAPI, detect_conventions
from generator.pipeline import build_package

from ..support.specs import EXTENSIONS, MINIMAL_SPEC, SPECS, run_cli, write_spec

# A list that is paged by token and a response named Operation: Google conventions
# would make the first a pager (as for any family) and the second a long-running handle.
FAMILY_SPEC = MINIMAL_SPEC.replace(
    "components:",
    textwrap.dedent("""\
          /jobs:
            post:
              operationId: startJob
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Operation"}
        components:
          securitySchemes:
            Key: {type: apiKey, in: header, name: X-Api-Key}
        """),
).replace(
    "    Thing:",
    "    Operation:\n      type: object\n      properties:\n        name: {type: string}\n"
    "        done: {type: boolean}\n    Thing:",
)


def _client_source(files: dict[str, str]) -> str:
    return files["v1/client.py"]


@pytest.mark.parametrize(
    ("servers", "expected"),
    [
        ([{"url": "https://generativelanguage.googleapis.com/v1beta"}], GEMINI),
        ([{"url": "https://vision.googleapis.com/v1"}], GOOGLE),
        ([{"url": "https://api.example.com/v1"}], OPENAPI),
        ([], OPENAPI),
        ("not a list", OPENAPI),
    ],
)
def test_the_family_is_read_from_the_server_host(servers, expected):
    assert detect_conventions({"servers": servers}) is expected


def test_a_google_key_header_marks_a_google_api():
    spec = {"components": {"securitySchemes": {"k": {"type": "apiKey", "name": "X-Goog-Api-Key"}}}}
    assert detect_conventions(spec) is GOOGLE


def test_the_gemini_specs_are_detected_as_gemini(apis):
    assert {api.conventions for api in apis.values()} == {GEMINI}


def test_another_familys_package_never_mentions_gemini_or_googles_key(tmp_path):
    result = build_package([write_spec(tmp_path, FAMILY_SPEC)], "pkg")
    assert result.apis[0].conventions is OPENAPI
    text = "\n".join(result.files.values())
    # The runtime still names the error body shape it understands (google.rpc.Status).
    # The upload protocol keeps its x-goog-upload-* header names: it is only used by
    # specs that ask for it (x-media-upload).
    for word in ("Gemini", "GEMINI", "GOOGLE_API_KEY", "x-goog-api-key", 'RetryInfo"'):
        assert word not in text, word
    client = _client_source(result.files)
    assert "def start_job(" in client
    assert "_rt.OperationHandle" not in client  # an `Operation` schema means nothing here
    assert "`api_key` (required; sent only in the `X-Api-Key` header)" in client
    assert "_KEY_ENV_VARS: tuple[str, ...] = ()" in result.files["_runtime/_client_base.py"]
    assert "_RETRY_INFO: str | None = None" in result.files["_runtime/_retry.py"]


def test_the_same_spec_under_google_conventions_gets_an_operation_handle(tmp_path):
    spec = write_spec(tmp_path, FAMILY_SPEC)
    result = build_package([spec], "pkg", conventions="google")
    assert "_rt.OperationHandle[Any, Any]" in _client_source(result.files)
    runtime = result.files["_runtime/_client_base.py"]
    assert '_KEY_ENV_VARS: tuple[str, ...] = ("GOOGLE_API_KEY",)' in runtime
    assert "Gemini" not in "\n".join(result.files.values())


def test_a_client_of_another_family_reads_no_key_from_the_environment(tmp_path):
    out = tmp_path / "out"
    spec = write_spec(tmp_path, FAMILY_SPEC)
    assert (
        run_cli("generate", "--spec", str(spec), "--out", str(out), "--package", "pkg").returncode
        == 0
    )
    probe = (
        "from pkg import v1\n"
        "try:\n"
        "    v1.Client()\n"
        "except ValueError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "GEMINI_API_KEY": "k1", "GOOGLE_API_KEY": "k2", "PYTHONPATH": str(out)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "no API key: pass api_key=..."


def test_the_gemini_client_names_its_key_variables():
    from gemini_api import v1beta  # the committed package

    env_free = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env_free)
        with pytest.raises(ValueError, match="or set GEMINI_API_KEY or GOOGLE_API_KEY"):
            v1beta.Client()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_conventions_can_be_set_in_pyproject(tmp_path):
    spec = write_spec(tmp_path, FAMILY_SPEC)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.gemini-codegen]\nspecs = ["{spec.name}"]\nout = "out"\npackage = "pkg"\n'
        'conventions = "google"\n'
    )
    assert run_cli("generate", cwd=tmp_path).returncode == 0
    client = (tmp_path / "out" / "pkg" / "v1" / "client.py").read_text()
    assert "_rt.OperationHandle[Any, Any]" in client


def test_an_unknown_conventions_setting_is_exit_2(tmp_path):
    spec = write_spec(tmp_path, FAMILY_SPEC)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.gemini-codegen]\nspecs = ["{spec.name}"]\nconventions = "aws"\n'
    )
    done = run_cli("generate", cwd=tmp_path)
    assert done.returncode == 2
    assert "conventions must be one of 'gemini', 'google', 'openapi'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_committed_specs_keep_their_output_under_an_explicit_gemini_setting(built):
    explicit = build_package(list(SPECS), "gemini_api", conventions="gemini", extensions=EXTENSIONS)
    inputs = ".gemini-codegen-inputs"  # the setting is an input: only the fingerprint differs
    assert {k: v for k, v in explicit.files.items() if k != inputs} == {
        k: v for k, v in built.files.items() if k != inputs
    }
