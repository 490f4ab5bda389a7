"""Finding and parsing the extension modules of a folder, without running them."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, display_path

__all__ = ["ExtensionSource", "read_extensions"]


@dataclass(frozen=True, slots=True)
class ExtensionSource:
    module: str  # the API subpackage it extends, from the file name: "v1beta"
    file: str  # as diagnostics print it
    origin: str  # the same, from the extensions folder on: written into the copy's header
    text: str
    tree: ast.Module


def read_extensions(
    folder: Path, modules: Sequence[str], diagnostics: Diagnostics
) -> list[ExtensionSource]:
    """Every `<version>.py` of `folder`, parsed; problems go to `diagnostics`.

    A file named after no API version, one that leads out of the folder (a symlink),
    one that is not UTF-8 or not valid Python is reported, never opened further.
    """
    shown = display_path(folder)
    if not folder.is_dir():
        diagnostics.error(shown, "extensions", "the extensions folder does not exist")
        return []
    root = folder.resolve()
    found = []
    for path in sorted(folder.glob("*.py")):
        file = display_path(path)
        if path.stem not in modules:
            known = ", ".join(f"{m}.py" for m in sorted(modules))
            diagnostics.error(file, path.stem, f"names no API version (expected one of {known})")
        elif not path.resolve().is_relative_to(root) or not path.is_file():
            diagnostics.error(file, path.stem, "is not a file inside the extensions folder")
        else:
            source = _parse(path, file, diagnostics)
            if source is not None:
                found.append(source)
    return found


def _parse(path: Path, file: str, diagnostics: Diagnostics) -> ExtensionSource | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(file, path.stem, f"cannot be read: {exc}")
        return None
    try:
        tree = ast.parse(text, filename=file)
    except SyntaxError as exc:
        diagnostics.error(file, path.stem, f"syntax error: {exc.msg}", exc.lineno or 0)
        return None
    origin = f"{path.parent.name}/{path.name}"
    return ExtensionSource(path.stem, file, origin, text, tree)
