"""Client methods compared through the generated surface: names, arguments as emitted
(which are optional, in which role), and return shapes."""

from __future__ import annotations

from collections.abc import Iterator

from .. import ir
from ..diagnostics import join_pointer
from ..surface import Argument, ArgumentRole, Method, ReturnShape
from .changes import (
    ADDITIVE,
    BREAKING,
    Change,
    Scope,
    change,
    docs,
    match,
    required_change,
    spell,
    type_change,
)

__all__ = ["diff_methods"]


def diff_methods(
    scope: Scope, old: tuple[Method, ...], new: tuple[Method, ...]
) -> Iterator[Change]:
    removed, added, kept = match(old, new, lambda m: m.name)
    for m in removed:
        op = m.operation
        yield change(
            scope,
            BREAKING,
            "operation.removed",
            f"Client.{m.name}",
            op.source,
            f"operation removed ({op.http_method} {op.path})",
        )
    for m in added:
        op = m.operation
        yield change(
            scope,
            ADDITIVE,
            "operation.added",
            f"Client.{m.name}",
            op.source,
            f"operation added ({op.http_method} {op.path})",
        )
    for before, after in kept:
        yield from _diff_method(scope, before, after)


def _diff_method(scope: Scope, old: Method, new: Method) -> Iterator[Change]:
    name = f"Client.{new.name}"
    yield from _diff_arguments(scope, name, old, new)
    yield from _diff_own_arguments(scope, name, old, new)
    yield from _diff_request_body(scope, name, old, new)
    yield from _diff_routes(scope, name, old.operation, new.operation)
    same_response = old.operation.response == new.operation.response
    if same_response and old.returns.shape is new.returns.shape:
        yield from _diff_return(scope, name, old, new)
    before, after = old.operation, new.operation
    # The IR does not say which response code the type came from.
    responses = ir.Source(after.source.file, join_pointer(after.source.pointer, "responses"))
    yield from type_change(
        scope,
        "response.type_changed",
        name,
        responses,
        before.response,
        after.response,
        "response",
    )
    for shape, kind, label, describe in _SHAPES:
        was, now = old.returns.shape is shape, new.returns.shape is shape
        if was or now:
            old_text, new_text = describe(before), describe(after)
            if old_text != new_text:
                # Each of these changes what the method returns (a stream, a pager, a handle).
                yield change(
                    scope,
                    BREAKING,
                    kind,
                    name,
                    after.source,
                    f"{label} changed from {old_text} to {new_text}",
                )
    yield from docs(
        scope,
        "operation",
        name,
        after.source,
        f"{before.summary}\n{before.description}",
        f"{after.summary}\n{after.description}",
        (before.deprecated, after.deprecated),
    )


def _streaming(op: ir.Operation) -> str:
    return "server-sent events" if op.streaming else "a single response"


def _paging(op: ir.Operation) -> str:
    p = op.pagination
    if p is None:
        return "none"
    return f"pages of {p.items_field}: list[{spell(p.item_type)}] by {p.page_token_param}"


def _long_running(op: ir.Operation) -> str:
    lro = op.long_running
    if lro is None:
        return "no"
    return f"yes (response {spell(lro.response)}, metadata {spell(lro.metadata)})"


_SHAPES = (
    (ReturnShape.STREAM, "operation.streaming_changed", "streaming", _streaming),
    (ReturnShape.PAGER, "operation.pagination_changed", "pagination", _paging),
    (ReturnShape.OPERATION, "operation.long_running_changed", "long-running", _long_running),
)


def _parameters(method: Method) -> list[tuple[Argument, ir.Param]]:
    """The arguments that carry a spec parameter (all but the body)."""
    return [(a, a.param) for a in method.arguments if a.param is not None]


def _diff_arguments(scope: Scope, op_name: str, old: Method, new: Method) -> Iterator[Change]:
    removed, added, kept = match(_parameters(old), _parameters(new), lambda ap: ap[0].name)
    for argument, p in removed:
        yield change(
            scope,
            BREAKING,
            "parameter.removed",
            f"{op_name}({argument.name}=)",
            p.source,
            f"{argument.role.value} parameter {p.wire_name!r} removed",
        )
    for argument, p in added:
        # A new required argument fails every existing call.
        need = "optional" if argument.optional else "required"
        yield change(
            scope,
            ADDITIVE if argument.optional else BREAKING,
            "parameter.added",
            f"{op_name}({argument.name}=)",
            p.source,
            f"{need} {argument.role.value} parameter {p.wire_name!r} added ({spell(p.type)})",
        )
    for (was, before), (argument, p) in kept:
        name = f"{op_name}({argument.name}=)"
        yield from type_change(
            scope, "parameter.type_changed", name, p.source, before.type, p.type, "parameter"
        )
        if was.optional != argument.optional:
            yield required_change(scope, "parameter", name, p.source, not argument.optional, True)
        yield from docs(
            scope,
            "parameter",
            name,
            p.source,
            before.description,
            p.description,
            (before.deprecated, p.deprecated),
        )


