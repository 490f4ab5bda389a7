"""Shared test helpers: paths, the CLI in a subprocess, and one in-memory build per worker."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPECS_DIR = ROOT / "specs"
SPECS = [SPECS_DIR / "v1beta.openapi.yaml", SPECS_DIR / "v1beta3.openapi.yaml"]
GENERATED = ROOT / "generated"
PACKAGE_DIR = GENERATED / "gemini_api"
GOLDEN_ENUMS = Path(__file__).parent / "golden" / "enums"

# Tests never read or fill the user's formatting cache (generator/formatting.py).
os.environ.setdefault("GEMINI_CODEGEN_CACHE", tempfile.mkdtemp(prefix="gemini-codegen-cache-"))

# The committed package is importable as `gemini_api` in every test.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_spec(folder: Path, text: str, name: str = "spec.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def golden_enums() -> dict[tuple[str, str], list[str]]:
    """(version, enum name) -> values, from the hand-written golden files."""
    goldens = {}
    for path in sorted(GOLDEN_ENUMS.glob("*.txt")):
        version, name = path.stem.split(".", 1)
        goldens[(version, name)] = path.read_text(encoding="utf-8").split()
    return goldens


@pytest.fixture(scope="session")
def built():
    from generator.pipeline import build_package

    return build_package(list(SPECS), "gemini_api")


@pytest.fixture(scope="session")
def apis(built):
    return {api.module: api for api in built.apis}


MINIMAL_SPEC = """\
openapi: 3.1.0
info: {title: Tiny, version: v1}
servers: [{url: "https://example.invalid/v1"}]
paths:
  /things/{thing}:
    get:
      operationId: getThing
      parameters:
        - {name: thing, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
"""
