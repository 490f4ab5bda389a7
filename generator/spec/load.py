"""Stage 1, spec: loading. Spec bytes to a plain dict, keeping a way back to line numbers.

Data is parsed with the fastest loader available (libyaml or json); line numbers
are only needed when something is wrong, so the node tree that carries them is
built lazily, on the first lookup.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostics, display_path, escape_pointer_token
from .aliases import alias_problem, may_have_anchors

__all__ = ["SpecDocument", "load_spec", "load_spec_text"]

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """YAML 1.1 turns `2024-01-01` into a date; OpenAPI means the string."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class SpecDocument:
    """One loaded spec file. `name` is how generated headers refer to it, `location`
    how messages do."""

    path: Path
    name: str
    text: str
    sha256: str
    data: Any
    _node: yaml.Node | None = field(default=None, repr=False)

    @property
    def location(self) -> str:
        return display_path(self.path)

    def line_of(self, pointer: str) -> int:
        """The 1-based line of the deepest node that `pointer` reaches, or 0 when unknown."""
        node = self._root_node()
        if node is None:
            return 0
        line = node.start_mark.line + 1
        for token in _pointer_tokens(pointer):
            node = _child(node, token)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line

    def _root_node(self) -> yaml.Node | None:
        if self._node is None:
            try:
                self._node = yaml.compose(self.text, Loader=_NoDatesLoader)
            except yaml.YAMLError:
                return None
        return self._node


def _pointer_tokens(pointer: str) -> list[str]:
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in body.lstrip("/").split("/")]


def _child(node: yaml.Node, token: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if escape_pointer_token(key.value) == escape_pointer_token(token):
                found: yaml.Node = value
                return found
        return None
    if isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
        child: yaml.Node = node.value[int(token)]
        return child
    return None


def load_spec(path: Path, diagnostics: Diagnostics) -> SpecDocument | None:
    """Read and parse one spec file; on failure, report where and return None."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diagnostics.error(name, "#", f"cannot read file: {exc.strerror or exc}")
        return None
    return load_spec_text(path, raw, diagnostics)


def load_spec_text(path: Path, raw: bytes, diagnostics: Diagnostics) -> SpecDocument | None:
    name = display_path(path)
    if not raw.strip():
        diagnostics.error(name, "#", "file is empty")
        return None
    if b"\x00" in raw:
        diagnostics.error(name, "#", "file is binary (it contains NUL bytes), not YAML or JSON")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diagnostics.error(name, "#", f"file is not UTF-8 text (byte {exc.start})", line)
        return None
    data = _parse(name, text, diagnostics)
    if data is _FAILED:
        return None
    document = SpecDocument(path, path.name, text, hashlib.sha256(raw).hexdigest(), data)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        diagnostics.error(name, "#", f"the document must be a mapping, not {kind}", 1)
        return None
    return document


_FAILED = object()


def _parse(name: str, text: str, diagnostics: Diagnostics) -> Any:
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            diagnostics.error(
                name, "#", f"invalid JSON at column {exc.colno}: {exc.msg}", exc.lineno
            )
            return _FAILED
        except RecursionError:
            diagnostics.error(name, "#", "JSON nesting is too deep to read", 1)
            return _FAILED
    loader = _NoDatesLoader(text)
    try:
        # Composed and built in two steps (what yaml.load does) to bound aliases between.
        node = loader.get_single_node()
        found = alias_problem(node) if node is not None and may_have_anchors(text) else None
        if found is not None:
            diagnostics.error(name, found.pointer, found.message, found.line)
            return _FAILED
        return None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        column = f" at column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        diagnostics.error(name, "#", f"invalid YAML{column}: {problem}", line)
    except yaml.YAMLError as exc:
        diagnostics.error(name, "#", f"invalid YAML: {exc}", 0)
    except RecursionError:
        diagnostics.error(name, "#", "YAML nesting is too deep to read", 1)
    finally:
        loader.dispose()
    return _FAILED
