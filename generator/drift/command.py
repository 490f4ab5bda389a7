"""`python -m generator drift REPORT.json`: read the report, parse the specs, print
where each entry belongs. Imported only when the command runs."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from ..cli_output import EXIT_BAD_INPUT, EXIT_OK, print_diagnostics
from ..config import ConfigError, configured_specs
from ..diagnostics import SpecError
from ..parse import parse_apis
from ..spec import check_specs
from .locate import Finding, Verdict, locate_report
from .report import ReportError, read_report

__all__ = ["run_drift"]


def run_drift(args: argparse.Namespace) -> int:
    try:
        report = read_report(args.report)
        specs = configured_specs(args.spec, args.config)
    except (ReportError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with check_specs(specs) as checked:
            apis = parse_apis(checked.documents, checked.diagnostics)
            checked.finish()
            findings = locate_report(report, apis, checked.documents)
    except SpecError as exc:
        print_diagnostics(exc.diagnostics)
        print(f"{len(exc.diagnostics)} problem(s) in the specs", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        print(json.dumps(_as_json(findings, report.dropped), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(_as_text(findings, report.dropped))
    return EXIT_OK


def _as_json(findings: list[Finding], dropped: int) -> dict[str, object]:
    rows = [{**asdict(f), "verdict": f.verdict.value} for f in findings]
    return {"findings": rows, "dropped": dropped}


def _as_text(findings: list[Finding], dropped: int) -> str:
    """One line each, `FILE:LINE: #/pointer: subject (seen N times): note`, like the
    generator's diagnostics, so an editor jumps to the place; then, indented, the JSON
    paths where a field or enum value arrives."""
    lines = []
    for f in findings:
        seen = f"{f.subject} (seen {f.count} time{'s' if f.count != 1 else ''})"
        if f.verdict is Verdict.NOT_IN_SPEC:
            lines.append(f"{seen}: not in the spec: {f.note}")
        else:
            lines.append(f"{f.file}:{f.line}: {f.pointer}: {seen}: {f.note}")
        if f.arrived:
            lines.append(f"    arrived at {f.arrived}")
        lines += [f"    at {path}" for path in f.paths]
        if f.more_paths:
            lines.append(f"    and {f.more_paths} more")
        if not f.paths_complete:
            lines.append("    (the walk of the spec stopped at its bound: there may be more)")
    if not findings:
        lines.append("no drift: the API sent nothing the spec lacks")
    if dropped:
        lines.append(f"{dropped} occurrence(s) past the report's limit were not itemized")
    return "".join(line + "\n" for line in lines)
