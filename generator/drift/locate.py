"""Each drift report entry mapped to the place in the specs to edit.

A new field goes under its model's `properties`, a new enum value into its enum's
`enum` list, each with the JSON paths where the responses hold that model or enum
(`paths`); an error status into the `responses` of the operation that got it (one
without an operation is looked up in every operation's), and an ErrorInfo reason
is looked up in the specs' enums. Entries whose model, enum, operation or API the
specs do not have are said to be "not in the spec".
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .. import ir
from ..diagnostics import display_path, join_pointer
from ..spec import SpecDocument
from ..spec.refs import resolve_pointer
from .paths import TypePaths, path_text, response_paths
from .report import DriftReport, ErrorReason, ErrorStatus, UnknownEnumValue, UnknownField

__all__ = ["Finding", "Verdict", "locate_report"]


class Verdict(enum.Enum):
    EDIT = "edit"  # add it at `pointer`
    LISTED = "listed"  # the spec has it already: the package predates the spec
    NOT_IN_SPEC = "not in the spec"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # the report list the entry came from
    subject: str  # the entry, e.g. "v1beta Candidate.newThing"
    count: int
    verdict: Verdict
    file: str  # "" when not in the spec
    line: int  # 0 when unknown
    pointer: str
    note: str
    # JSON paths in the responses where it arrives, the first few (`paths.MAX_LISTED`),
    # how many more, and False when the walk hit its bound (there may be more still).
    paths: tuple[str, ...] = ()
    more_paths: int = 0
    paths_complete: bool = True
    # Where the package saw it arrive: the decoded class, then the keys down to the field.
    arrived: str = ""


@dataclass(frozen=True, slots=True)
class _Spec:
    api: ir.Api
    document: SpecDocument
    paths: dict[str, TypePaths]  # model and enum names to where responses hold them

    def finding(
        self, kind: str, subject: str, count: int, verdict: Verdict, pointer: str, note: str
    ) -> Finding:
        file, line = display_path(self.document.path), self.document.line_of(pointer)
        return Finding(kind, subject, count, verdict, file, line, pointer, note)


def locate_report(
    report: DriftReport, apis: Sequence[ir.Api], documents: Sequence[SpecDocument]
) -> list[Finding]:
    by_name = {d.name: d for d in documents}
    specs = {
        a.module: _Spec(a, by_name[a.spec_file], response_paths(a))
        for a in apis
        if a.spec_file in by_name
    }
    findings = [_field(specs, e) for e in report.unknown_fields]
    findings += [_enum_value(specs, e) for e in report.unknown_enum_values]
    findings += [_status(specs, e) for e in report.error_statuses]
    findings += [_reason(specs, e) for e in report.error_reasons]
    return findings


def _not_in_spec(kind: str, subject: str, count: int, note: str) -> Finding:
    return Finding(kind, subject, count, Verdict.NOT_IN_SPEC, "", 0, "", note)


def _field(specs: dict[str, _Spec], entry: UnknownField) -> Finding:
    kind, subject = "unknown_fields", f"{entry.api} {entry.model}.{entry.field}"
    spec = specs.get(entry.api)
    model = next((m for m in spec.api.models if m.name == entry.model), None) if spec else None
    if spec is None or model is None:
        return _not_in_spec(kind, subject, entry.count, _missing(specs, entry.api, "model"))
    known = next((f for f in model.fields if f.wire_name == entry.field), None)
    if known is not None:
        note = "the spec has this field; regenerate the package"
        found = spec.finding(kind, subject, entry.count, Verdict.LISTED, known.source.pointer, note)
    else:
        pointer = join_pointer(model.source.pointer, "properties")
        note = f"add the property {entry.field!r} to the schema of {entry.model}"
        found = spec.finding(kind, subject, entry.count, Verdict.EDIT, pointer, note)
    if entry.path:
        found = replace(found, arrived=f"{entry.path}.{entry.field}")
    return _with_paths(found, spec.paths.get(model.name), entry.field)


def _enum_value(specs: dict[str, _Spec], entry: UnknownEnumValue) -> Finding:
    kind, subject = "unknown_enum_values", f"{entry.api} {entry.enum} {entry.value!r}"
    spec = specs.get(entry.api)
    found = next((e for e in spec.api.enums if e.name == entry.enum), None) if spec else None
    if spec is None or found is None:
        return _not_in_spec(kind, subject, entry.count, _missing(specs, entry.api, "enum"))
    listed = next((v for v in found.values if v.value == entry.value), None)
    if listed is not None:
        note = "the spec lists this value; regenerate the package"
        result = spec.finding(
            kind, subject, entry.count, Verdict.LISTED, listed.source.pointer, note
        )
    else:
        pointer = join_pointer(found.source.pointer, "enum")
        note = f"add {entry.value!r} to the values of {entry.enum}"
        result = spec.finding(kind, subject, entry.count, Verdict.EDIT, pointer, note)
    return _with_paths(result, spec.paths.get(found.name))


def _with_paths(finding: Finding, paths: TypePaths | None, field: str = "") -> Finding:
    """`finding` with the JSON paths of its model (each ending in the new `field`) or enum."""
    if paths is None:
        return replace(finding, note=finding.note + "; no response of the spec holds it")
    listed = tuple(path_text(place, field) for place in paths.listed)
    return replace(finding, paths=listed, more_paths=paths.more, paths_complete=paths.complete)


def _status(specs: dict[str, _Spec], entry: ErrorStatus) -> Finding:
    """The status in the `responses` of the operation that got it: listed there, or the
    place to add it. The runtime counts every error status; this decides which the spec
    documents, so a spec that gained one needs no new package to say so."""
    if not entry.operation:
        return _status_of_any_operation(specs, entry)
    kind, subject = "error_statuses", f"{entry.api} {entry.operation} HTTP {entry.status}"
    spec = specs.get(entry.api)
    operations = spec.api.operations if spec else ()
    op = next((o for o in operations if o.operation_id == entry.operation), None)
    if spec is None or op is None:
        return _not_in_spec(kind, subject, entry.count, _missing(specs, entry.api, "operation"))
    responses = join_pointer(op.source.pointer, "responses")
    code = _listed_code(spec.document.data, responses, entry.status)
    if code is not None:
        note = f"{entry.operation} documents it ({code})"
        pointer = join_pointer(responses, code)
        return spec.finding(kind, subject, entry.count, Verdict.LISTED, pointer, note)
    note = f"add {entry.status} to the responses of {entry.operation} ({op.http_method} {op.path})"
    return spec.finding(kind, subject, entry.count, Verdict.EDIT, responses, note)


def _status_of_any_operation(specs: dict[str, _Spec], entry: ErrorStatus) -> Finding:
    """A status of a call no spec operation describes (a media transfer, an operation
    poll), or from a report without operations: the spec (by API name order) whose
    operations list it most; an edit of the first operation's `responses` when none does."""
    kind, subject = "error_statuses", f"HTTP {entry.status}"
    best: tuple[int, _Spec, list[str]] | None = None
    for _, spec in sorted(specs.items()):
        pointers = [join_pointer(op.source.pointer, "responses") for op in spec.api.operations]
        listing = [p for p in pointers if _listed_code(spec.document.data, p, entry.status)]
        if pointers and (best is None or len(listing) > best[0]):
            best = (len(listing), spec, listing or pointers)
    if best is None:
        return _not_in_spec(kind, subject, entry.count, "the specs have no operations")
    listed, spec, pointers = best
    total = len(spec.api.operations)
    if listed:
        note = f"listed by {listed} of {total} operations in {spec.api.module}"
        return spec.finding(kind, subject, entry.count, Verdict.LISTED, pointers[0], note)
    note = (
        f"listed by none of the {total} operations in {spec.api.module}; add it to the "
        "responses of those that return it (the first is here)"
    )
    return spec.finding(kind, subject, entry.count, Verdict.EDIT, pointers[0], note)


