"""`python -m generator audit`: read the sources and our specs, pair them by version,
compare, filter through the allow-list, print, and optionally write a skeleton.

Imported only when the command runs. Exit 0 when nothing is missing, 1 when our spec
lacks something that is not allowed, 2 when a spec, source or allow-list is unreadable.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..cli_output import EXIT_BAD_INPUT, EXIT_OK, print_diagnostics
from ..config import ConfigError, configured_specs
from ..diagnostics import Diagnostics
from ..spec.load import load_spec
from .allow import apply_allow_list, read_allow_list
from .arguments import DEFAULT_ALLOW_LIST
from .compare import audit_surfaces
from .findings import VersionAudit
from .model import ApiSurface
from .ours import read_our_spec
from .report import render_json, render_markdown, render_text
from .skeleton import write_skeletons
from .sources import read_source

__all__ = ["EXIT_MISSING", "run_audit"]

EXIT_MISSING = 1


def run_audit(args: argparse.Namespace) -> int:
    diagnostics = Diagnostics()
    try:
        spec_paths = configured_specs(args.specs, args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    sources = [s for s in (read_source(a, diagnostics) for a in args.against) if s is not None]
    ours: dict[str, tuple[ApiSurface, Path]] = {}
    documents = {}
    for path in spec_paths:
        document = load_spec(path, diagnostics)
        if document is not None:
            surface = read_our_spec(document)
            ours[surface.version] = (surface, path)
            documents[surface.version] = document
    allow_path = args.allow or DEFAULT_ALLOW_LIST
    entries = read_allow_list(allow_path, diagnostics, required=args.allow is not None)
    audits = []
    for source in sources if not diagnostics.has_errors else ():
        if source.version not in ours:
            known = ", ".join(sorted(ours)) or "none"
            diagnostics.error(
                source.origin, "#",
                f"no spec has info.version {source.version!r} (the specs have: {known})",
            )  # fmt: skip
            continue
        surface, path = ours[source.version]
        findings = audit_surfaces(surface, source, documents[source.version])
        shown = os.path.relpath(path) if path.is_absolute() else str(path)
        audits.append(VersionAudit(source.version, shown, source.origin, tuple(findings)))
    if diagnostics.has_errors:
        print_diagnostics(diagnostics.sorted())
        print("the audit could not run; nothing was compared", file=sys.stderr)
        return EXIT_BAD_INPUT
    verdict = apply_allow_list(
        [f for a in audits for f in a.findings], entries, [a.version for a in audits]
    )
    render = {"markdown": render_markdown, "json": render_json}.get(args.format, render_text)
    sys.stdout.write(render(audits, verdict))
    if args.skeleton:
        missing = {f.key for f in verdict.open if f.fails}
        for written in write_skeletons(args.skeleton, audits, sources, ours, missing):
            print(f"wrote {written}", file=sys.stderr)
    return EXIT_MISSING if any(f.fails for f in verdict.open) else EXIT_OK
