"""The stages in order: spec, parse, render, emit (format). Nothing here writes files.

`build_package` is what `generate` and `check` share: it returns the complete
formatted tree in memory, or raises `SpecError` with every diagnostic found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import ir
from .conventions import PROFILES
from .diagnostics import Diagnostic
from .emit.manifest import INPUTS_NAME, MANIFEST_NAME, Manifest, inputs_fingerprint
from .emit.tree import format_files, read_tree
from .handwritten import load_extensions
from .parse import parse_apis
from .provenance import GENERATOR_DIR
from .render.package import TEMPLATES_DIR, render_package
from .spec import SpecDocument, check_specs
from .spec.validator import SpecValidation
from .surface import build_surface

__all__ = ["BuildResult", "build_package"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: dict[str, str]
    warnings: list[Diagnostic]
    apis: list[ir.Api]


def build_package(
    spec_paths: list[Path],
    package: str,
    strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR,
    previous_dir: Path | None = None,
    conventions: str | None = None,
    ref_roots: Sequence[Path] = (),
    extensions: Path | None = None,
    validation: SpecValidation | None = None,
) -> BuildResult:
    """The whole package in memory. `previous_dir`, the package as it is on disk, lets
    unchanged specs skip validation and unchanged files skip formatting (see manifest).
    `conventions` names a profile of generator/conventions.py; None: detected per spec.
    `ref_roots`: folders besides each spec's own that file references may lead into.
    `extensions`: the folder of hand-written modules copied into the package (handwritten).
    `validation`: openapi-spec-validator's background process, if the caller started it."""
    previous = Manifest.read(previous_dir) if previous_dir is not None else None
    on_disk = read_tree(previous_dir) if previous_dir is not None else None
    already_validated = _validated_by(previous)
    # openapi-spec-validator is the slowest check; it runs beside parsing, rendering and
    # formatting, and nothing is returned (so nothing written) until it has passed.
    with check_specs(spec_paths, strict, already_validated, ref_roots, validation) as specs:
        apis = parse_apis(specs.documents, specs.diagnostics, PROFILES.get(conventions or ""))
        surfaces = [build_surface(api) for api in apis]
        handwritten = load_extensions(extensions, surfaces, package)
        rendered = render_package(surfaces, package, templates_dir, handwritten)
        files, records = format_files(rendered.files, previous, on_disk, rendered.preformatted)
        warnings = specs.finish()
    manifest = Manifest(specs={a.spec_file: a.spec_sha256 for a in apis}, files=records)
    files[MANIFEST_NAME] = manifest.to_json()
    files[INPUTS_NAME] = (
        inputs_fingerprint(
            spec_paths, package, templates_dir, GENERATOR_DIR, conventions, extensions
        )
        + "\n"
    )
    return BuildResult(dict(sorted(files.items())), warnings, apis)


def _validated_by(previous: Manifest | None) -> Callable[[SpecDocument], bool] | None:
    """Specs whose exact bytes passed openapi-spec-validator in the previous run."""
    if previous is None:
        return None
    return lambda document: previous.spec_validated(document.name, document.sha256)
