"""Stage 4, render: IR to unformatted Python source, one string per output file.

Each API arrives as its surface (`surface.build_surface`, built once by the
pipeline and shared with the extension checks), which becomes typed views
(`views`, `method_views`: names, finished type snippets, escaped docstrings)
that the Jinja templates only loop over, branch on and include. The runtime
support package is copied from `templates/runtime/` with a header and the API
family's constants (`runtime`), so the output depends on nothing but the
standard library and httpx.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import ir
from ..conventions import OPENAPI, Conventions
from ..handwritten import EXTENSIONS_MODULE, ExtensionModule
from ..provenance import file_header
from ..runtime_api import TEMPLATES_DIR, drift_names
from ..style.literals import comment_safe
from ..surface import ApiSurface
from .errors import RenderError
from .reference import reference_view
from .runtime import with_constants
from .views import PackageView, api_view, errors_view

__all__ = ["TEMPLATES_DIR", "RenderError", "Rendered", "render_package"]


def _environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """Relative path -> source, in sorted path order, and which files need no formatting.

    The runtime files are copied verbatim and kept black-formatted in `templates/runtime`
    (a test checks it), so formatting them again on every run would be wasted work. The
    hand-written extension modules are copied as they are too: they are their authors'
    code, already parsed (so their syntax is known good) when they were checked.
    """

    files: dict[str, str]
    preformatted: frozenset[str]


def render_package(
    surfaces: Sequence[ApiSurface],
    package: str,
    templates_dir: Path = TEMPLATES_DIR,
    extensions: Mapping[str, ExtensionModule] | None = None,
) -> Rendered:
    """Every file of the package, unformatted but for the copied ones, from the surface of
    each API. `extensions`, the checked hand-written modules by API module, are copied in
    and their mixins applied."""
    try:
        return _render_package(surfaces, package, templates_dir, extensions or {})
    except jinja2.TemplateError as exc:
        raise RenderError(f"{_template_location(exc)}: {type(exc).__name__}: {exc}") from None


def _template_location(exc: jinja2.TemplateError) -> str:
    """`file:line` of the failing template: from the error, else from the traceback,
    where Jinja puts template frames under the template's own file name."""
    filename = getattr(exc, "filename", None)
    if filename:
        return f"{Path(filename).name}:{getattr(exc, 'lineno', '?')}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".jinja"):
            return f"{Path(frame.filename).name}:{frame.lineno}"
    return "a template"


def _render_package(
    surfaces: Sequence[ApiSurface],
    package: str,
    templates_dir: Path,
    extensions: Mapping[str, ExtensionModule],
) -> Rendered:
    env = _environment(templates_dir)
    surfaces = sorted(surfaces, key=lambda s: s.module)
    apis = [s.api for s in surfaces]
    shared_header = _header(apis)
    views = tuple(api_view(s, extensions.get(s.module)) for s in surfaces)
    summary = _package_summary(apis)
    root = PackageView(shared_header, package, summary, views, errors_view(), drift_names())
    files: dict[str, str] = {}
    verbatim = {"py.typed"}  # taken as they are, never formatted (see Rendered)
    files["__init__.py"] = env.get_template("package_init.py.jinja").render(root=root)
    files["py.typed"] = ""
    files.update(_runtime_files(templates_dir, shared_header, _package_conventions(apis)))
    files["errors.py"] = env.get_template("errors.py.jinja").render(root=root)
    files["drift.py"] = env.get_template("drift.py.jinja").render(root=root)
    for api, view, surface in zip(apis, views, surfaces, strict=True):
        context = {"header": _header([api]), "api": view}
        for kind in ("models", "enums", "client"):
            files[f"{api.module}/{kind}.py"] = env.get_template(f"{kind}.py.jinja").render(context)
        files[f"{api.module}/__init__.py"] = env.get_template("api_init.py.jinja").render(context)
        # The reference page is Markdown: written as rendered, never through black.
        reference = reference_view(surface, package)
        files[f"{api.module}/api.md"] = env.get_template("api.md.jinja").render(ref=reference)
        if api.module in extensions:
            copied = extensions[api.module]
            origin = comment_safe(copied.origin)
            header = f"{_header([api])}# Copied from {origin}: edit that file, not this one.\n"
            path = f"{api.module}/{EXTENSIONS_MODULE}.py"
            files[path] = header + "\n" + copied.text
            verbatim.add(path)
    verbatim.update(path for path in files if path.startswith("_runtime/"))
    return Rendered(dict(sorted(files.items())), frozenset(verbatim))


def _header(apis: list[ir.Api]) -> str:
    # Names only: the specs' hashes live in the manifest, so that a spec change rewrites
    # the files whose code changes and no others.
    return file_header(comment_safe(a.spec_file) for a in apis)


def _package_conventions(apis: list[ir.Api]) -> Conventions:
    """The runtime is shared by every API of the package: one family, or none."""
    families = {a.conventions for a in apis}
    return families.pop() if len(families) == 1 else OPENAPI


def _package_summary(apis: list[ir.Api]) -> str:
    product = _package_conventions(apis).product
    return f"Typed Python bindings for {product}." if product else "Typed Python bindings."


def _runtime_files(templates_dir: Path, header: str, conventions: Conventions) -> dict[str, str]:
    values = conventions.runtime_constants()
    files: dict[str, str] = {}
    found: set[str] = set()
    for runtime_file in sorted((templates_dir / "runtime").glob("*.py")):
        body, names = with_constants(runtime_file.read_text(encoding="utf-8"), values)
        files[f"_runtime/{runtime_file.name}"] = header + "\n" + body
        found |= names
    if found != values.keys():
        missing = ", ".join(sorted(values.keys() - found))
        raise RenderError(f"runtime: no module-level assignment of {missing} to fill in")
    return files
