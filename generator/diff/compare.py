"""Two IRs to a list of classified changes: what regenerating would change in the Python API.

The comparison is between `ir.Api` objects, never spec text, so reformatting a
spec or reordering its keys changes nothing. Elements are matched by their
Python name (what user code refers to; enum values by wire value), and each
`Change` also carries the JSON pointer of the spec node, so a reviewer can find
it in the YAML. Rendering lives in `diff_report`; `git_snapshot` fetches the old
side of `diff --against`.

Classification, from the point of view of code written against the old package:
breaking when that code may stop working (removals, Python type changes, a new
or newly required input, a removed enum value, a changed return shape);
additive when it keeps working (additions, inputs becoming optional, new enum
values, which our enums tolerate anyway); cosmetic when only documentation
changes (descriptions, deprecation notes).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from .. import ir
from ..diagnostics import join_pointer
from ..surface.types import TypeSpeller

__all__ = ["Category", "Change", "diff_api_sets", "diff_apis"]


class Category(enum.Enum):
    BREAKING = "breaking"
    ADDITIVE = "additive"
    COSMETIC = "cosmetic"


BREAKING, ADDITIVE, COSMETIC = Category.BREAKING, Category.ADDITIVE, Category.COSMETIC
_RANK = {BREAKING: 0, ADDITIVE: 1, COSMETIC: 2}
# The generated modules' own spelling, so a message shows the annotation users see.
_SPELLER = TypeSpeller()
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Change:
    category: Category
    kind: str  # "<element>.<change>", e.g. "field.removed"; the full list is diff_report.KINDS
    module: str  # the API subpackage, e.g. "v1beta"
    python_name: str  # "Candidate.token_count", "Client.generate_content(model=)"
    file: str  # spec file name the pointer belongs to
    pointer: str  # "#/components/schemas/Candidate/properties/tokenCount"
    message: str


def diff_apis(old: ir.Api, new: ir.Api) -> tuple[Change, ...]:
    """Changes from `old` to `new`, paired directly whatever their versions (`diff OLD NEW`)."""
    return _sorted(_diff_api(old, new))


def diff_api_sets(old: Sequence[ir.Api], new: Sequence[ir.Api]) -> tuple[Change, ...]:
    """Specs paired by module (from info.version); one on a single side is all added or removed."""
    old_by = {a.module: a for a in old}
    new_by = {a.module: a for a in new}
    changes: list[Change] = []
    for module in sorted(old_by.keys() | new_by.keys()):
        empty = replace(old_by.get(module) or new_by[module], models=(), enums=(), operations=())
        changes.extend(_diff_api(old_by.get(module, empty), new_by.get(module, empty)))
    return _sorted(changes)


def _sorted(changes: list[Change]) -> tuple[Change, ...]:
    def key(c: Change) -> tuple[object, ...]:
        return (_RANK[c.category], c.module, c.python_name, c.kind, c.pointer, c.message)

    return tuple(sorted(changes, key=key))


@dataclass(frozen=True, slots=True)
class _Scope:
    module: str
    request_models: frozenset[str]  # models reachable from a request body or a parameter


def _change(
    scope: _Scope, category: Category, kind: str, name: str, source: ir.Source, message: str
) -> Change:
    return Change(category, kind, scope.module, name, source.file, source.pointer, message)


def _match(
    old: Iterable[_T], new: Iterable[_T], key: Callable[[_T], object]
) -> tuple[list[_T], list[_T], list[tuple[_T, _T]]]:
    """(removed, added, kept as (old, new) pairs), each in spec order."""
    old_by = {key(x): x for x in old}
    new_by = {key(x): x for x in new}
    removed = [x for k, x in old_by.items() if k not in new_by]
    added = [x for k, x in new_by.items() if k not in old_by]
    return removed, added, [(old_by[k], x) for k, x in new_by.items() if k in old_by]


def _diff_api(old: ir.Api, new: ir.Api) -> list[Change]:
    # A model counts as a request model when either side sends it: a field made
    # required in it breaks callers that build it.
    scope = _Scope(new.module, frozenset(_request_models(old) | _request_models(new)))
    return [
        *_diff_operations(scope, old.operations, new.operations),
        *_diff_models(scope, old.models, new.models),
        *_diff_enums(scope, old.enums, new.enums),
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


# -- operations ----------------------------------------------------------------------------------


def _diff_operations(
    scope: _Scope, old: tuple[ir.Operation, ...], new: tuple[ir.Operation, ...]
) -> Iterator[Change]:
    removed, added, kept = _match(old, new, lambda o: o.method_name)
    for op in removed:
        yield _change(
            scope,
            BREAKING,
            "operation.removed",
            f"Client.{op.method_name}",
            op.source,
            f"operation removed ({op.http_method} {op.path})",
        )
    for op in added:
        yield _change(
            scope,
            ADDITIVE,
            "operation.added",
            f"Client.{op.method_name}",
            op.source,
            f"operation added ({op.http_method} {op.path})",
        )
    for before, after in kept:
        yield from _diff_operation(scope, before, after)


def _diff_operation(scope: _Scope, old: ir.Operation, new: ir.Operation) -> Iterator[Change]:
    name = f"Client.{new.method_name}"
    yield from _diff_params(scope, name, old, new)
    yield from _diff_request_body(scope, name, old, new)
    # The IR does not say which response code the type came from.
    responses = ir.Source(new.source.file, join_pointer(new.source.pointer, "responses"))
    yield from _type_change(
        scope, "response.type_changed", name, responses, old.response, new.response, "response"
    )
    for kind, label, before, after in (
        ("operation.streaming_changed", "streaming", _streaming(old), _streaming(new)),
        ("operation.pagination_changed", "pagination", _paging(old), _paging(new)),
        ("operation.long_running_changed", "long-running", _lro(old), _lro(new)),
    ):
        if before != after:
            # Each of these changes what the method returns (a stream, a pager, a handle).
            yield _change(
                scope, BREAKING, kind, name, new.source, f"{label} changed from {before} to {after}"
            )
    yield from _docs(
        scope,
        "operation",
        name,
        new.source,
        f"{old.summary}\n{old.description}",
        f"{new.summary}\n{new.description}",
        (old.deprecated, new.deprecated),
    )


def _streaming(op: ir.Operation) -> str:
    return "server-sent events" if op.streaming else "a single response"


def _paging(op: ir.Operation) -> str:
    p = op.pagination
    if p is None:
        return "none"
    return f"pages of {p.items_field}: list[{_spell(p.item_type)}] by {p.page_token_param}"


def _lro(op: ir.Operation) -> str:
    lro = op.long_running
    if lro is None:
        return "no"
    return f"yes (response {_spell(lro.response)}, metadata {_spell(lro.metadata)})"


def _diff_params(
    scope: _Scope, op_name: str, old: ir.Operation, new: ir.Operation
) -> Iterator[Change]:
    # Constant query parameters (alt=sse) are sent by the client, not passed by callers.
    removed, added, kept = _match(
        (p for p in old.params if p.constant is None),
        (p for p in new.params if p.constant is None),
        lambda p: p.name,
    )
    for p in removed:
        yield _change(
            scope,
            BREAKING,
            "parameter.removed",
            f"{op_name}({p.name}=)",
            p.source,
            f"{p.location.value} parameter {p.wire_name!r} removed",
        )
    for p in added:
        # A new required argument fails every existing call.
        need = "required" if p.required else "optional"
        yield _change(
            scope,
            BREAKING if p.required else ADDITIVE,
            "parameter.added",
            f"{op_name}({p.name}=)",
            p.source,
            f"{need} {p.location.value} parameter {p.wire_name!r} added " f"({_spell(p.type)})",
        )
    for before, p in kept:
        name = f"{op_name}({p.name}=)"
        yield from _type_change(
            scope, "parameter.type_changed", name, p.source, before.type, p.type, "parameter"
        )
        if before.required != p.required:
            yield _required_change(scope, "parameter", name, p.source, p.required, True)
        yield from _docs(
            scope,
            "parameter",
            name,
            p.source,
            before.description,
            p.description,
            (before.deprecated, p.deprecated),
        )


def _diff_request_body(
    scope: _Scope, op_name: str, old: ir.Operation, new: ir.Operation
) -> Iterator[Change]:
    if old.request_body is None and new.request_body is None:
        return
    name = f"{op_name}(request=)"
    # The IR keeps no pointer for the body; the operation's `requestBody` is where it is.
    op = new if new.request_body is not None else old
    source = ir.Source(op.source.file, join_pointer(op.source.pointer, "requestBody"))
    if new.request_body is None:
        yield _change(scope, BREAKING, "request_body.removed", name, source, "request body removed")
    elif old.request_body is None:
        need = "required" if new.request_required else "optional"
        yield _change(
            scope,
            BREAKING if new.request_required else ADDITIVE,
            "request_body.added",
            name,
            source,
            f"{need} request body added ({_spell(new.request_body)})",
        )
    else:
        yield from _type_change(
            scope,
            "request_body.type_changed",
            name,
            source,
            old.request_body,
            new.request_body,
            "request body",
        )
        if old.request_required != new.request_required:
            yield _required_change(scope, "request_body", name, source, new.request_required, True)


# -- models --------------------------------------------------------------------------------------


def _diff_models(
    scope: _Scope, old: tuple[ir.Model, ...], new: tuple[ir.Model, ...]
) -> Iterator[Change]:
    removed, added, kept = _match(old, new, lambda m: m.name)
    for m in removed:
        yield _change(scope, BREAKING, "model.removed", m.name, m.source, "model removed")
    for m in added:
        yield _change(
            scope,
            ADDITIVE,
            "model.added",
            m.name,
            m.source,
            f"model added ({len(m.fields)} fields)",
        )
    for before, m in kept:
        yield from _diff_fields(scope, before, m)
        yield from _docs(
            scope,
            "model",
            m.name,
            m.source,
            before.description,
            m.description,
            (before.deprecated, m.deprecated),
        )


def _diff_fields(scope: _Scope, old: ir.Model, new: ir.Model) -> Iterator[Change]:
    in_requests = new.name in scope.request_models
    removed, added, kept = _match(old.fields, new.fields, lambda f: f.name)
    for f in removed:
        yield _change(
            scope,
            BREAKING,
            "field.removed",
            f"{old.name}.{f.name}",
            f.source,
            f"field {f.wire_name!r} removed",
        )
    for f in added:
        # Required fields are required constructor arguments of the generated class.
        need = "required" if f.required else "optional"
        yield _change(
            scope,
            BREAKING if f.required and in_requests else ADDITIVE,
            "field.added",
            f"{new.name}.{f.name}",
            f.source,
            f"{need} field {f.wire_name!r} added ({_spell(f.type)})",
        )
    for before, f in kept:
        name = f"{new.name}.{f.name}"
        yield from _type_change(
            scope, "field.type_changed", name, f.source, before.type, f.type, "field"
        )
        if before.required != f.required:
            yield _required_change(scope, "field", name, f.source, f.required, in_requests)
        if before.read_only != f.read_only:
            yield _read_only_change(scope, name, f, in_requests)
        yield from _docs(
            scope,
            "field",
            name,
            f.source,
            before.description,
            f.description,
            (before.deprecated, f.deprecated),
        )


def _read_only_change(scope: _Scope, name: str, f: ir.Field, in_requests: bool) -> Change:
    kind = "field.read_only_changed"
    if not f.read_only:
        return _change(
            scope, ADDITIVE, kind, name, f.source, "no longer read-only: requests may now set it"
        )
    if in_requests:
        return _change(
            scope,
            BREAKING,
            kind,
            name,
            f.source,
            "now read-only: the server ignores it in requests",
        )
    # Outside requests the flag only changes the docstring.
    return _change(scope, COSMETIC, kind, name, f.source, "now read-only")


# -- enums ---------------------------------------------------------------------------------------


def _diff_enums(
    scope: _Scope, old: tuple[ir.Enum, ...], new: tuple[ir.Enum, ...]
) -> Iterator[Change]:
    removed, added, kept = _match(old, new, lambda e: e.name)
    for e in removed:
        yield _change(scope, BREAKING, "enum.removed", e.name, e.source, "enum removed")
    for e in added:
        yield _change(
            scope, ADDITIVE, "enum.added", e.name, e.source, f"enum added ({len(e.values)} values)"
        )
    for before, e in kept:
        if before.is_integer != e.is_integer:
            kinds = {True: "integer", False: "string"}
            yield _change(
                scope,
                BREAKING,
                "enum.type_changed",
                e.name,
                e.source,
                f"values changed from {kinds[before.is_integer]} to {kinds[e.is_integer]}",
            )
        yield from _diff_enum_values(scope, before, e)
        yield from _docs(scope, "enum", e.name, e.source, before.description, e.description)


def _diff_enum_values(scope: _Scope, old: ir.Enum, new: ir.Enum) -> Iterator[Change]:
    removed, added, kept = _match(old.values, new.values, lambda value: value.value)
    for v in removed:
        yield _change(
            scope,
            BREAKING,
            "enum_value.removed",
            f"{old.name}.{v.name}",
            v.source,
            f"enum value {v.value!r} removed",
        )
    for v in added:
        yield _change(
            scope,
            ADDITIVE,
            "enum_value.added",
            f"{new.name}.{v.name}",
            v.source,
            f"enum value {v.value!r} added",
        )
    for before, v in kept:
        name, source = f"{new.name}.{v.name}", v.source
        if before.name != v.name:
            yield _change(
                scope,
                BREAKING,
                "enum_value.renamed",
                name,
                source,
                f"member for {v.value!r} renamed from {old.name}.{before.name}",
            )
        if before.description != v.description:
            yield _change(
                scope,
                COSMETIC,
                "enum_value.description_changed",
                name,
                source,
                f"description of enum value {v.value!r} changed",
            )


# -- shared rules --------------------------------------------------------------------------------


def _docs(
    scope: _Scope,
    element: str,
    name: str,
    source: ir.Source,
    old_text: str,
    new_text: str,
    deprecated: tuple[bool, bool] = (False, False),
) -> Iterator[Change]:
    """Description text and the deprecated flag: they change docstrings only."""
    if old_text != new_text:
        yield _change(
            scope,
            COSMETIC,
            f"{element}.description_changed",
            name,
            source,
            f"{element} description changed",
        )
    if deprecated[0] != deprecated[1]:
        message = "now deprecated" if deprecated[1] else "no longer deprecated"
        yield _change(scope, COSMETIC, f"{element}.deprecation_changed", name, source, message)


def _required_change(
    scope: _Scope, element: str, name: str, source: ir.Source, required: bool, in_requests: bool
) -> Change:
    if not required:
        return _change(
            scope, ADDITIVE, f"{element}.optional", name, source, "now optional (was required)"
        )
    # Only callers that build the value are hurt; a response field that is always
    # present is good news for readers.
    return _change(
        scope,
        BREAKING if in_requests else ADDITIVE,
        f"{element}.required",
        name,
        source,
        "now required (was optional)",
    )


def _type_change(
    scope: _Scope,
    kind: str,
    name: str,
    source: ir.Source,
    old: ir.TypeExpr | None,
    new: ir.TypeExpr | None,
    what: str,
) -> Iterator[Change]:
    if (old and _formatless(old)) == (new and _formatless(new)):
        return  # int32 -> uint32, float -> double: the same generated code
    before, after = _spell(old), _spell(new)
    if before != after:
        yield _change(
            scope, BREAKING, kind, name, source, f"{what} type changed from {before} to {after}"
        )
    else:
        # Integer to int64 or string to date-time: decoding changes, user code does not.
        yield _change(
            scope,
            ADDITIVE,
            kind,
            name,
            source,
            f"{what} wire format changed; the Python type stays {after}",
        )


def _spell(t: ir.TypeExpr | None) -> str:
    return "None" if t is None else _SPELLER.annotation(t)


def _formatless(t: ir.TypeExpr) -> ir.TypeExpr:
    if isinstance(t, ir.ScalarType):
        return ir.ScalarType(t.scalar)
    if isinstance(t, ir.ArrayType):
        return ir.ArrayType(_formatless(t.items))
    if isinstance(t, ir.MapType):
        return ir.MapType(_formatless(t.values))
    if isinstance(t, ir.NullableType):
        return ir.NullableType(_formatless(t.inner))
    if isinstance(t, ir.UnionType):
        return replace(t, variants=tuple(_formatless(v) for v in t.variants))
    return t
