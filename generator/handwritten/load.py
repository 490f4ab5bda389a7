"""The extension modules of a run: read, then checked against the generated surface."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Diagnostics, SpecError
from ..surface import ApiSurface
from .check import ExtensionModule, check_extension, generated_classes
from .read import read_extensions

__all__ = ["load_extensions"]


def load_extensions(
    folder: Path | None, surfaces: Sequence[ApiSurface], package: str
) -> dict[str, ExtensionModule]:
    """The checked extension modules by API module (none without a folder); SpecError
    with every problem found, so nothing is generated from a module that would not work."""
    if folder is None:
        return {}
    diagnostics = Diagnostics()
    by_module = {surface.module: surface for surface in surfaces}
    checked = {}
    for source in read_extensions(folder, sorted(by_module), diagnostics):
        classes = generated_classes(by_module[source.module])
        checked[source.module] = check_extension(source, classes, package, diagnostics)
    if diagnostics.has_errors:
        raise SpecError(diagnostics.sorted())
    return checked
