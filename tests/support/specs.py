"""Shared test helpers: paths, spec files, goldens and the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

TESTS_DIR = Path(__file__).resolve().parents[1]
ROOT = TESTS_DIR.parent
SPECS_DIR = ROOT / "specs"
SPECS = [SPECS_DIR / "v1beta.openapi.yaml", SPECS_DIR / "v1beta3.openapi.yaml"]
GENERATED = ROOT / "generated"
EXTENSIONS = ROOT / "extensions"  # this repository's hand-written extension modules
PACKAGE_DIR = GENERATED / "gemini_api"
GOLDEN_ENUMS = TESTS_DIR / "golden" / "enums"


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
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
