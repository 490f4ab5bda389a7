"""The audit as text, markdown or JSON: per version, what fails, the warnings, what the
allow-list excused, and the allow-list entries that matched nothing."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .allow import Verdict
from .findings import Finding, VersionAudit

__all__ = ["render_json", "render_markdown", "render_text"]


def _location(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return f"{where}: {finding.pointer}"


def _label(finding: Finding) -> str:
    prefix = "" if finding.fails else "warning: "
    return f"{prefix}{finding.change} {finding.kind}: {finding.message}"


def _summary(verdict: Verdict) -> str:
    failing = sum(1 for f in verdict.open if f.fails)
    warnings = len(verdict.open) - failing
    return (
        f"{failing} missing, {warnings} warning(s), {len(verdict.allowed)} allowed, "
        f"{len(verdict.stale)} stale allow-list entr{'y' if len(verdict.stale) == 1 else 'ies'}"
    )


def render_text(audits: Sequence[VersionAudit], verdict: Verdict) -> str:
    lines = []
    for audit in audits:
        lines.append(f"{audit.version}: {audit.spec} against {audit.source}")
        open_keys = {f.key for f in verdict.open}
        for finding in (f for f in audit.findings if f.key in open_keys):
            lines.append(f"  {_location(finding)}: {_label(finding)}  [{finding.key}]")
        allowed = [(f, r) for f, r in verdict.allowed if f.version == audit.version]
        if allowed:
            lines.append("  allowed:")
            lines.extend(f"    {f.key}: {reason}" for f, reason in allowed)
    if verdict.stale:
        lines.append("stale allow-list entries (they match nothing):")
        lines.extend(
            f"  {e.file}:{e.line}: {e.pointer}: warning: {e.key} matches nothing"
            for e in verdict.stale
        )
    lines.append(_summary(verdict))
    return "\n".join(lines) + "\n"


def render_markdown(audits: Sequence[VersionAudit], verdict: Verdict) -> str:
    lines = ["# Spec audit", ""]
    open_keys = {f.key for f in verdict.open}
    for audit in audits:
        lines += [f"## {audit.version}", "", f"`{audit.spec}` against `{audit.source}`.", ""]
        rows = [f for f in audit.findings if f.key in open_keys]
        if rows:
            lines += ["| | item | where | key |", "|---|---|---|---|"]
            lines += [
                f"| {'❌' if f.fails else '⚠️'} | {f.change} {f.kind}: {_cell(f.message)} "
                f"| `{f.file}:{f.line}` `{f.pointer}` | `{f.key}` |"
                for f in rows
            ]
            lines.append("")
        allowed = [(f, r) for f, r in verdict.allowed if f.version == audit.version]
        if allowed:
            lines += ["Allowed:", ""]
            lines += [f"- `{f.key}`: {_cell(reason)}" for f, reason in allowed]
            lines.append("")
    if verdict.stale:
        lines += ["## Stale allow-list entries", ""]
        lines += [f"- `{e.key}` (`{e.file}:{e.line}`)" for e in verdict.stale]
        lines.append("")
    lines += [_summary(verdict), ""]
    return "\n".join(lines)


def render_json(audits: Sequence[VersionAudit], verdict: Verdict) -> str:
    open_keys = {f.key for f in verdict.open}
    reasons = {f.key: r for f, r in verdict.allowed}
    versions = []
    for audit in audits:
        items = []
        for f in audit.findings:
            item = {
                "key": f.key, "change": f.change, "kind": f.kind, "fails": f.fails,
                "file": f.file, "line": f.line, "pointer": f.pointer,
                "message": f.message, "source": f.source,
                "status": "open" if f.key in open_keys else "allowed",
            }  # fmt: skip
            if f.key in reasons:
                item["reason"] = reasons[f.key]
            items.append(item)
        versions.append(
            {"version": audit.version, "spec": audit.spec, "source": audit.source, "items": items}
        )
    stale = [{"key": e.key, "file": e.file, "line": e.line} for e in verdict.stale]
    failed = any(f.fails for f in verdict.open)
    document = {"versions": versions, "stale": stale, "failed": failed}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
