"""`python -m generator diff`: the command around `compare` and `report`.

Imported only when the command runs, so `generate` and `check` never load it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .. import ir
from ..cli_output import EXIT_BAD_INPUT, EXIT_OK
from ..cli_output import print_diagnostics as _print_diagnostics
from ..config import find_pyproject, read_settings
from ..diagnostics import SpecError
from ..handwritten import ExtensionModule, load_extensions
from ..parse import load_apis
from ..surface import build_surface
from .compare import Category, Change, diff_api_sets, diff_apis
from .git import GitRefError, extensions_at_ref, specs_at_ref
from .report import insert_section, render_json, render_markdown, render_text

__all__ = ["run_diff"]

EXIT_BREAKING = 1


def run_diff(args: argparse.Namespace) -> int:
    if bool(args.against) == bool(args.files) or (args.files and len(args.files) != 2):
        usage = "gemini-codegen diff: error: give OLD NEW spec files, or --against GIT_REF"
        print(usage, file=sys.stderr)
        return EXIT_BAD_INPUT
    changes: tuple[Change, ...] | None
    if args.against:
        title = f"API changes since {args.against}"
        pyproject = args.config or find_pyproject(Path.cwd())
        try:
            with tempfile.TemporaryDirectory(prefix="gemini-codegen-diff-") as folder:
                at_ref = specs_at_ref(args.against, pyproject, Path(folder))
                settings = read_settings(pyproject)
                label = f"the specs at {args.against}"
                old = _diff_side(at_ref, label)
                new = _diff_side(list(settings.specs), "the working tree")
                extensions_then = extensions_at_ref(args.against, pyproject, Path(folder))
                old_ext = _extensions_side(extensions_then, old, settings.package, label)
                new_ext = _extensions_side(settings.extensions, new, settings.package, "")
        except GitRefError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        changes = (
            diff_api_sets(old, new, old_ext, new_ext)
            if old is not None and new is not None and old_ext is not None and new_ext is not None
            else None
        )
    else:
        old_path, new_path = args.files
        title = f"API changes from {old_path.name} to {new_path.name}"
        old, new = _diff_side([old_path], str(old_path)), _diff_side([new_path], str(new_path))
        changes = None if old is None or new is None else diff_apis(old[0], new[0])
    if changes is None:
        return EXIT_BAD_INPUT
    if args.format == "markdown":
        sys.stdout.write(render_markdown(changes, title))
    else:
        sys.stdout.write(render_json(changes) if args.format == "json" else render_text(changes))
    if args.changelog:
        _write_changelog(args.changelog, changes, title)
    breaking = any(c.category is Category.BREAKING for c in changes)
    return EXIT_BREAKING if args.fail_on_breaking and breaking else EXIT_OK


def _diff_side(paths: list[Path], label: str) -> list[ir.Api] | None:
    """One side's specs; on a spec problem, its diagnostics as the generator prints them."""
    try:
        return load_apis(paths)[0] if paths else []
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        problems = len(exc.diagnostics)
        print(f"{problems} problem(s) in {label}; nothing was compared", file=sys.stderr)
        return None


def _extensions_side(
    folder: Path | None, apis: list[ir.Api] | None, package: str, label: str
) -> dict[str, ExtensionModule] | None:
    """One side's extension modules; on a problem, its diagnostics and None."""
    if apis is None:
        return None
    try:
        return load_extensions(folder, [build_surface(api) for api in apis], package)
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        where = f" (the extensions of {label})" if label else ""
        print(f"{len(exc.diagnostics)} problem(s){where}; nothing was compared", file=sys.stderr)
        return None


def _write_changelog(path: Path, changes: Sequence[Change], title: str) -> None:
    if not changes:  # an empty entry would only be noise in the changelog
        print(f"no API changes; {path} was left as it was", file=sys.stderr)
        return
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(insert_section(existing, render_markdown(changes, title)), encoding="utf-8")
    print(f"added the section {title!r} to {path}", file=sys.stderr)
