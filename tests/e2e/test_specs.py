"""specs/: both files are valid OpenAPI 3.1, complete, and their enums match the goldens."""

from __future__ import annotations

import copy

import pytest
from openapi_spec_validator import validate

from generator.spec.refs import iter_refs, resolve_pointer

from ..support.specs import SPECS, golden_enums, load_yaml

METHODS = ("get", "put", "post", "delete", "patch")
DOCS = {path.name.split(".")[0]: load_yaml(path) for path in SPECS}


def operations(doc):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def enum_mismatches(docs, goldens):
    """Every golden enum whose spec values differ (missing, extra or reordered)."""
    problems = []
    for (version, name), expected in goldens.items():
        schema = docs[version]["components"]["schemas"].get(name)
        actual = schema.get("enum") if schema else None
        if actual != expected:
            problems.append(f"{version} {name}: spec {actual} != golden {expected}")
    return problems


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_spec_passes_openapi_spec_validator(spec):
    validate(load_yaml(spec))


def test_spec_enums_equal_goldens_in_order():
    assert enum_mismatches(DOCS, golden_enums()) == []


@pytest.mark.parametrize("change", ["remove", "reorder"])
def test_golden_comparison_catches_a_changed_enum(change):
    docs = copy.deepcopy(DOCS)
    values = docs["v1beta"]["components"]["schemas"]["FinishReason"]["enum"]
    if change == "remove":
        values.remove("SPII")
    else:
        values[1], values[2] = values[2], values[1]
    problems = enum_mismatches(docs, golden_enums())
    assert len(problems) == 1 and "FinishReason" in problems[0]


def test_golden_lists_have_the_documented_sizes():
    sizes = {key: len(values) for key, values in golden_enums().items()}
    assert sizes[("v1beta", "FinishReason")] == 19
    assert sizes[("v1beta", "BlockReason")] == 6
    assert sizes[("v1beta", "HarmCategory")] == 12
    assert sizes[("v1beta3", "HarmCategory")] == 7
    assert sizes[("v1beta3", "BlockedReason")] == 3


@pytest.mark.parametrize("version", sorted(DOCS))
def test_every_ref_resolves(version):
    doc = DOCS[version]
    refs = list(iter_refs(doc))
    assert refs
    for pointer, ref in refs:
        try:
            resolve_pointer(doc, ref)
        except KeyError:
            pytest.fail(f"{version} {pointer}: $ref {ref} resolves to nothing")


@pytest.mark.parametrize("version", sorted(DOCS))
def test_every_operation_has_an_id_and_typed_success_and_error_responses(version):
    doc = DOCS[version]
    ids = []
    for path, method, op in operations(doc):
        where = f"{method.upper()} {path}"
        assert op.get("operationId"), where
        ids.append(op["operationId"])
        success = op["responses"]["200"]
        content = success["content"]
        schema = next(iter(content.values()))["schema"]
        assert "$ref" in schema, where
        errors = {
            code: r for code, r in op["responses"].items() if code == "default" or code >= "400"
        }
        assert "default" in errors, where
        for code, response in errors.items():
            target = resolve_pointer(doc, response["$ref"]) if "$ref" in response else response
            error_schema = target["content"]["application/json"]["schema"]
            assert error_schema == {"$ref": "#/components/schemas/ErrorResponse"}, (where, code)
    assert len(ids) == len(set(ids))


def test_error_body_is_a_google_rpc_status():
    for doc in DOCS.values():
        schemas = doc["components"]["schemas"]
        assert schemas["ErrorResponse"]["properties"]["error"] == {
            "$ref": "#/components/schemas/Status"
        } or (
            schemas["ErrorResponse"]["properties"]["error"]["$ref"] == "#/components/schemas/Status"
        )
        assert {"code", "message", "status", "details"} <= set(schemas["Status"]["properties"])


