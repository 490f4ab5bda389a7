"""`--skeleton OUT.yaml`: OpenAPI 3.1 for what our spec lacks, built from facts only.

Paths, parameters, schemas, types and enums, in our conventions (named schemas,
`x-enum-descriptions` parallel to `enum`, the shared `Error` response plus `default`,
the key header, `text/event-stream` for streaming methods, `x-media-upload`,
`x-long-running`); descriptions are left for a person to write. Missing fields and enum
values appear as partial schemas under our schema's name, to merge by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from .findings import Finding, VersionAudit
from .model import ApiSurface, Binding, Method, TypeRef

__all__ = ["build_skeleton", "write_skeletons"]

_ERROR = {"$ref": "#/components/responses/Error"}
_ERROR_CODES = ("400", "401", "403", "404", "429", "500", "default")
_SCALAR_SCHEMAS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "int32": {"type": "integer", "format": "int32"},
    "int64": {"type": "integer", "format": "int64"},
    "uint32": {"type": "integer", "format": "uint32"},
    "uint64": {"type": "integer", "format": "uint64"},
    "float": {"type": "number", "format": "float"},
    "double": {"type": "number", "format": "double"},
    "bool": {"type": "boolean"},
    "bytes": {"type": "string", "format": "byte"},
    "timestamp": {"type": "string", "format": "date-time"},
    "duration": {"type": "string", "format": "duration"},
    "field-mask": {"type": "string", "format": "field-mask"},
    "any": {},
}


def write_skeletons(
    out: Path,
    audits: Sequence[VersionAudit],
    sources: Iterable[ApiSurface],
    ours: Mapping[str, tuple[ApiSurface, Path]],
    missing: set[str],
) -> list[Path]:
    """One file per audited version: OUT itself for one version, OUT.<version>.yaml else."""
    by_version = {s.version: s for s in sources}
    written = []
    for audit in audits:
        target = out if len(audits) == 1 else out.with_suffix(f".{audit.version}{out.suffix}")
        findings = [f for f in audit.findings if f.key in missing]
        document = build_skeleton(by_version[audit.version], ours[audit.version][0], findings)
        header = f"# What {Path(audit.spec).name} lacks compared with {audit.source}.\n"
        text = header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def build_skeleton(
    source: ApiSurface, ours: ApiSurface, findings: Sequence[Finding]
) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    builder = _SchemaBuilder(source, ours, schemas)
    for finding in findings:
        if finding.kind == "method" and finding.change == "missing":
            method = next(m for m in source.methods if m.name == finding.subject and
                          m.bindings[0].display() == finding.key.split(":", 2)[2])  # fmt: skip
            template, operation = _operation(method, builder, source.version)
            paths.setdefault(template, {})[method.bindings[0].verb.lower()] = operation
        elif finding.kind == "field":
            our_name = finding.key.split(":", 2)[2].split(".", 1)[0]
            field = source.messages[finding.subject].field(finding.detail)
            if field is not None:
                partial = schemas.get(our_name, {})
                if "properties" not in partial:  # replaces a placeholder for our schema
                    partial = schemas[our_name] = {"type": "object", "properties": {}}
                partial["properties"][field.name] = builder.schema(field.type)
        elif finding.kind == "enum":
            our_name = finding.key.split(":", 2)[2].split(".", 1)[0]
            partial = schemas.get(our_name, {})
            if "enum" not in partial:
                partial = schemas[our_name] = {"type": "string", "enum": []}
            partial["enum"].append(finding.detail)
            partial["x-enum-descriptions"] = [""] * len(partial["enum"])
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{source.version} audit skeleton", "version": source.version},
        "security": [{"ApiKeyHeader": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "x-goog-api-key"}
            },
            "responses": {"Error": {"description": ""}},
            "schemas": dict(sorted(schemas.items())),
        },
    }


def _operation(method: Method, builder: _SchemaBuilder, version: str) -> tuple[str, dict[str, Any]]:
    template, variables = _template(method.bindings[0])
    parameters: list[dict[str, Any]] = [
        {"name": v, "in": "path", "required": True, "schema": {"type": "string"}} for v in variables
    ]
    parameters += [
        {"name": p.name, "in": "query", "schema": builder.schema(p.type)} for p in method.query
    ]
    operation: dict[str, Any] = {"operationId": method.name}
    if parameters:
        operation["parameters"] = parameters
    if method.request:
        body = {"schema": builder.schema(TypeRef("message", method.request))}
        operation["requestBody"] = {"required": True, "content": {"application/json": body}}
    media = "text/event-stream" if method.name.startswith("stream") else "application/json"
    ok: dict[str, Any] = {"description": ""}
    if method.response:
        ok["content"] = {media: {"schema": builder.schema(TypeRef("message", method.response))}}
    operation["responses"] = {"200": ok, **{code: dict(_ERROR) for code in _ERROR_CODES}}
    if method.upload_paths:
        upload = "/" + "/".join(method.upload_paths[0]).replace("upload/", f"upload/{version}/", 1)
        operation["x-media-upload"] = {"path": upload}
    if method.long_running is not None:
        running = {}
        for key, name in (("response", method.long_running.response),
                          ("metadata", method.long_running.metadata)):  # fmt: skip
            if name and name in builder.source.messages:
                ref = builder.schema(TypeRef("message", name))["$ref"]
                running[key] = ref
        operation["x-long-running"] = running
    return template, operation


def _template(binding: Binding) -> tuple[str, list[str]]:
    parts: list[str] = []
    variables: list[str] = []
    previous = "name"
    for segment in binding.segments:
        if segment.startswith(":"):
            parts[-1] += segment
            continue
        if segment in ("*", "**"):
            name = _singular(previous)
            while name in variables:
                name += "Id"
            variables.append(name)
            parts.append("{" + name + "}")
        else:
            parts.append(segment)
            previous = segment
    return "/" + "/".join(parts), variables


def _singular(plural: str) -> str:
    if plural == "corpora":
        return "corpus"
    for ending in ("ches", "shes", "xes"):
        if plural.endswith(ending):
            return plural[:-2]
    return plural[:-1] if plural.endswith("s") else plural


class _SchemaBuilder:
    """Adds the source's messages and enums to `schemas` under our naming on first use."""

    def __init__(self, source: ApiSurface, ours: ApiSurface, schemas: dict[str, Any]) -> None:
        self.source, self.ours, self.schemas = source, ours, schemas

    def schema(self, kind: TypeRef) -> dict[str, Any]:
        if kind.repeated:
            return {
                "type": "array",
                "items": self.schema(TypeRef(kind.kind, kind.ref, False, kind.value)),
            }
        if kind.kind == "map" and kind.value is not None:
            return {"type": "object", "additionalProperties": self.schema(kind.value)}
        if kind.kind in ("message", "enum"):
            return {"$ref": f"#/components/schemas/{self._named(kind)}"}
        return dict(_SCALAR_SCHEMAS.get(kind.kind, {}))

    def _named(self, kind: TypeRef) -> str:
        name = (
            kind.ref.rsplit(".", 1)[-1]
            if kind.ref.startswith("google.")
            else kind.ref.replace(".", "")
        )
        if name in self.schemas:
            return name  # already written, or being written
        if name in self.ours.messages or name in self.ours.enums:
            # Ours has it: a placeholder keeps the skeleton's references resolvable.
            self.schemas[name] = {"$comment": f"defined in {self.ours.origin}"}
            return name
        if kind.kind == "enum":
            values = (
                list(self.source.enums[kind.ref].values) if kind.ref in self.source.enums else []
            )
            self.schemas[name] = {
                "type": "string",
                "enum": values,
                "x-enum-descriptions": [""] * len(values),
            }
            return name
        self.schemas[name] = {"type": "object"}  # placeholder first: messages may recurse
        message = self.source.messages.get(kind.ref)
        properties = {f.name: self.schema(f.type) for f in message.fields} if message else {}
        if properties:
            self.schemas[name]["properties"] = properties
        return name