def _listed_code(data: Any, responses_pointer: str, status: int) -> str | None:
    """The key of `responses` that documents `status` (`409`, or a range like `4XX`);
    `default` documents no status in particular."""
    try:
        responses = resolve_pointer(data, responses_pointer)
    except KeyError:
        return None
    for code in responses if isinstance(responses, dict) else ():
        if str(code).upper() in (str(status), f"{str(status)[:1]}XX"):
            return str(code)
    return None


def _reason(specs: dict[str, _Spec], entry: ErrorReason) -> Finding:
    kind = "error_reasons"
    subject = f"{entry.domain} {entry.reason}" if entry.domain else entry.reason
    for _, spec in sorted(specs.items()):
        for found in spec.api.enums:
            listed = next((v for v in found.values if v.value == entry.reason), None)
            if listed is not None:
                note = f"listed in {spec.api.module} {found.name}"
                return spec.finding(
                    kind, subject, entry.count, Verdict.LISTED, listed.source.pointer, note
                )
    return _not_in_spec(kind, subject, entry.count, "no enum of the specs lists this reason")


def _missing(specs: dict[str, _Spec], api: str, what: str) -> str:
    if api not in specs:
        known = ", ".join(sorted(specs)) or "none"
        return f"no API {api!r} in the specs (they have: {known})"
    return f"no {what} of that name in {api}"