def test_v1beta_operations():
    ops = {op["operationId"]: (method, path) for path, method, op in operations(DOCS["v1beta"])}
    # The methods users reach for first, as the reference pages bind them.
    assert {
        "generateContent": ("post", "/models/{model}:generateContent"),
        "streamGenerateContent": ("post", "/models/{model}:streamGenerateContent"),
        "embedContent": ("post", "/models/{model}:embedContent"),
        "countTokens": ("post", "/models/{model}:countTokens"),
        "batchEmbedContents": ("post", "/models/{model}:batchEmbedContents"),
        "listModels": ("get", "/models"),
        "getModel": ("get", "/models/{model}"),
        "listTunedModels": ("get", "/tunedModels"),
        "createCachedContent": ("post", "/cachedContents"),
        "getCachedContent": ("get", "/cachedContents/{cachedContent}"),
        "listCachedContents": ("get", "/cachedContents"),
        "updateCachedContent": ("patch", "/cachedContents/{cachedContent}"),
        "deleteCachedContent": ("delete", "/cachedContents/{cachedContent}"),
        "createFile": ("post", "/files"),
        "listFiles": ("get", "/files"),
        "getFile": ("get", "/files/{file}"),
        "deleteFile": ("delete", "/files/{file}"),
        "registerFiles": ("post", "/files:register"),
        "listGeneratedFiles": ("get", "/generatedFiles"),
    }.items() <= ops.items()
    assert len(ops) == 75
    generate = DOCS["v1beta"]["paths"]["/models/{model}:generateContent"]["post"]
    assert generate["x-additional-paths"] == [
        "/tunedModels/{model}:generateContent",
        "/dynamic/{model}:generateContent",
    ]
    stream = DOCS["v1beta"]["paths"]["/models/{model}:streamGenerateContent"]["post"]
    assert "text/event-stream" in stream["responses"]["200"]["content"]
    alt = next(p for p in stream["parameters"] if p["name"] == "alt")
    assert alt["in"] == "query" and alt["schema"]["enum"] == ["sse"]


V1BETA3_OPERATIONS = {
    "generateMessage", "countMessageTokens", "getModel", "listModels", "generateText",
    "embedText", "batchEmbedText", "countTextTokens",
    "getTunedModel", "listTunedModels", "createTunedModel", "updateTunedModel",
    "deleteTunedModel", "transferOwnership", "generateTextTunedModel",
    "createTunedModelPermission", "getTunedModelPermission", "listTunedModelPermissions",
    "updateTunedModelPermission", "deleteTunedModelPermission",
    "createCorpusPermission", "getCorpusPermission", "listCorpusPermissions",
    "updateCorpusPermission", "deleteCorpusPermission",
}  # fmt: skip


def test_v1beta3_has_all_25_operations():
    ids = [op["operationId"] for _, _, op in operations(DOCS["v1beta3"])]
    assert len(ids) == 25
    assert set(ids) == V1BETA3_OPERATIONS


def test_v1beta3_long_running_and_patch_operations():
    paths = DOCS["v1beta3"]["paths"]
    create = paths["/tunedModels"]["post"]
    assert create["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/Operation"
    )
    assert create["x-long-running"]["response"] == "#/components/schemas/TunedModel"
    patch = paths["/tunedModels/{tunedModel}"]["patch"]
    assert any(p["name"] == "updateMask" and p["in"] == "query" for p in patch["parameters"])


