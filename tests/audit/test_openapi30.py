"""Google's OpenAPI 3.0 export as a source."""

from __future__ import annotations

from pathlib import Path

from ..support.sources import audit, export30, keys, our_spec


def test_export_paths_with_version_and_ids(tmp_path: Path) -> None:
    # `/v1beta/models/{modelsId}:generateContent` matches ours; `/v1beta/{+name}` (GET) has
    # unknown segments and matches nothing of ours here, so it is missing.
    findings = audit(tmp_path, our_spec(), export30(), "export.yaml")
    assert keys(findings) == {("missing", "v1beta:method:GET /**")}


def test_export_field_removed_from_ours_is_missing(tmp_path: Path) -> None:
    ours = our_spec()
    ours["paths"]["/models/{model}"] = {"get": {
        "operationId": "getModel",
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Content"}}}}},
    }}  # fmt: skip
    del ours["components"]["schemas"]["UsageMetadata"]["properties"]["promptTokenCount"]
    findings = audit(tmp_path, ours, export30(), "export.json")
    assert keys(findings) == {("missing", "v1beta:field:UsageMetadata.promptTokenCount")}
    assert findings[0].pointer == "#/components/schemas/UsageMetadata/properties"
