"""The manifest written into every generated package: what it was made from, and how.

It records each spec's sha256 and, per file, the hash of the rendered source
before formatting and of the formatted output. With it, regeneration and the
drift check can trust a file on disk whose rendered source has not changed
instead of running black again, and can skip re-validating a spec whose exact
bytes already passed. The manifest is committed with the tree, so this works on
a fresh clone, with no cache anywhere else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import black
import openapi_spec_validator

__all__ = ["MANIFEST_NAME", "FileRecord", "Manifest", "sha256_text"]

MANIFEST_NAME = ".gemini-codegen.json"
_FORMAT = 1


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _black_version() -> str:
    return str(getattr(black, "__version__", "unknown"))


def _tools() -> dict[str, str]:
    # Output and validation depend on these versions; a change invalidates every record.
    validator = getattr(openapi_spec_validator, "__version__", "unknown")
    return {"black": _black_version(), "openapi-spec-validator": validator}


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
