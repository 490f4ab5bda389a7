"""Smaller specs cut from a big one, for the scaling measurements.

`subset(spec, fraction)` keeps the first `fraction` of the schemas and of the
paths (in spec order) plus everything they reference, transitively, so every
`$ref` still resolves and the subset is a valid spec of the same style as the
whole. The schema count after closing over references is what the report
shows, since references pull in more than the fraction asked for.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from typing import Any

__all__ = ["replicate", "schema_count", "subset"]

_PREFIX = "#/components/"


def schema_count(spec: dict[str, Any]) -> int:
    return len((spec.get("components") or {}).get("schemas") or {})


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith(_PREFIX):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _component_key(ref: str) -> tuple[str, str] | None:
    parts = ref[len(_PREFIX) :].split("/")
    if len(parts) < 2:
        return None
    name = parts[1].replace("~1", "/").replace("~0", "~")
    return parts[0], name


def subset(spec: dict[str, Any], fraction: float) -> dict[str, Any]:
    if fraction >= 1:
        return spec
    components = spec.get("components") or {}
    schemas = list((components.get("schemas") or {}).items())
    paths = list((spec.get("paths") or {}).items())
    kept_paths = dict(paths[: math.ceil(len(paths) * fraction)])
    needed: set[tuple[str, str]] = {
        ("schemas", name) for name, _ in schemas[: math.ceil(len(schemas) * fraction)]
    }
    pending = [schema for _, schema in schemas[: math.ceil(len(schemas) * fraction)]]
    pending.append(kept_paths)
    while pending:
        for ref in _refs(pending.pop()):
            key = _component_key(ref)
            if key is None or key in needed:
                continue
            target = (components.get(key[0]) or {}).get(key[1])
            if target is not None:
                needed.add(key)
                pending.append(target)
    cut = {k: v for k, v in spec.items() if k not in ("paths", "components")}
    cut["paths"] = kept_paths
    cut["components"] = {
        kind: (
            dict(entries)
            if kind == "securitySchemes" or not isinstance(entries, dict)
            else {name: value for name, value in entries.items() if (kind, name) in needed}
        )
        for kind, entries in components.items()
    }
    return copy.deepcopy(cut)


def replicate(spec: dict[str, Any], copies: int) -> dict[str, Any]:
    """The spec with its schemas and paths present `copies` times, renamed apart.

    Copy k (from 2) suffixes every schema name and operationId with `Copy{k}`,
    rewrites the schema references inside it to match, and moves its paths under
    `/copy{k}`. Everything grows by the same factor, mix included, which makes
    the cleanest test of linear cost: each further copy should cost the same.
    """
    components = spec.get("components") or {}
    schemas = components.get("schemas") or {}
    paths = spec.get("paths") or {}
    all_schemas = dict(schemas)
    all_paths = dict(paths)
    for k in range(2, copies + 1):
        suffix = f"Copy{k}"
        renamed = _renamed({"schemas": schemas, "paths": paths}, suffix)
        all_schemas.update({f"{name}{suffix}": value for name, value in renamed["schemas"].items()})
        all_paths.update({f"/copy{k}{path}": item for path, item in renamed["paths"].items()})
    result = copy.deepcopy({k: v for k, v in spec.items() if k not in ("paths", "components")})
    result["paths"] = all_paths
    result["components"] = {**components, "schemas": all_schemas}
    return result


def _renamed(node: Any, suffix: str) -> Any:
    """A deep copy with schema references and operationIds given `suffix`."""
    if isinstance(node, list):
        return [_renamed(item, suffix) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _renamed(value, suffix) for key, value in node.items()}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_PREFIX + "schemas/"):
        name, slash, rest = ref[len(_PREFIX + "schemas/") :].partition("/")
        out["$ref"] = f"{_PREFIX}schemas/{name}{suffix}{slash}{rest}"
    if isinstance(node.get("operationId"), str):
        out["operationId"] = node["operationId"] + suffix
    return out
