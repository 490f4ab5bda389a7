"""Discovery documents: one test per quirk, each asserting the reported items."""

from __future__ import annotations

from pathlib import Path

from ..support.sources import audit, discovery, keys, our_spec

GENERATE = "v1beta:method:POST /models/*:generateContent"


def test_matching_documents_report_nothing(tmp_path: Path) -> None:
    # Names differ (UsageMetadata vs GenerateContentResponseUsageMetadata), and the
    # path-bound `model` field is in the source's request schema only.
    assert audit(tmp_path, our_spec(), discovery()) == []


def test_reserved_expansion_path_without_flat_path_still_matches(tmp_path: Path) -> None:
    source = discovery()
    del source["resources"]["models"]["methods"]["generateContent"]["flatPath"]
    assert audit(tmp_path, our_spec(), source) == []


def test_flat_path_is_preferred_to_the_reserved_expansion(tmp_path: Path) -> None:
    source = discovery()
    method = source["resources"]["models"]["methods"]["generateContent"]
    method["flatPath"] = "v1beta/tunedModels/{tunedModelsId}:generateContent"
    findings = audit(tmp_path, our_spec(), source)
    assert keys(findings) == {
        ("rebound", "v1beta:method:POST /tunedModels/*:generateContent"),
        ("extra", GENERATE),
    }
    rebound = next(f for f in findings if f.change == "rebound")
    assert rebound.pointer == "#/paths/~1models~1{model}:generateContent/post"
    assert rebound.line > 0 and rebound.file == "ours.yaml"


def test_one_method_under_several_resources_is_one_method_with_two_bindings(tmp_path: Path) -> None:
    source = discovery()
    method = dict(source["resources"]["models"]["methods"]["generateContent"])
    method["id"] = "generativelanguage.tunedModels.generateContent"
    method["flatPath"] = "v1beta/tunedModels/{tunedModelsId}:generateContent"
    source["resources"]["tunedModels"] = {"methods": {"generateContent": method}}
    assert keys(audit(tmp_path, our_spec(), source)) == {
        ("missing", "v1beta:binding:generateContent POST /tunedModels/*:generateContent")
    }
    ours = our_spec()
    operation = ours["paths"]["/models/{model}:generateContent"]["post"]
    operation["x-additional-paths"] = ["/tunedModels/{tunedModel}:generateContent"]
    assert audit(tmp_path, ours, source) == []


def test_repeated_query_parameter_is_a_list(tmp_path: Path) -> None:
    source = discovery()
    parameters = source["resources"]["models"]["methods"]["generateContent"]["parameters"]
    parameters["types"] = {"type": "string", "location": "query", "repeated": True}
    ours = our_spec()
    operation = ours["paths"]["/models/{model}:generateContent"]["post"]
    operation["parameters"].append({"name": "types", "in": "query", "schema": {"type": "string"}})
    findings = audit(tmp_path, ours, source)
    assert keys(findings) == {("different", "v1beta:type:generateContent.types")}
    assert "string here but repeated string in the source" in findings[0].message
    operation["parameters"][-1]["schema"] = {"type": "array", "items": {"type": "string"}}
    assert audit(tmp_path, ours, source) == []


def test_missing_query_parameter_fails(tmp_path: Path) -> None:
    source = discovery()
    parameters = source["resources"]["models"]["methods"]["generateContent"]["parameters"]
    parameters["pageSize"] = {"type": "integer", "format": "int32", "location": "query"}
    findings = audit(tmp_path, our_spec(), source)
    assert keys(findings) == {("missing", "v1beta:parameter:generateContent.pageSize")}
    assert findings[0].fails


def test_annotations_required_is_not_a_field(tmp_path: Path) -> None:
    source = discovery()
    contents = source["schemas"]["GenerateContentRequest"]["properties"]["contents"]
    contents["annotations"] = {"required": ["generativelanguage.models.generateContent"]}
    assert audit(tmp_path, our_spec(), source) == []


def test_media_upload_protocol_path(tmp_path: Path) -> None:
    source = discovery()
    source["resources"]["media"] = {"methods": {"upload": {
        "id": "generativelanguage.media.upload", "httpMethod": "POST",
        "path": "v1beta/files", "flatPath": "v1beta/files",
        "supportsMediaUpload": True,
        "mediaUpload": {"accept": ["*/*"], "protocols": {
            "simple": {"multipart": True, "path": "/upload/v1beta/files"},
            "resumable": {"multipart": True, "path": "/resumable/upload/v1beta/files"},
        }},
        "response": {"$ref": "Content"},
    }}}  # fmt: skip
    ours = our_spec()
    ours["paths"]["/files"] = {"post": {
        "operationId": "createFile",
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Content"}}}}},
    }}  # fmt: skip
    findings = audit(tmp_path, ours, source)
    assert keys(findings) == {("missing", "v1beta:upload:createFile")}
    ours["paths"]["/files"]["post"]["x-media-upload"] = {"path": "/upload/v1beta/files"}
    assert audit(tmp_path, ours, source) == []


