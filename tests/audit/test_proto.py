"""The installed google-ai-generativelanguage package as a source, read for real."""

from __future__ import annotations

from generator.audit.proto import read_proto_package


def test_bindings_bodies_and_long_running_results_of_v1beta3() -> None:
    surface = read_proto_package("google.ai.generativelanguage_v1beta3")
    assert surface.version == "v1beta3"
    methods = {m.name: m for m in surface.methods}
    generate = methods["generateText"]
    assert [b.display() for b in generate.bindings] == [
        "POST /models/*:generateText",
        "POST /tunedModels/*:generateText",  # an additional binding
    ]
    assert generate.request == "GenerateTextRequest" and generate.path_fields == {"model"}
    create = methods["createTunedModel"]  # body: "tuned_model"; the rest are query parameters
    assert create.request == "TunedModel" and [p.name for p in create.query] == ["tunedModelId"]
    assert create.long_running is not None
    assert (create.long_running.response, create.long_running.metadata) == (
        "TunedModel", "CreateTunedModelMetadata",
    )  # fmt: skip
    update = methods["updateTunedModel"]
    assert update.path_fields == {"name"} and [p.name for p in update.query] == ["updateMask"]
    assert [p.type.kind for p in update.query] == ["field-mask"]


def test_v1beta_types_maps_and_wire_names() -> None:
    surface = read_proto_package("google.ai.generativelanguage_v1beta")
    usage = surface.messages["GenerateContentResponse.UsageMetadata"]
    assert usage.fields[0].name == "promptTokenCount"
    schema = surface.messages["Schema"]
    properties = schema.field("properties")
    assert properties is not None and properties.type.describe() == "map<string, message(Schema)>"
    streaming = next(m for m in surface.methods if m.name == "streamGenerateContent")
    assert streaming.response == "GenerateContentResponse" and len(streaming.bindings) == 3
    operations = next(m for m in surface.methods if m.name == "getOperation")
    assert operations.response == "google.longrunning.Operation"