def _diff_return(scope: Scope, name: str, old: Method, new: Method) -> Iterator[Change]:
    """What the method makes of an unchanged response (an upload's `result`)."""
    if old.returns.sync != new.returns.sync:
        message = f"returns {new.returns.sync} instead of {old.returns.sync}"
        source = new.operation.source
        yield change(scope, BREAKING, "return.type_changed", name, source, message)


def _own(method: Method) -> list[Argument]:
    """Arguments the method adds of its own (an upload's file and fields, a wait's timeout)."""
    return [a for a in method.arguments if a.param is None and a.role is not ArgumentRole.BODY]


def _diff_own_arguments(scope: Scope, op_name: str, old: Method, new: Method) -> Iterator[Change]:
    source = new.operation.source
    removed, added, kept = match(_own(old), _own(new), lambda a: a.name)
    for a in removed:
        message = f"argument {a.name!r} removed"
        yield change(scope, BREAKING, "argument.removed", f"{op_name}({a.name}=)", source, message)
    for a in added:
        required = not a.optional and a.declared_default is None
        yield change(
            scope,
            BREAKING if required else ADDITIVE,
            "argument.added",
            f"{op_name}({a.name}=)",
            source,
            f"{'required' if required else 'optional'} argument {a.name!r} added ({a.annotation})",
        )
    for before, a in kept:
        was = (before.declared_annotation, before.positional, before.declared_default)
        now = (a.declared_annotation, a.positional, a.declared_default)
        if was != now:
            yield change(
                scope,
                BREAKING,
                "argument.changed",
                f"{op_name}({a.name}=)",
                source,
                f"argument {a.name!r} changed from {_spell_argument(before)} to {_spell_argument(a)}",
            )


def _spell_argument(a: Argument) -> str:
    default = a.declared_default
    text = f"{a.name}: {a.declared_annotation}" + ("" if default is None else f" = {default}")
    return text + (" (positional)" if a.positional else "")


def _diff_routes(scope: Scope, name: str, old: ir.Operation, new: ir.Operation) -> Iterator[Change]:
    """Resource patterns the method serves (`x-additional-paths`)."""
    before, after = set(old.alternate_paths), set(new.alternate_paths)
    for path in sorted(before - after):
        message = f"no longer serves {path}"
        yield change(scope, BREAKING, "operation.route_removed", name, new.source, message)
    for path in sorted(after - before):
        message = f"also serves {path}"
        yield change(scope, ADDITIVE, "operation.route_added", name, new.source, message)


def _body(method: Method) -> Argument | None:
    return next((a for a in method.arguments if a.role is ArgumentRole.BODY), None)


def _diff_request_body(scope: Scope, op_name: str, old: Method, new: Method) -> Iterator[Change]:
    old_body, new_body = _body(old), _body(new)
    if old_body is None and new_body is None:
        return
    name = f"{op_name}(request=)"
    # The IR keeps no pointer for the body; the operation's `requestBody` is where it is.
    op = new.operation if new_body is not None else old.operation
    source = ir.Source(op.source.file, join_pointer(op.source.pointer, "requestBody"))
    old_type, new_type = old.operation.request_body, new.operation.request_body
    if new_body is None:
        yield change(scope, BREAKING, "request_body.removed", name, source, "request body removed")
    elif old_body is None:
        need = "optional" if new_body.optional else "required"
        yield change(
            scope,
            ADDITIVE if new_body.optional else BREAKING,
            "request_body.added",
            name,
            source,
            f"{need} request body added ({spell(new_type)})",
        )
    else:
        yield from type_change(
            scope, "request_body.type_changed", name, source, old_type, new_type, "request body"
        )
        if old_body.optional != new_body.optional:
            yield required_change(scope, "request_body", name, source, not new_body.optional, True)
