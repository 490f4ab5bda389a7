"""Command line: `python -m generator {generate,check,validate}` (also `gemini-codegen`).

Exit codes: 0 ok, 1 stale (check), 2 bad input or usage. Spec problems are
printed as `FILE:LINE: #/json/pointer: message`, all at once, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import ir
from .config import ConfigError, Settings, find_pyproject, read_settings
from .diagnostics import Diagnostic, Diagnostics, SpecError
from .diff import Category, Change, diff_api_sets, diff_apis
from .diff_report import insert_section, render_json, render_markdown, render_text
from .emit import FormatError, UnsafeTargetError, compare_tree, write_tree
from .git_snapshot import GitRefError, specs_at_ref
from .loader import load_spec
from .manifest import INPUTS_NAME
from .pipeline import build_package, is_up_to_date, load_apis
from .render import TEMPLATES_DIR, RenderError
from .validate import validate_document

__all__ = ["main"]

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gemini-codegen", description="Generate Python bindings from OpenAPI specs."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_text in (
        ("generate", "write the generated package"),
        ("check", "exit 1 when the generated package on disk is stale"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--spec", action="append", type=Path, help="spec file (repeatable)")
        command.add_argument(
            "--out", type=Path, help="output folder (default: from pyproject.toml)"
        )
        command.add_argument("--package", help="package name (default: from pyproject.toml)")
        command.add_argument("--config", type=Path, help="pyproject.toml to read settings from")
        command.add_argument("--strict", action="store_true", help="treat warnings as errors")
        command.add_argument(
            "--templates", type=Path, help="folder of custom templates (default: the bundled ones)"
        )
    validate = commands.add_parser("validate", help="check spec files and print diagnostics")
    validate.add_argument("files", nargs="+", type=Path)
    _add_diff_command(commands)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    if args.spec:
        out = args.out or Path("generated")
        package = args.package or "gemini_api"
        if not package.isidentifier():
            raise ConfigError(f"--package {package!r} is not a Python identifier")
        return Settings(tuple(args.spec), out, package)
    pyproject = args.config or find_pyproject(Path.cwd())
    settings = read_settings(pyproject)
    if args.out or args.package:
        return Settings(settings.specs, args.out or settings.out, args.package or settings.package)
    return settings


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _generate(args: argparse.Namespace, write: bool) -> int:
    settings = _settings(args)
    target = settings.package_dir
    templates = args.templates or TEMPLATES_DIR
    if not args.strict and is_up_to_date(list(settings.specs), settings.package, target, templates):
        print(f"{target} is up to date")
        return EXIT_OK
    result = build_package(
        list(settings.specs),
        settings.package,
        strict=args.strict,
        templates_dir=templates,
        previous_dir=target,
    )
    _print_diagnostics(result.warnings)
    if write:
        write_tree(target, result.files)
        print(f"wrote {len(result.files)} files to {target}")
        return EXIT_OK
    diff = compare_tree(result.files, target, str(target), ignore={INPUTS_NAME})
    if diff:
        sys.stdout.writelines(diff)
        print(
            f"{target} is stale: run `make generate` (python -m generator generate)",
            file=sys.stderr,
        )
        return EXIT_STALE
    print(f"{target} is up to date")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    diagnostics = Diagnostics()
    for path in args.files:
        document = load_spec(path, diagnostics)
        if document is not None:
            validate_document(document, diagnostics)
    _print_diagnostics(diagnostics.sorted())
    if diagnostics.has_errors:
        return EXIT_BAD_INPUT
    print(f"{len(args.files)} spec(s) valid")
    return EXIT_OK


_EXIT_BREAKING = 1  # diff --fail-on-breaking


def _add_diff_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="report what changed in the generated Python API between two spec versions",
        description="Compare two spec files (OLD NEW), or the configured specs at a git ref "
        "with the working tree (--against). Exit 1 with --fail-on-breaking when anything "
        "is breaking, 2 on bad input.",
    )
    add = diff.add_argument
    add("files", nargs="*", type=Path, metavar="SPEC", help="OLD and NEW spec files")
    add("--against", metavar="GIT_REF", help="compare the specs at GIT_REF with the working tree")
    add("--config", type=Path, help="pyproject.toml listing the specs (with --against)")
    add("--format", choices=("text", "markdown", "json"), default="text")
    add("--fail-on-breaking", action="store_true", help="exit 1 when anything is breaking")
    add("--changelog", type=Path, metavar="FILE", help="insert the markdown section into FILE")


def _diff(args: argparse.Namespace) -> int:
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
                old = _diff_side(at_ref, f"the specs at {args.against}")
                new = _diff_side(list(read_settings(pyproject).specs), "the working tree")
        except GitRefError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        changes = None if old is None or new is None else diff_api_sets(old, new)
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
    return _EXIT_BREAKING if args.fail_on_breaking and breaking else EXIT_OK


def _diff_side(paths: list[Path], label: str) -> list[ir.Api] | None:
    """One side's specs; on a spec problem, its diagnostics as the generator prints them."""
    try:
        return load_apis(paths)[0] if paths else []
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        problems = len(exc.diagnostics)
        print(f"{problems} problem(s) in {label}; nothing was compared", file=sys.stderr)
        return None


def _write_changelog(path: Path, changes: Sequence[Change], title: str) -> None:
    if not changes:  # an empty entry would only be noise in the changelog
        print(f"no API changes; {path} was left as it was", file=sys.stderr)
        return
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(insert_section(existing, render_markdown(changes, title)), encoding="utf-8")
    print(f"added the section {title!r} to {path}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    # Deeply nested inline schemas recurse a few frames per level in the parser.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    try:
        if args.command == "diff":
            return _diff(args)
        if args.command == "validate":
            return _validate(args)
        return _generate(args, write=args.command == "generate")
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.level.value == "error") or len(exc.diagnostics)
        print(f"{errors} problem(s); nothing was written", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ConfigError, UnsafeTargetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FormatError, RenderError) as exc:
        # Custom templates can produce these too, so they are reported like bad input.
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return 130
