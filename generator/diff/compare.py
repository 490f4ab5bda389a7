"""Two IRs to a list of classified changes: what regenerating would change in the Python API.

Both sides are first turned into the generated surface (`surface.build_surface`),
the same model the templates render, so what is called breaking is what is
emitted. Elements are matched by their Python name (enum values by wire value),
and each `Change` also carries the JSON pointer of the spec node, so a reviewer
can find it in the YAML. The rules are in `changes` (see there for the
classification), `methods` and `models`; `report` renders; `git` fetches the
old side of `diff --against`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from .. import ir
from ..handwritten import ExtensionModule
from ..surface import build_surface
from .changes import ADDITIVE, BREAKING, COSMETIC, Category, Change, Scope
from .extensions import diff_extensions
from .methods import diff_methods
from .models import diff_enums, diff_models

__all__ = ["Category", "Change", "diff_api_sets", "diff_apis"]

_RANK = {BREAKING: 0, ADDITIVE: 1, COSMETIC: 2}


def diff_apis(old: ir.Api, new: ir.Api) -> tuple[Change, ...]:
    """Changes from `old` to `new`, paired directly whatever their versions (`diff OLD NEW`)."""
    return _sorted(_diff_api(old, new))


def diff_api_sets(
    old: Sequence[ir.Api],
    new: Sequence[ir.Api],
    old_extensions: Mapping[str, ExtensionModule] | None = None,
    new_extensions: Mapping[str, ExtensionModule] | None = None,
) -> tuple[Change, ...]:
    """Specs paired by module (from info.version); one on a single side is all added or removed.
    The hand-written extension modules of each side, by module, are compared with them."""
    old_by = {a.module: a for a in old}
    new_by = {a.module: a for a in new}
    old_extensions, new_extensions = old_extensions or {}, new_extensions or {}
    changes: list[Change] = []
    for module in sorted(old_by.keys() | new_by.keys()):
        empty = replace(old_by.get(module) or new_by[module], models=(), enums=(), operations=())
        changes.extend(_diff_api(old_by.get(module, empty), new_by.get(module, empty)))
        changes.extend(
            diff_extensions(module, old_extensions.get(module), new_extensions.get(module))
        )
    return _sorted(changes)


def _sorted(changes: list[Change]) -> tuple[Change, ...]:
    def key(c: Change) -> tuple[object, ...]:
        return (_RANK[c.category], c.module, c.python_name, c.kind, c.pointer, c.message)

    return tuple(sorted(changes, key=key))


def _diff_api(old: ir.Api, new: ir.Api) -> list[Change]:
    # A model counts as a request model when either side sends it: a field made
    # required in it breaks callers that build it.
    scope = Scope(new.module, frozenset(_request_models(old) | _request_models(new)))
    before, after = build_surface(old), build_surface(new)
    return [
        *diff_methods(scope, before.methods, after.methods),
        *diff_models(scope, before.models, after.models),
        *diff_enums(scope, before.enums, after.enums),
    ]


def _request_models(api: ir.Api) -> set[str]:
    by_name = {m.name: m for m in api.models}
    pending = [op.request_body for op in api.operations if op.request_body is not None]
    pending += [p.type for op in api.operations for p in op.params]
    seen: set[str] = set()
    while pending:
        for name in _model_names(pending.pop()):
            if name not in seen and name in by_name:
                seen.add(name)
                pending.extend(f.type for f in by_name[name].fields)
    return seen


def _model_names(t: ir.TypeExpr) -> Iterator[str]:
    if isinstance(t, ir.ModelRef):
        yield t.name
    elif isinstance(t, ir.ArrayType):
        yield from _model_names(t.items)
    elif isinstance(t, ir.MapType):
        yield from _model_names(t.values)
    elif isinstance(t, ir.NullableType):
        yield from _model_names(t.inner)
    elif isinstance(t, ir.UnionType):
        for variant in t.variants:
            yield from _model_names(variant)
