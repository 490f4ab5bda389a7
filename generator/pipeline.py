"""The stages in order: load, validate, parse, render, format. Nothing here writes files.

`build_package` is what `generate` and `check` share: it returns the complete
formatted tree in memory, or raises `SpecError` with every diagnostic found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import ir
from .diagnostics import Diagnostic, Diagnostics, Level, SpecError
from .emit.manifest import INPUTS_NAME, MANIFEST_NAME, Manifest, inputs_fingerprint
from .emit.tree import format_files, read_tree
from .parse import naming
from .parse.parser import parse_api
from .render.package import TEMPLATES_DIR, render_package
from .spec.checks import check_prepared, prepare_document
from .spec.load import SpecDocument, load_spec
from .spec.refs import all_refs_local
from .spec.validator import SpecValidation

__all__ = ["GENERATOR_DIR", "BuildResult", "build_package", "is_up_to_date", "load_apis"]

GENERATOR_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: dict[str, str]
    warnings: list[Diagnostic]
    apis: list[ir.Api]


def load_apis(
    spec_paths: list[Path], strict: bool = False, previous: Manifest | None = None
) -> tuple[list[ir.Api], list[Diagnostic]]:
    """Every spec loaded, validated and parsed; raises SpecError when any has an error."""
    apis, diagnostics, validation = _parse_all(spec_paths, strict, previous)
    try:
        return apis, _finish(diagnostics, validation, strict)
    finally:
        validation.close()


def _parse_all(
    spec_paths: list[Path], strict: bool, previous: Manifest | None
) -> tuple[list[ir.Api], Diagnostics, SpecValidation]:
    """Load, check and parse; openapi-spec-validator keeps running in the background."""
    validation = SpecValidation()
    try:
        apis, diagnostics = _check_and_parse(spec_paths, strict, previous, validation)
    except BaseException:
        validation.close()  # a SpecError has collected its findings already
        raise
    return apis, diagnostics, validation


def _check_and_parse(
    spec_paths: list[Path], strict: bool, previous: Manifest | None, validation: SpecValidation
) -> tuple[list[ir.Api], Diagnostics]:
    diagnostics = Diagnostics()
    documents = []
    for path in spec_paths:
        document = load_spec(path, diagnostics)
        if document is None:
            continue
        known_good = previous is not None and previous.spec_validated(
            document.name, document.sha256
        )
        before = len(diagnostics.items)
        if not prepare_document(document, diagnostics):
            continue
        if not known_good and all_refs_local(document.data):
            validation.start(document)  # it runs beside our own checks and everything after
        refs_ok = check_prepared(document, diagnostics)
        if diagnostics.has_errors_since(before):
            # Already broken: the validator's findings are printed with ours, at once.
            if refs_ok and not known_good:
                diagnostics.items.extend(validation.findings(document).problems(others_found=True))
            else:
                validation.discard(document)
            continue
        documents.append(document)
    if diagnostics.has_errors or (strict and diagnostics.items):
        raise SpecError(sorted(set(diagnostics.items + validation.problems())))
    # Subpackage names come from versions; sorting first makes them independent of
    # the order the specs were given in.
    documents.sort(key=lambda d: (_version(d), d.name))
    modules = naming.NameRegistry()
    apis = [
        parse_api(d, modules.claim(naming.module_name(_version(d) or d.path.stem)), diagnostics)
        for d in documents
    ]
    return apis, diagnostics


def _finish(diagnostics: Diagnostics, validation: SpecValidation, strict: bool) -> list[Diagnostic]:
    """Wait for the validator; raise SpecError on any error. Returns the warnings."""
    diagnostics.items.extend(validation.problems())
    if diagnostics.has_errors or (strict and diagnostics.items):
        raise SpecError(diagnostics.sorted())
    return [d for d in diagnostics.sorted() if d.level is Level.WARNING]


def _version(document: SpecDocument) -> str:
    info = document.data.get("info")
    return str(info.get("version", "")) if isinstance(info, dict) else ""


def build_package(
    spec_paths: list[Path],
    package: str,
    strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR,
    previous_dir: Path | None = None,
) -> BuildResult:
    """The whole package in memory. `previous_dir`, the package as it is on disk, lets
    unchanged specs skip validation and unchanged files skip formatting (see manifest)."""
    previous = Manifest.read(previous_dir) if previous_dir is not None else None
    on_disk = read_tree(previous_dir) if previous_dir is not None else None
    # openapi-spec-validator is the slowest check; it runs beside rendering and
    # formatting, and nothing is returned (so nothing written) until it has passed.
    apis, diagnostics, validation = _parse_all(spec_paths, strict, previous)
    try:
        rendered = render_package(apis, package, templates_dir)
        files, records = format_files(rendered.files, previous, on_disk, rendered.preformatted)
        warnings = _finish(diagnostics, validation, strict)
    finally:
        validation.close()  # only does something when a stage above raised
    manifest = Manifest(specs={a.spec_file: a.spec_sha256 for a in apis}, files=records)
    files[MANIFEST_NAME] = manifest.to_json()
    files[INPUTS_NAME] = (
        inputs_fingerprint(spec_paths, package, templates_dir, GENERATOR_DIR) + "\n"
    )
    return BuildResult(dict(sorted(files.items())), warnings, apis)


def is_up_to_date(
    spec_paths: list[Path], package: str, package_dir: Path, templates_dir: Path = TEMPLATES_DIR
) -> bool:
    """True when nothing the tree was made from has changed and nobody edited the tree.

    Deterministic output makes this safe: same inputs, same files. It needs no
    parsing, rendering or formatting, so the drift check stays fast on a fresh clone.
    """
    try:
        stored = (package_dir / INPUTS_NAME).read_text(encoding="utf-8").strip()
        current = inputs_fingerprint(spec_paths, package, templates_dir, GENERATOR_DIR)
    except OSError:
        return False  # a missing spec or tree: the full run reports it
    return stored == current and Manifest.read(package_dir).describes(read_tree(package_dir))