def test_media_download(tmp_path: Path) -> None:
    source = discovery()
    source["resources"]["models"]["methods"]["generateContent"]["supportsMediaDownload"] = True
    assert keys(audit(tmp_path, our_spec(), source)) == {
        ("missing", "v1beta:download:generateContent")
    }


def test_enum_descriptions_and_deprecated_lists_are_not_values(tmp_path: Path) -> None:
    source = discovery()
    reason = source["schemas"]["GenerateContentResponse"]["properties"]["finishReason"]
    reason["enum"] = ["STOP", "MAX_TOKENS", "SAFETY"]
    reason["enumDescriptions"] = ["Stopped.", "Too long.", "Unsafe."]
    reason["enumDeprecated"] = [False, False, True]
    findings = audit(tmp_path, our_spec(), source)
    assert keys(findings) == {("missing", "v1beta:enum:FinishReason.SAFETY")}
    assert findings[0].pointer == "#/components/schemas/FinishReason/enum"


def test_type_any(tmp_path: Path) -> None:
    source = discovery()
    source["schemas"]["Content"]["properties"]["value"] = {"type": "any"}
    ours = our_spec()
    ours["components"]["schemas"]["Content"]["properties"]["value"] = {"description": "untyped"}
    assert audit(tmp_path, ours, source) == []
    ours["components"]["schemas"]["Content"]["properties"]["value"] = {"type": "string"}
    assert keys(audit(tmp_path, ours, source)) == {("different", "v1beta:type:Content.value")}


def test_google_formats_map_onto_ours(tmp_path: Path) -> None:
    source, ours = discovery(), our_spec()
    pairs = {
        "count": ({"type": "string", "format": "int64"}, {"type": "integer", "format": "int64"}),
        "data": ({"type": "string", "format": "byte"}, {"type": "string", "format": "byte"}),
        "at": ({"type": "string", "format": "google-datetime"}, {"type": "string", "format": "date-time"}),
        "took": ({"type": "string", "format": "google-duration"}, {"type": "string", "format": "duration"}),
        "mask": ({"type": "string", "format": "google-fieldmask"}, {"type": "string", "format": "field-mask"}),
    }  # fmt: skip
    for name, (theirs, mine) in pairs.items():
        source["schemas"]["Content"]["properties"][name] = theirs
        ours["components"]["schemas"]["Content"]["properties"][name] = mine
    assert audit(tmp_path, ours, source) == []
    ours["components"]["schemas"]["Content"]["properties"]["count"] = {
        "type": "integer",
        "format": "int32",
    }
    findings = audit(tmp_path, ours, source)
    assert keys(findings) == {("different", "v1beta:type:Content.count")}
    assert "int32 here but int64 in the source" in findings[0].message
    assert not findings[0].fails


def test_recursive_refs_are_walked_once(tmp_path: Path) -> None:
    source, ours = discovery(), our_spec()
    source["schemas"]["Content"]["properties"]["children"] = {
        "type": "array",
        "items": {"$ref": "Content"},
    }
    source["schemas"]["Content"]["properties"]["text"] = {"type": "string"}
    children = {"type": "array", "items": {"$ref": "#/components/schemas/Content"}}
    ours["components"]["schemas"]["Content"]["properties"]["children"] = children
    findings = audit(tmp_path, ours, source)
    assert keys(findings) == {("missing", "v1beta:field:Content.text")}
    assert findings[0].pointer == "#/components/schemas/Content/properties"


def test_standard_parameters_are_ignored(tmp_path: Path) -> None:
    source = discovery()
    parameters = source["resources"]["models"]["methods"]["generateContent"]["parameters"]
    for name in ("$.xgafv", "alt", "callback", "fields", "key", "access_token", "oauth_token",
                 "prettyPrint", "quotaUser", "upload_protocol", "uploadType"):  # fmt: skip
        parameters[name] = {"type": "string", "location": "query"}
    source["parameters"] = dict(parameters)
    ours = our_spec()
    operation = ours["paths"]["/models/{model}:generateContent"]["post"]
    operation["parameters"].append({"name": "alt", "in": "query", "schema": {"type": "string"}})
    assert audit(tmp_path, ours, source) == []


def test_missing_method(tmp_path: Path) -> None:
    source = discovery()
    source["resources"]["models"]["methods"]["get"] = {
        "id": "generativelanguage.models.get", "httpMethod": "GET",
        "path": "v1beta/{+name}", "flatPath": "v1beta/models/{modelsId}",
        "parameters": {"name": {"type": "string", "location": "path"}},
        "response": {"$ref": "Content"},
    }  # fmt: skip
    findings = audit(tmp_path, our_spec(), source)
    assert keys(findings) == {("missing", "v1beta:method:GET /models/*")}
    assert findings[0].source == "#/resources/models/methods/get" and findings[0].fails
