"""Relative file references, resolved against the referring spec's folder and bundled in.

A file reference may only lead inside the root spec's folder tree or a folder of
the `ref_roots` setting: its path is resolved (symlinks followed) and checked
before the file is opened, so `$ref: /etc/shadow` or `../../secret.yaml` is an
error and nothing outside is ever read.

After bundling, the document holds only local references: a schema from another
file becomes a named schema under `#/components/schemas` (its own name when
free), and any other referenced object (a parameter, a response) is copied in
place. References inside the copied parts are bundled the same way, relative
to the file they came from. http(s) references are never fetched.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics, display_path, join_pointer
from .load import SpecDocument, load_spec
from .refs import resolve_pointer, walk

__all__ = ["bundle_external_refs"]

_SCHEMA_PREFIX = "#/components/schemas/"


def _is_relative_file_ref(ref: str) -> bool:
    return not ref.startswith(("#", "http://", "https://", "//")) and "://" not in ref


@dataclass(slots=True)
class _Bundler:
    root: SpecDocument
    diagnostics: Diagnostics
    roots: tuple[Path, ...]  # resolved folders file references may lead into
    documents: dict[Path, SpecDocument | None] = field(default_factory=dict)
    placed: dict[tuple[Path, str], str] = field(default_factory=dict)  # origin -> local ref

    def bundle(self) -> None:
        self._rewrite(self.root.data, self.root.path.resolve(), "#", is_root=True)

    def _rewrite(self, node: Any, origin: Path, base: str, is_root: bool) -> None:
        """Bundle the references below `node`, which sits at pointer `base` of file `origin`."""
        for pointer, child in list(walk(node, base)):
            if not (isinstance(child, dict) and isinstance(child.get("$ref"), str)):
                continue
            ref = child["$ref"]
            if ref.startswith("#") and not is_root:
                self._place(origin, ref, (origin, pointer), child)
            elif _is_relative_file_ref(ref):
                file_part, _, fragment = ref.partition("#")
                # resolve() follows symlinks: the file that would be opened is checked.
                target = (origin.parent / file_part).resolve()
                if any(target.is_relative_to(root) for root in self.roots):
                    self._place(target, "#" + fragment, (origin, pointer), child)
                else:
                    self._error(
                        (origin, pointer),
                        f"file $ref {file_part!r} leads outside the spec's folder, so it was "
                        "not read (list other folders in ref_roots of [tool.gemini-codegen])",
                    )

    def _document(self, path: Path, where: tuple[Path, str]) -> SpecDocument | None:
        if path not in self.documents and not path.exists():
            self.documents[path] = None
            self._error(
                where,
                f"referenced file {path.name!r} not found (looked in the folder of "
                f"{where[0].name})",
            )
        elif path not in self.documents and not path.is_file():
            # A FIFO or a device would block or never end: only regular files are read.
            self.documents[path] = None
            self._error(where, f"referenced file {path.name!r} is not a regular file")
        if path not in self.documents:
            before = len(self.diagnostics.items)
            self.documents[path] = load_spec(path, self.diagnostics)
            if self.documents[path] is None:
                del self.diagnostics.items[before:]
                self._error(
                    where,
                    f"referenced file {path.name!r} cannot be read as YAML or JSON "
                    f"(looked in the folder of {where[0].name})",
                )
        return self.documents[path]

    def _error(self, where: tuple[Path, str], message: str) -> None:
        """Report at the `$ref` itself, in the file that holds it."""
        origin, pointer = where
        pointer = join_pointer(pointer, "$ref")
        document = self.root if origin == self.root.path.resolve() else self.documents.get(origin)
        name = document.location if document else display_path(origin)
        line = document.line_of(pointer) if document else 0
        self.diagnostics.error(name, pointer, message, line)

    def _place(
        self, path: Path, fragment: str, where: tuple[Path, str], holder: dict[str, Any]
    ) -> None:
        """Make `holder` (a `$ref` object) point at, or contain, `fragment` of file `path`."""
        if path == self.root.path.resolve():
            holder["$ref"] = fragment
            return
        key = (path, fragment)
        if key in self.placed:
            holder["$ref"] = self.placed[key]
            return
        document = self._document(path, where)
        if document is None:
            return
        try:
            target = resolve_pointer(document.data, fragment)
        except KeyError:
            self._error(where, f"$ref {fragment!r} points to nothing in {path.name}")
            return
        copied = copy.deepcopy(target)
        if not _looks_like_schema(fragment, target):
            # Parameters, responses and other objects are copied in place.
            self._rewrite(copied, path, fragment, is_root=False)
            holder.clear()
            if isinstance(copied, dict):
                holder.update(copied)
            return
        name = self._free_name(fragment, path)
        local = _SCHEMA_PREFIX + name
        self.placed[key] = local
        holder["$ref"] = local
        schemas = self.root.data.setdefault("components", {}).setdefault("schemas", {})
        schemas[name] = copied
        self._rewrite(copied, path, fragment, is_root=False)

    def _free_name(self, fragment: str, path: Path) -> str:
        schemas = (self.root.data.get("components") or {}).get("schemas") or {}
        base = fragment.rsplit("/", 1)[-1] or _component_key(path.stem)
        name = base
        counter = 2
        while name in schemas:
            name = f"{base}{counter}"
            counter += 1
        return name


def _component_key(stem: str) -> str:
    """A `components/schemas` key for a whole file: OpenAPI allows `[A-Za-z0-9._-]` there;
    the parser makes the class name from it like any other key."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_") or "Schema"


def _looks_like_schema(fragment: str, target: Any) -> bool:
    if "/components/schemas/" in fragment or "/definitions/" in fragment or fragment in ("", "#"):
        return True
    return (
        isinstance(target, dict)
        and any(
            k in target for k in ("type", "properties", "allOf", "oneOf", "anyOf", "enum", "items")
        )
        and "in" not in target
    )


def bundle_external_refs(
    document: SpecDocument, diagnostics: Diagnostics, ref_roots: Sequence[Path] = ()
) -> None:
    """Rewrite every relative file reference of `document` into a local one, in place.
    References may lead inside the document's folder or one of `ref_roots`."""
    has_external = any(
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and _is_relative_file_ref(node["$ref"])
        for _, node in walk(document.data)
    )
    if has_external:
        roots = (document.path.resolve().parent, *(Path(r).resolve() for r in ref_roots))
        _Bundler(document, diagnostics, roots).bundle()
