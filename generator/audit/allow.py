"""The allow-list (`specs/audit-allow.yaml`): deliberate differences, each with a reason.

    allow:
      - key: 'v1beta3:field:Status.status'
        reason: the JSON error envelope carries the status name; google.rpc.Status has none

Keys are the ones the report prints. An allowed finding does not fail the audit and is
listed apart; an entry that matches nothing is stale and reported as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, join_pointer
from ..spec.load import load_spec
from .findings import Finding

__all__ = ["AllowEntry", "Verdict", "apply_allow_list", "read_allow_list"]


@dataclass(frozen=True, slots=True)
class AllowEntry:
    key: str
    reason: str
    file: str
    line: int
    pointer: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Findings split by the allow-list: `open` count, `allowed` carry their reason."""

    open: tuple[Finding, ...]
    allowed: tuple[tuple[Finding, str], ...]
    stale: tuple[AllowEntry, ...]


def read_allow_list(path: Path, diagnostics: Diagnostics, required: bool) -> list[AllowEntry]:
    """The entries of `path`; a missing default file is simply an empty list."""
    if not path.exists() and not required:
        return []
    document = load_spec(path, diagnostics)
    if document is None:
        return []
    entries = document.data.get("allow", [])
    if not isinstance(entries, list):
        diagnostics.error(document.name, "#/allow", "must be a list of {key, reason}", 1)
        return []
    result = []
    for index, entry in enumerate(entries):
        pointer = join_pointer("#/allow", index)
        line = document.line_of(pointer)
        key = entry.get("key") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not isinstance(reason, str) or not reason.strip():
            diagnostics.error(
                document.name, pointer, "each entry needs a string `key` and a `reason`", line
            )
            continue
        result.append(AllowEntry(key, reason.strip(), document.name, line, pointer))
    return result


def apply_allow_list(
    findings: Sequence[Finding], entries: Sequence[AllowEntry], versions: Sequence[str]
) -> Verdict:
    """Split `findings`; entries of versions that were not audited are not called stale."""
    reasons = {entry.key: entry.reason for entry in entries}
    open_findings = tuple(f for f in findings if f.key not in reasons)
    allowed = tuple((f, reasons[f.key]) for f in findings if f.key in reasons)
    used = {f.key for f in findings}
    stale = tuple(
        e for e in entries if e.key not in used and e.key.split(":", 1)[0] in set(versions)
    )
    return Verdict(open_findings, allowed, stale)
