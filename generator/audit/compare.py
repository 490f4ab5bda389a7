"""Methods matched by (verb, normalized path), then their parameters, bodies and results.

A source method that no binding of ours matches is missing, or rebound when one of our
operations has its name or its path under another verb. Each matched pair hands its
request and response messages to `schemas.pair_messages`.
"""

from __future__ import annotations

from ..diagnostics import join_pointer
from ..spec.load import SpecDocument
from .findings import AuditContext, Finding
from .model import STANDARD_PARAMETERS, ApiSurface, Binding, Method
from .paths import segments_match
from .schemas import pair_messages

__all__ = ["audit_surfaces"]


def audit_surfaces(ours: ApiSurface, source: ApiSurface, document: SpecDocument) -> list[Finding]:
    context = AuditContext(ours, source, document)
    seen: set[tuple[str, str, frozenset[str]]] = set()
    used: set[tuple[int, Binding]] = set()  # (our method index, our binding) matched
    for method in source.methods:
        matches = [
            (index, our_binding)
            for binding in method.bindings
            for index, our in enumerate(ours.methods)
            for our_binding in our.bindings
            if _same_binding(binding, our_binding)
        ]
        used.update(matches)
        if not matches:
            _unmatched(context, method)
            continue
        our = ours.methods[matches[0][0]]
        for binding in method.bindings:
            if not any(_same_binding(binding, b) for _, b in matches):
                context.add(
                    "binding", "missing", f"{our.name} {binding.display()}", our.where,
                    f"{our.name} lacks the source's binding {binding.display()}",
                    method.where, method.name,
                )  # fmt: skip
        _compare_method(context, method, our, seen)
    for index, our in enumerate(ours.methods):
        unused = [b for b in our.bindings if (index, b) not in used]
        if len(unused) == len(our.bindings):
            context.add(
                "method", "extra", our.bindings[0].display(), our.where,
                f"{our.name} ({our.bindings[0].display()}) is not in the source",
            )  # fmt: skip
        for binding in unused if len(unused) < len(our.bindings) else ():
            context.add(
                "binding", "extra", f"{our.name} {binding.display()}", our.where,
                f"{our.name}'s binding {binding.display()} is not in the source",
            )  # fmt: skip
    return sorted(set(context.findings))


def _same_binding(left: Binding, right: Binding) -> bool:
    return left.verb == right.verb and segments_match(left.segments, right.segments)


def _unmatched(context: AuditContext, method: Method) -> None:
    first = method.bindings[0]
    for our in context.ours.methods:
        same_path = any(
            segments_match(b.segments, o.segments) for b in method.bindings for o in our.bindings
        )
        if same_path or our.name == method.name:
            context.add(
                "method", "rebound", first.display(), our.where,
                f"{method.name} is {first.display()} in the source but "
                f"{our.bindings[0].display()} here",
                method.where, method.name,
            )  # fmt: skip
            return
    context.add(
        "method", "missing", first.display(), "#/paths",
        f"the method {method.name} ({first.display()}) is missing",
        method.where, method.name,
    )  # fmt: skip


def _compare_method(
    context: AuditContext, method: Method, our: Method, seen: set[tuple[str, str, frozenset[str]]]
) -> None:
    _compare_parameters(context, method, our)
    if method.request and our.request:
        pair_messages(context, method.request, our.request, method.path_fields, seen)
    if method.response and our.response:
        pair_messages(context, method.response, our.response, frozenset(), seen)
    if method.long_running is not None:
        if our.long_running is None:
            context.add(
                "long-running", "missing", our.name, our.where,
                f"{our.name} returns a long-running operation in the source; "
                "x-long-running is missing",
                method.where, method.name,
            )  # fmt: skip
        else:
            source_lro, our_lro = method.long_running, our.long_running
            pairs = (
                (source_lro.response, our_lro.response),
                (source_lro.metadata, our_lro.metadata),
            )
            for theirs, mine in pairs:
                if theirs and mine:
                    pair_messages(context, theirs, mine, frozenset(), seen)
    if method.upload_paths and not our.upload_paths:
        context.add(
            "upload", "missing", our.name, our.where,
            f"{our.name} accepts media uploads in the source; x-media-upload is missing",
            method.where, method.name,
        )  # fmt: skip
    elif method.upload_paths and not any(
        segments_match(a, b) for a in method.upload_paths for b in our.upload_paths
    ):
        context.add(
                "upload", "rebound", our.name, join_pointer(our.where, "x-media-upload"),
                f"{our.name}'s upload path differs from the source's",
                method.where, method.name,
            )  # fmt: skip
    if method.download and not our.download:
        context.add(
            "download", "missing", our.name, our.where,
            f"{our.name} supports media download in the source; x-media-download is missing",
            method.where, method.name,
        )  # fmt: skip


def _compare_parameters(context: AuditContext, method: Method, our: Method) -> None:
    theirs = {
        p.name: p
        for p in method.query
        if p.name not in STANDARD_PARAMETERS and p.name not in method.path_fields
    }
    mine = {p.name: p for p in our.query if p.name not in STANDARD_PARAMETERS}
    for name, parameter in theirs.items():
        key = f"{our.name}.{name}"
        if name not in mine:
            context.add(
                "parameter", "missing", key, join_pointer(our.where, "parameters"),
                f"{our.name} lacks the query parameter {name!r} ({parameter.type.describe()})",
                parameter.where, method.name, name,
            )  # fmt: skip
        elif mine[name].type.shape() != parameter.type.shape():
            context.add(
                "type", "different", key, mine[name].where,
                f"the parameter {key} is {mine[name].type.describe()} here but "
                f"{parameter.type.describe()} in the source",
                parameter.where,
            )  # fmt: skip
    for name, parameter in mine.items():
        if name not in theirs:
            context.add(
                "parameter", "extra", f"{our.name}.{name}", parameter.where,
                f"the query parameter {our.name}.{name} is not in the source",
            )  # fmt: skip
