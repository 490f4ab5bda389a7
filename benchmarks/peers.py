"""The peer tools' virtualenv, `benchmarks/.peers/`: created once, reused after.

The peers are never dependencies of the project: they live in their own venv
(gitignored) and run there as subprocesses. Versions are pinned so that two
runs of the benchmark compare the same things; black is pinned to the version
the generator itself uses, so datamodel-code-generator formats with the same
black as we do.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

__all__ = ["PEERS_DIR", "REQUIREMENTS", "ensure_peers", "peer_python", "peer_versions"]

HERE = Path(__file__).resolve().parent
PEERS_DIR = HERE / ".peers"
REQUIREMENTS = (
    "openapi-python-client==0.29.1",  # formats its output with ruff, its own dependency
    "datamodel-code-generator==0.89.0",
    "black==26.10.1",  # the version the generator pins (pyproject.toml)
    "google-genai==3.3.0",
    "google-ai-generativelanguage==0.12.1",  # proto-plus messages
)
_STAMP = PEERS_DIR / ".requirements-sha256"
_DISTRIBUTIONS = (
    "openapi-python-client",
    "datamodel-code-generator",
    "black",
    "ruff",
    "google-genai",
    "pydantic",
    "google-ai-generativelanguage",
    "proto-plus",
    "protobuf",
)


def peer_python() -> Path:
    return PEERS_DIR / "bin" / "python"


def _wanted() -> str:
    return hashlib.sha256("\n".join(REQUIREMENTS).encode()).hexdigest()


def ensure_peers(log: object = print) -> Path:
    """The peer venv's python, installing the peers first when the venv is missing or stale."""
    python = peer_python()
    if python.exists() and _STAMP.exists() and _STAMP.read_text().strip() == _wanted():
        return python
    say = log if callable(log) else print
    say(f"setting up the peer venv {PEERS_DIR} (once; reused after) ...")
    # Built from the interpreter the benchmark runs on, so both sides use one Python.
    base = getattr(sys, "_base_executable", sys.executable)
    if not python.exists():
        subprocess.run([base, "-m", "venv", str(PEERS_DIR)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *REQUIREMENTS], check=True)
    _STAMP.write_text(_wanted() + "\n")
    return python


def peer_versions(python: Path) -> dict[str, str]:
    """Installed versions of the peer distributions, for the report."""
    script = (
        "import json, sys\n"
        "from importlib.metadata import version, PackageNotFoundError\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        out[name] = version(name)\n"
        "    except PackageNotFoundError:\n"
        "        out[name] = 'missing'\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script, *_DISTRIBUTIONS], capture_output=True, text=True, check=True
    )
    versions: dict[str, str] = json.loads(done.stdout)
    return versions


if __name__ == "__main__":
    print(json.dumps(peer_versions(ensure_peers()), indent=2))