REQUIRED_FIELDS = {
    "v1beta": {
        "GenerateContentRequest": ["contents", "tools", "toolConfig", "safetySettings",
                                   "systemInstruction", "generationConfig", "cachedContent"],
        "GenerateContentResponse": ["candidates", "promptFeedback", "usageMetadata", "modelVersion", "responseId"],
        "Content": ["parts", "role"],
        "Part": ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode",
                 "codeExecutionResult", "thought", "thoughtSignature", "videoMetadata"],
        "Blob": ["mimeType", "data"],
        "FileData": ["mimeType", "fileUri"],
        "FunctionCall": ["name", "args"],
        "FunctionResponse": ["name", "response"],
        "Tool": ["functionDeclarations", "codeExecution", "googleSearch", "googleSearchRetrieval", "urlContext"],
        "GoogleSearch": ["timeRangeFilter"],
        "FunctionDeclaration": ["name", "description", "parameters"],
        "Schema": ["type", "items", "properties", "anyOf", "enum", "required"],
        "ToolConfig": ["functionCallingConfig"],
        "FunctionCallingConfig": ["mode", "allowedFunctionNames"],
        "SafetySetting": ["category", "threshold"],
        "SafetyRating": ["category", "probability", "blocked"],
        "GenerationConfig": ["thinkingConfig", "imageConfig", "speechConfig", "responseModalities",
                             "responseSchema", "responseJsonSchema", "mediaResolution",
                             "responseLogprobs", "logprobs", "temperature", "topP", "topK",
                             "maxOutputTokens", "stopSequences", "candidateCount"],
        "Candidate": ["content", "finishReason", "safetyRatings", "citationMetadata", "tokenCount",
                      "groundingMetadata", "groundingAttributions", "logprobsResult",
                      "urlContextMetadata", "avgLogprobs", "finishMessage", "index"],
        "CitationMetadata": ["citationSources"],
        "PromptFeedback": ["blockReason", "safetyRatings"],
        "UsageMetadata": ["promptTokenCount", "candidatesTokenCount", "totalTokenCount",
                          "cachedContentTokenCount", "toolUsePromptTokenCount", "thoughtsTokenCount",
                          "promptTokensDetails", "cacheTokensDetails", "candidatesTokensDetails",
                          "toolUsePromptTokensDetails"],
        "GroundingMetadata": ["groundingChunks", "groundingSupports", "webSearchQueries",
                              "searchEntryPoint", "retrievalMetadata"],
        "EmbedContentRequest": ["content", "taskType", "title", "outputDimensionality"],
        "EmbedContentResponse": ["embedding"],
        "ContentEmbedding": ["values"],
    },
    "v1beta3": {
        "Model": ["name", "baseModelId", "version", "displayName", "inputTokenLimit", "outputTokenLimit",
                  "supportedGenerationMethods"],
        "TunedModel": ["name", "tunedModelSource", "baseModel", "state", "createTime", "updateTime",
                       "tuningTask"],
        "TunedModelSource": ["tunedModel", "baseModel"],
        "TuningTask": ["startTime", "completeTime", "snapshots", "trainingData", "hyperparameters"],
        "Hyperparameters": ["learningRate", "epochCount", "batchSize"],
        "Dataset": ["examples"],
        "TuningExamples": ["examples"],
        "TuningExample": ["textInput", "output"],
        "TuningSnapshot": ["step", "epoch", "meanLoss", "computeTime"],
        "Permission": ["name", "granteeType", "emailAddress", "role"],
        "MessagePrompt": ["context", "examples", "messages"],
        "Message": ["author", "content", "citationMetadata"],
        "Example": ["input", "output"],
        "TextPrompt": ["text"],
        "TextCompletion": ["output", "safetyRatings", "citationMetadata"],
        "GenerateTextResponse": ["candidates", "filters", "safetyFeedback"],
        "GenerateMessageResponse": ["candidates", "messages", "filters"],
        "ContentFilter": ["reason", "message"],
        "SafetyFeedback": ["rating", "setting"],
        "SafetySetting": ["category", "threshold"],
        "SafetyRating": ["category", "probability"],
        "CitationMetadata": ["citationSources"],
        "Embedding": ["value"],
        "ListModelsResponse": ["models", "nextPageToken"],
        "ListTunedModelsResponse": ["tunedModels", "nextPageToken"],
        "ListPermissionsResponse": ["permissions", "nextPageToken"],
        "Operation": ["name", "metadata", "done", "error", "response"],
        "CreateTunedModelMetadata": ["tunedModel", "totalSteps", "completedSteps", "completedPercent",
                                     "snapshots"],
        "CountMessageTokensResponse": ["tokenCount"],
        "CountTextTokensResponse": ["tokenCount"],
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("version", "schema"),
    [(v, s) for v, schemas in REQUIRED_FIELDS.items() for s in schemas],
)
def test_named_type_has_its_fields(version, schema):
    properties = DOCS[version]["components"]["schemas"][schema]["properties"]
    missing = [f for f in REQUIRED_FIELDS[version][schema] if f not in properties]
    assert missing == []


NAMED_ENUMS = {
    "v1beta": ["FinishReason", "BlockReason", "HarmCategory", "HarmProbability", "HarmBlockThreshold"],
    "v1beta3": ["HarmCategory", "HarmProbability", "HarmBlockThreshold", "BlockedReason",
                "GranteeType", "Role", "State"],
}  # fmt: skip


@pytest.mark.parametrize("version", sorted(DOCS))
def test_every_enum_is_named_and_every_value_described(version):
    schemas = DOCS[version]["components"]["schemas"]
    for name in NAMED_ENUMS[version]:
        assert "enum" in schemas[name], name
    for name, schema in schemas.items():
        if "enum" not in schema:
            continue
        descriptions = schema.get("x-enum-descriptions", [])
        assert len(descriptions) == len(schema["enum"]), name
        assert all(isinstance(d, str) and d.strip() for d in descriptions), name


@pytest.mark.parametrize("version", sorted(DOCS))
def test_both_api_key_schemes_are_declared(version):
    schemes = DOCS[version]["components"]["securitySchemes"]
    locations = {(s["in"], s["name"]) for s in schemes.values() if s["type"] == "apiKey"}
    assert locations == {("header", "x-goog-api-key"), ("query", "key")}
