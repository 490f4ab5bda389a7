"""Small documents for the audit tests: our OpenAPI 3.1 spec, a Discovery document and an
OpenAPI 3.0 export describing the same one-method API, built as dicts so each test can
change one thing and see exactly what is reported."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from generator.audit.compare import audit_surfaces
from generator.audit.findings import Finding
from generator.audit.ours import read_our_spec
from generator.audit.sources import read_source
from generator.diagnostics import Diagnostics
from generator.spec.load import load_spec

ERROR = {"$ref": "#/components/responses/Error"}


def our_spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "v1beta"},
        "servers": [{"url": "https://example.test/v1beta"}],
        "paths": {
            "/models/{model}:generateContent": {
                "post": {
                    "operationId": "generateContent",
                    "parameters": [
                        {"name": "model", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": _json_body("GenerateContentRequest"),
                    "responses": {"200": {"description": "ok", **_json_body("GenerateContentResponse")}, "default": ERROR},
                }
            }
        },
        "components": {
            "responses": {"Error": {"description": "error"}},
            "schemas": {
                "GenerateContentRequest": {
                    "type": "object",
                    "properties": {"contents": {"type": "array", "items": {"$ref": "#/components/schemas/Content"}}},
                },
                "Content": {"type": "object", "properties": {"role": {"type": "string"}}},
                "GenerateContentResponse": {
                    "type": "object",
                    "properties": {
                        "finishReason": {"$ref": "#/components/schemas/FinishReason"},
                        "usageMetadata": {"$ref": "#/components/schemas/UsageMetadata"},
                    },
                },
                "UsageMetadata": {"type": "object", "properties": {"promptTokenCount": {"type": "integer", "format": "int32"}}},
                "FinishReason": {"type": "string", "enum": ["STOP", "MAX_TOKENS"], "x-enum-descriptions": ["", ""]},
            },
        },
    }  # fmt: skip


def discovery() -> dict[str, Any]:
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "version": "v1beta",
        "resources": {
            "models": {
                "methods": {
                    "generateContent": {
                        "id": "generativelanguage.models.generateContent",
                        "httpMethod": "POST",
                        "path": "v1beta/{+model}:generateContent",
                        "flatPath": "v1beta/models/{modelsId}:generateContent",
                        "parameters": {"model": {"type": "string", "location": "path", "required": True}},
                        "request": {"$ref": "GenerateContentRequest"},
                        "response": {"$ref": "GenerateContentResponse"},
                    }
                }
            }
        },
        "schemas": {
            "GenerateContentRequest": {
                "id": "GenerateContentRequest",
                "type": "object",
                "properties": {
                    "model": {"type": "string"},
                    "contents": {"type": "array", "items": {"$ref": "Content"}},
                },
            },
            "Content": {"id": "Content", "type": "object", "properties": {"role": {"type": "string"}}},
            "GenerateContentResponse": {
                "id": "GenerateContentResponse",
                "type": "object",
                "properties": {
                    "finishReason": {"type": "string", "enum": ["STOP", "MAX_TOKENS"]},
                    "usageMetadata": {"$ref": "GenerateContentResponseUsageMetadata"},
                },
            },
            "GenerateContentResponseUsageMetadata": {
                "id": "GenerateContentResponseUsageMetadata",
                "type": "object",
                "properties": {"promptTokenCount": {"type": "integer", "format": "int32"}},
            },
        },
    }  # fmt: skip


def export30() -> dict[str, Any]:
    spec = copy.deepcopy(our_spec())
    spec["openapi"] = "3.0.3"
    operation = spec["paths"].pop("/models/{model}:generateContent")["post"]
    operation["operationId"] = "generativelanguage.models.generateContent"
    operation["parameters"][0]["name"] = "modelsId"
    spec["paths"]["/v1beta/models/{modelsId}:generateContent"] = {"post": operation}
    spec["paths"]["/v1beta/{+name}"] = {"get": {
        "operationId": "generativelanguage.models.get",
        "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", **_json_body("Content")}},
    }}  # fmt: skip
    return spec


def write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def audit(
    folder: Path, ours: dict[str, Any], source: dict[str, Any], name: str = "source.json"
) -> list[Finding]:
    """The findings of `ours` (written as ours.yaml) against `source`, in process."""
    diagnostics = Diagnostics()
    document = load_spec(write(folder, "ours.yaml", ours), diagnostics)
    surface = read_source(str(write(folder, name, source)), diagnostics)
    assert document is not None and surface is not None, diagnostics.items
    return audit_surfaces(read_our_spec(document), surface, document)


def keys(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.change, f.key) for f in findings}


def _json_body(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
