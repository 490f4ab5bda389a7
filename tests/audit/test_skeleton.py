"""`--skeleton`: OpenAPI 3.1 for what is missing, valid on its own."""

from __future__ import annotations

from pathlib import Path

import yaml
from openapi_spec_validator import validate

from ..support.sources import discovery, our_spec, write
from ..support.specs import SPECS_DIR, run_cli


def test_skeleton_of_v1beta_against_the_package_is_valid_openapi_31(tmp_path: Path) -> None:
    # Our spec without the tuned-model methods, their enum and token counting: the skeleton
    # must bring them back from the package's facts alone.
    spec = yaml.safe_load((SPECS_DIR / "v1beta.openapi.yaml").read_text(encoding="utf-8"))
    del spec["paths"]["/tunedModels"]
    del spec["paths"]["/models/{model}:countTokens"]
    del spec["components"]["schemas"]["TunedModelState"]
    del spec["components"]["schemas"]["TunedModel"]["properties"]["state"]
    trimmed = tmp_path / "v1beta.openapi.yaml"
    trimmed.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    out = tmp_path / "missing.yaml"
    result = run_cli(
        "audit", str(trimmed), "--allow", str(SPECS_DIR / "audit-allow.yaml"),
        "--against", "proto:google.ai.generativelanguage_v1beta", "--skeleton", str(out),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    validate(document)
    assert document["openapi"] == "3.1.0"
    create = document["paths"]["/tunedModels"]["post"]
    assert create["x-long-running"] == {
        "response": "#/components/schemas/TunedModel",
        "metadata": "#/components/schemas/CreateTunedModelMetadata",
    }
    assert create["responses"]["default"] == {"$ref": "#/components/responses/Error"}
    assert "description" not in create
    state = document["components"]["schemas"]["TunedModelState"]
    assert len(state["x-enum-descriptions"]) == len(state["enum"])
    assert "/models/{model}:countTokens" in document["paths"]
    # Schemas our spec already has are placeholders, so every reference resolves.
    assert document["components"]["schemas"]["CreateTunedModelMetadata"] == {
        "$comment": "defined in v1beta.openapi.yaml"
    }
    # A field missing from a schema we have comes as a partial schema to merge by hand.
    assert document["components"]["schemas"]["TunedModel"]["properties"] == {
        "state": {"$ref": "#/components/schemas/TunedModelState"}
    }
    # Allow-listed items (FileSearch's old shape) are not in the skeleton.
    assert "FileSearch" not in document["components"]["schemas"]


def test_skeleton_streaming_upload_and_missing_enum_value(tmp_path: Path) -> None:
    source = discovery()
    source["schemas"]["GenerateContentResponse"]["properties"]["finishReason"]["enum"].append(
        "SAFETY"
    )
    methods = source["resources"]["models"]["methods"]
    stream = dict(methods["generateContent"], id="x.models.streamGenerateContent")
    stream["flatPath"] = "v1beta/models/{modelsId}:streamGenerateContent"
    methods["streamGenerateContent"] = stream
    source["resources"]["media"] = {"methods": {"upload": {
        "id": "x.media.upload", "httpMethod": "POST", "flatPath": "v1beta/files",
        "supportsMediaUpload": True,
        "mediaUpload": {"protocols": {"simple": {"path": "/upload/v1beta/files"}}},
        "response": {"$ref": "Content"},
    }}}  # fmt: skip
    out = tmp_path / "skeleton.yaml"
    ours, src = write(tmp_path, "ours.yaml", our_spec()), write(tmp_path, "d.json", source)
    result = run_cli(
        "audit",
        str(ours),
        "--against",
        str(src),
        "--skeleton",
        str(out),
        "--allow",
        str(write(tmp_path, "a.yaml", {"allow": []})),
    )
    assert result.returncode == 1, result.stderr
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    validate(document)
    streamed = document["paths"]["/models/{model}:streamGenerateContent"]["post"]
    assert list(streamed["responses"]["200"]["content"]) == ["text/event-stream"]
    assert document["paths"]["/files"]["post"]["x-media-upload"] == {"path": "/upload/v1beta/files"}
    assert document["components"]["schemas"]["FinishReason"] == {
        "type": "string", "enum": ["SAFETY"], "x-enum-descriptions": [""],
    }  # fmt: skip
