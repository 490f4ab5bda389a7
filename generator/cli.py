"""Command line: `python -m generator {generate,check,validate,diff,audit,drift}` (also `gemini-codegen`).

Exit codes: 0 ok, 1 stale (check), 2 bad input or usage. Spec problems are
printed as `FILE:LINE: #/json/pointer: message` (or `--format json|github`), all at
once, without a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .cli_output import (
    DIAGNOSTICS_FORMATS,
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    print_diagnostics,
)
from .config import ConfigError, Settings, find_pyproject, read_settings, resolve_settings
from .conventions import PROFILES
from .diagnostics import Diagnostic, SpecError
from .emit.freshness import is_up_to_date, specs_validated
from .emit.manifest import INPUTS_NAME
from .emit.output import OutputBusyError, open_output
from .emit.tree import FormatError, OutputError, compare_tree, write_tree
from .render.errors import RenderError
from .runtime_api import TEMPLATES_DIR

__all__ = ["main"]

EXIT_STALE = 1


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
        command.add_argument(
            "--extensions",
            type=Path,
            help="folder of hand-written extension modules (default: from pyproject.toml)",
        )
        command.add_argument(
            "--conventions",
            choices=sorted(PROFILES),
            help="the API family's conventions (default: from pyproject.toml, else detected)",
        )
        _add_format_argument(command)
    validate = commands.add_parser("validate", help="check spec files and print diagnostics")
    validate.add_argument("files", nargs="+", type=Path)
    _add_format_argument(validate)
    _add_diff_command(commands)
    from .audit.arguments import add_audit_command  # only argparse: no reader is loaded

    add_audit_command(commands)
    from .drift.arguments import add_drift_command

    add_drift_command(commands)
    return parser


def _add_format_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        dest="diagnostics_format",
        choices=DIAGNOSTICS_FORMATS,
        default="text",
        help="diagnostics as text lines (standard error), a JSON list (standard output, "
        "alone) or GitHub Actions annotations (standard output)",
    )


def _print_diagnostics(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> None:
    fmt = getattr(args, "diagnostics_format", "text")
    print_diagnostics(diagnostics, fmt, getattr(args, "diagnostics_stream", None))


def _settings(args: argparse.Namespace) -> Settings:
    return resolve_settings(
        args.spec, args.out, args.package, args.conventions, args.config, args.extensions
    )


def _generate(args: argparse.Namespace, write: bool) -> int:
    settings = _settings(args)
    with open_output(settings.out, settings.package_dir, write) as recovered:
        for message in recovered:
            print(message, file=sys.stderr)
        return _build(args, settings, write)


def _build(args: argparse.Namespace, settings: Settings, write: bool) -> int:
    target = settings.package_dir
    templates = args.templates or TEMPLATES_DIR
    if not args.strict and is_up_to_date(
        list(settings.specs),
        settings.package,
        target,
        templates,
        settings.conventions,
        settings.extensions,
    ):
        _print_diagnostics([], args)
        print(f"{target} is up to date")
        return EXIT_OK
    # openapi-spec-validator's process starts first, so that its slow import overlaps the
    # pipeline's; the pipeline is imported on use: an up-to-date tree needs none of it.
    from .spec.validator import SpecValidation

    validation = SpecValidation(early=not specs_validated(list(settings.specs), target))
    try:
        from .pipeline import build_package

        result = build_package(
            list(settings.specs),
            settings.package,
            strict=args.strict,
            templates_dir=templates,
            previous_dir=target,
            conventions=settings.conventions,
            ref_roots=settings.ref_roots,
            extensions=settings.extensions,
            validation=validation,
        )
    finally:
        validation.close()  # its child is done already, unless something stopped the build
    _print_diagnostics(result.warnings, args)
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


def _ref_roots() -> tuple[Path, ...]:
    """`validate` takes no settings file, but honours the ref_roots of the one above it."""
    try:
        return read_settings(find_pyproject(Path.cwd())).ref_roots
    except ConfigError:
        return ()


def _validate(args: argparse.Namespace) -> int:
    try:
        from .spec import check_specs

        with check_specs(args.files, ref_roots=_ref_roots()) as specs:
            warnings = specs.finish()
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics, args)
        return EXIT_BAD_INPUT
    _print_diagnostics(warnings, args)
    print(f"{len(args.files)} spec(s) valid")
    return EXIT_OK


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


def run() -> NoReturn:
    """The command (`gemini-codegen`, `python -m generator`): `main`, then `end_process`."""
    try:
        code = main()
    except BrokenPipeError:  # the reader went away (`| head`): nobody is left to tell
        code = EXIT_BROKEN_PIPE
    end_process(code)


def end_process(code: int) -> NoReturn:
    """Exit without tearing the interpreter down: freeing a run's millions of objects one
    by one takes a tenth of a second, and every file is closed by the time `main`
    returns. A child still running is ended here, since multiprocessing's exit handler,
    which would end it, does not run."""
    multiprocessing = sys.modules.get("multiprocessing")  # imported only by a full build
    for child in multiprocessing.active_children() if multiprocessing else ():
        child.terminate()
        child.join()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # what could not be written is lost either way
            code = code or EXIT_BROKEN_PIPE
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    if getattr(args, "diagnostics_format", "text") != "json":
        return _main(args)
    # Standard output carries the JSON list alone; every other line goes to standard error.
    args.diagnostics_stream = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    # Deeply nested inline schemas recurse a few frames per level in the parser.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    # A run allocates millions of objects that live to its end (documents, IR, source,
    # syntax trees) and makes few cycles; collecting less often saves about 7% on a
    # large spec.
    gc.set_threshold(100_000, 50, 100)
    try:
        if args.command == "diff":
            from .diff.command import run_diff  # imported on use: generate and check stay lean

            return run_diff(args)
        if args.command == "audit":
            from .audit.command import run_audit  # imported on use, like diff

            return run_audit(args)
        if args.command == "drift":
            from .drift.command import run_drift  # imported on use, like diff

            return run_drift(args)
        if args.command == "validate":
            return _validate(args)
        return _generate(args, write=args.command == "generate")
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics, args)
        errors = sum(1 for d in exc.diagnostics if d.level.value == "error") or len(exc.diagnostics)
        written = "; nothing was written" if args.command == "generate" else ""
        print(f"{errors} problem(s){written}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputBusyError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ConfigError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FormatError, RenderError) as exc:
        # Custom templates can produce these too, so they are reported like bad input.
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; the output folder was left as it was", file=sys.stderr)
        return EXIT_INTERRUPTED
