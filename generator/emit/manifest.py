"""The manifest written into every generated package: what it was made from, and how.

It records each spec's sha256 and, per file, the hash of the rendered source
before formatting and of the formatted output. With it, regeneration and the
drift check can trust a file on disk whose rendered source has not changed
instead of running black again, and can skip re-validating a spec whose exact
bytes already passed. The manifest is committed with the tree, so this works on
a fresh clone, with no cache anywhere else.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "INPUTS_NAME",
    "MANIFEST_NAME",
    "FileRecord",
    "Manifest",
    "inputs_fingerprint",
    "sha256_text",
]

MANIFEST_NAME = ".gemini-codegen.json"
# The fingerprint of everything the tree was made from. A cache key, not output:
# the drift check does not compare it, so a generator refactor that changes no
# output does not make the tree stale; it only costs one slower check.
INPUTS_NAME = ".gemini-codegen-inputs"
_FORMAT = 1


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _version(distribution: str) -> str:
    # Read from package metadata, not by importing black and the validator: that costs
    # more than a whole warm run is allowed to take. The version is in the name of the
    # installed distribution's `.dist-info` folder; importlib.metadata, which would read
    # the same, takes a sixth of a warm `check` just to import.
    prefix = distribution.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix) : -len(".dist-info")]
    return _metadata_version(distribution)  # another layout (an egg, a zip): ask the library


def _metadata_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def _tools() -> dict[str, str]:
    # Output and validation depend on these versions; a change invalidates every record.
    return {
        "black": _version("black"),
        "openapi-spec-validator": _version("openapi-spec-validator"),
    }


@dataclass(frozen=True, slots=True)
class FileRecord:
    source: str  # sha256 of the rendered, unformatted text
    output: str  # sha256 of the file as written


@dataclass(frozen=True, slots=True)
class Manifest:
    specs: dict[str, str] = field(default_factory=dict)  # spec file name -> sha256
    files: dict[str, FileRecord] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=_tools)

    def trusts_tools(self) -> bool:
        return self.tools == _tools()

    def spec_validated(self, name: str, sha256: str) -> bool:
        return self.trusts_tools() and self.specs.get(name) == sha256

    def reusable_output(self, path: str, source: str, on_disk: str | None) -> str | None:
        """The file on disk, when it is exactly what formatting `source` produced before."""
        record = self.files.get(path)
        if on_disk is None or record is None or not self.trusts_tools():
            return None
        if record.source == sha256_text(source) and record.output == sha256_text(on_disk):
            return on_disk
        return None

    def describes(self, tree: dict[str, str]) -> bool:
        """Whether `tree` (the files on disk) is exactly the output this manifest records."""
        if not self.files or not self.trusts_tools():
            return False
        if set(tree) != set(self.files) | {MANIFEST_NAME, INPUTS_NAME}:
            return False
        return all(
            path in tree and sha256_text(tree[path]) == record.output
            for path, record in self.files.items()
        )

    def to_json(self) -> str:
        data = {
            "format": _FORMAT,
            "generator": "gemini-codegen",
            "tools": self.tools,
            "specs": dict(sorted(self.specs.items())),
            "files": {
                path: {"source": r.source, "output": r.output}
                for path, r in sorted(self.files.items())
            },
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data: Any = json.loads(text)
            if data.get("format") != _FORMAT:
                return cls(tools={})
            files = {
                str(p): FileRecord(str(r["source"]), str(r["output"]))
                for p, r in data["files"].items()
            }
            return cls(dict(data["specs"]), files, dict(data["tools"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return cls(tools={})  # unreadable: trust nothing, regenerate everything

    @classmethod
    def read(cls, package_dir: Path) -> Manifest:
        try:
            return cls.from_json((package_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except OSError:
            return cls(tools={})


def inputs_fingerprint(
    specs: list[Path],
    package: str,
    templates_dir: Path,
    generator_dir: Path,
    conventions: str | None = None,
    extensions: Path | None = None,
) -> str:
    """sha256 over every input of a run: settings, spec bytes, templates, generator code,
    tools, and the hand-written extension modules."""
    digest = hashlib.sha256()
    digest.update(f"package={package}\n".encode())
    if conventions is not None:
        digest.update(f"conventions={conventions}\n".encode())
    if extensions is not None:
        # A missing folder fingerprints as empty; the full run then reports it.
        digest.update(b"extensions\n")
        for path in sorted(extensions.glob("*.py")):
            digest.update(f"extension {path.name}\n".encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps(_tools(), sort_keys=True).encode())
    for path in sorted(specs, key=lambda p: p.name):
        digest.update(f"spec {path.name}\n".encode())
        digest.update(path.read_bytes())
    for folder, pattern in ((templates_dir, "*"), (generator_dir, "*.py")):
        for path in sorted(
            p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(f"file {path.relative_to(folder).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
