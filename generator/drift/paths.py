"""Where the spec's responses reach each model and enum, as JSON paths.

The runtime counts an unknown field per model (recording the path during decoding
would cost every decode); this walk gives the paths back, from the spec alone:
`GenerateContentResponse.candidates` of type `Candidate[]` puts `Candidate` at
`generateContent response: candidates[]`. `[]` is an array's item, `{}` a map's
value. Paths are listed in the spec's operation order, the shortest first; a model
already on the path is listed but not entered again (a recursive schema ends there),
and the walk stops after a fixed number of places, saying so.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .. import ir

__all__ = ["MAX_LISTED", "TypePaths", "path_text", "response_paths"]

MAX_LISTED = 5  # paths listed per model or enum; the rest are counted
_MAX_OPERATIONS = 3  # operations named for a response several share
_MAX_STEPS = 50_000  # places visited in all: a bound on time and memory for any spec


@dataclass(frozen=True, slots=True)
class TypePaths:
    listed: tuple[tuple[str, str], ...]  # the first MAX_LISTED (root label, path inside)
    more: int  # paths found past those
    complete: bool  # False: the walk stopped at its bound, and there may be more


@dataclass(frozen=True, slots=True)
class _Step:
    type: ir.TypeExpr
    root: int  # which root it came from: paths are listed in the spec's operation order
    path: str  # e.g. "candidates[].content"
    depth: int  # types passed from the root: within a root, the shorter paths come first
    on_path: frozenset[str]  # models entered on the way


def response_paths(api: ir.Api) -> dict[str, TypePaths]:
    """Model and enum names (one namespace: the generated class names) to the paths where
    the responses of `api` hold them; names no response reaches are absent."""
    models = {m.name: m for m in api.models}
    roots = _roots(api)
    places: dict[str, set[tuple[int, int, str]]] = {}  # a set: a union repeats a place
    queue = deque(
        _Step(kind, index, start, 0, frozenset()) for index, (kind, start, _) in enumerate(roots)
    )
    made, complete = len(queue), True
    while queue:
        step = queue.popleft()
        name = _named(step.type)
        if name is not None:
            places.setdefault(name, set()).add((step.root, step.depth, step.path))
        inner = list(_inner(step, models))
        if made + len(inner) > _MAX_STEPS:
            complete = False
            continue
        made += len(inner)
        queue.extend(inner)
    result = {}
    for name, found in places.items():
        first = sorted(found)[:MAX_LISTED]
        listed = tuple((roots[root][2], path) for root, _, path in first)
        result[name] = TypePaths(listed, len(found) - len(listed), complete)
    return result


def path_text(place: tuple[str, str], field: str = "") -> str:
    """`generateContent response: candidates[].content`, and with `field` the path of
    that field inside it (`...content.newThing`)."""
    label, path = place
    path = f"{path}.{field}" if path and field else path or field
    return f"{label}: {path}" if path else label


def _roots(api: ir.Api) -> list[tuple[ir.TypeExpr, str, str]]:
    """(type, path inside the response, label) of where decoding starts: each operation's
    JSON response (each event of a stream), and inside a long-running operation its
    result and metadata. Operations with the same response share one root, labelled
    with the first few of them, so the listing is not the same path again and again."""
    labels: dict[tuple[ir.TypeExpr, str], list[str]] = {}
    for op in api.operations:
        if op.response is not None and not op.response_raw:
            what = "stream event" if op.streaming else "response"
            labels.setdefault((op.response, ""), []).append(f"{op.operation_id} {what}")
        lr = op.long_running
        for start, inside in (("response", lr.response), ("metadata", lr.metadata)) if lr else ():
            if inside is not None:
                labels.setdefault((inside, start), []).append(f"{op.operation_id} response")
    return [(kind, start, _label(names)) for (kind, start), names in labels.items()]


def _label(names: list[str]) -> str:
    shown = ", ".join(names[:_MAX_OPERATIONS])
    rest = len(names) - _MAX_OPERATIONS
    return f"{shown} (and {rest} more)" if rest > 0 else shown


def _named(kind: ir.TypeExpr) -> str | None:
    return kind.name if isinstance(kind, ir.ModelRef | ir.EnumRef) else None


def _inner(step: _Step, models: dict[str, ir.Model]) -> Iterator[_Step]:
    kind = step.type
    if isinstance(kind, ir.ModelRef):
        model = models.get(kind.name)
        if model is None or kind.name in step.on_path:
            return  # a cycle ends at the model already entered
        on_path = step.on_path | {kind.name}
        for field in model.fields:
            path = f"{step.path}.{field.wire_name}" if step.path else field.wire_name
            yield _Step(field.type, step.root, path, step.depth + 1, on_path)
    elif isinstance(kind, ir.ArrayType):
        yield replace(step, type=kind.items, path=step.path + "[]", depth=step.depth + 1)
    elif isinstance(kind, ir.MapType):
        yield replace(step, type=kind.values, path=step.path + "{}", depth=step.depth + 1)
    elif isinstance(kind, ir.NullableType):
        yield replace(step, type=kind.inner)
    elif isinstance(kind, ir.UnionType):
        for variant in kind.variants:
            yield replace(step, type=variant)
