"""`$ref` handling as its own pass: find every reference, check it, resolve it by pointer.

By the time this pass runs, `bundle` has turned relative file references into
local ones; http(s) references are never fetched, only reported, so nothing
outside the spec's folder is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from ..diagnostics import Diagnostics, join_pointer
from .load import SpecDocument

__all__ = ["all_refs_local", "check_refs", "follow_refs", "iter_refs", "resolve_pointer", "walk"]

_MISSING = object()


def walk(data: Any, base: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (pointer, mapping) below `data`, `data` included, in document order,
    without recursion (specs nest deeply).

    Only mappings are yielded: every check looks at objects, and skipping the other
    values spares building a pointer for each string and number in the spec.
    """
    stack: list[tuple[str, Any]] = [(base, data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            yield pointer, node
            items: Iterable[tuple[Any, Any]] = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        children = [(join_pointer(pointer, k), v) for k, v in items if isinstance(v, dict | list)]
        stack.extend(reversed(children))


def iter_refs(data: Any) -> Iterator[tuple[str, str]]:
    """(pointer of the object holding `$ref`, the reference) for every reference."""
    for pointer, node in walk(data):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            yield pointer, node["$ref"]


def all_refs_local(data: Any) -> bool:
    """Whether every reference points into the document itself (`#...`).

    Without `walk`'s pointers: it is on the path to starting the validator."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


def resolve_pointer(data: Any, ref: str) -> Any:
    """The node a local reference points to; raises KeyError when it leads nowhere."""
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = data
    body = ref[1:]
    if not body:
        return node
    if not body.startswith("/"):
        raise KeyError(ref)
    for raw in body[1:].split("/"):
        # A pointer in a URI fragment may be percent-encoded ({ as %7B): RFC 6901, section 6.
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(ref)
    return node


def follow_refs(data: Any, node: Any) -> dict[str, Any]:
    """Follow `$ref`s from `node` to a mapping; {} when they lead nowhere or in a circle
    (both already reported by `check_refs`)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return {}
        seen.add(ref)
        try:
            node = resolve_pointer(data, ref)
        except KeyError:
            return {}
    return node if isinstance(node, dict) else {}


def check_refs(document: SpecDocument, diagnostics: Diagnostics) -> bool:
    """Report external, dangling and cyclic-alias references. True when all are usable."""
    ok = True
    data = document.data
    refs = list(iter_refs(data))
    problems: dict[str, str | None] = {}  # a spec names the same target many times
    for pointer, ref in refs:
        if not ref.startswith(("#", "//")) and "://" not in ref:
            ok = False  # a file reference `bundle` could not resolve; it reported why
            continue
        if ref not in problems:
            problems[ref] = _ref_problem(data, ref)
        problem = problems[ref]
        if problem:
            ok = False
            where = join_pointer(pointer, "$ref")
            diagnostics.error(document.location, where, problem, document.line_of(where))
    if ok:
        for pointer, cycle in _alias_cycles(data, refs):
            ok = False
            where = join_pointer(pointer, "$ref")
            chain = " -> ".join(cycle)
            diagnostics.error(
                document.location,
                where,
                f"$ref cycle with no schema in between: {chain}",
                document.line_of(where),
            )
    return ok


def _ref_problem(data: Any, ref: str) -> str | None:
    if "://" in ref or ref.startswith("//"):
        return f"remote $ref {ref!r} is not fetched; bundle it into the spec"
    try:
        resolve_pointer(data, ref)
    except KeyError:
        return f"$ref {ref!r} points to nothing"
    return None


def _alias_cycles(data: Any, refs: list[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """Chains of schemas that are nothing but a `$ref` to each other (A -> B -> A)."""
    reported: set[frozenset[str]] = set()
    for pointer, ref in refs:
        seen = [pointer]
        target = ref
        while True:
            try:
                node = resolve_pointer(data, target)
            except KeyError:
                break  # reported as dangling or unbundled elsewhere
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            if target in seen:
                cycle = [*seen[seen.index(target) :], target]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield target, cycle
                break
            seen.append(target)
            target = node["$ref"]
