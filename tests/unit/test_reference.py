"""The reference page's views: signatures from the surface, routes, return shapes, and
type names linked to the anchors their headings get."""

from __future__ import annotations

import pytest

from generator.render.reference import linked, reference_view
from generator.surface import build_surface


@pytest.fixture(scope="module")
def pages(apis):
    return {m: reference_view(build_surface(api), "gemini_api") for m, api in apis.items()}


def _methods(page):
    return {m.heading.markdown.strip("`"): m for g in page.groups for m in g.methods}


def test_names_in_annotations_link_to_their_anchors():
    targets = {"models.Part": "part", "enums.State": "state"}
    assert linked("list[models.Part] | None", targets) == (
        "`list[`[`models.Part`](#part)`] \\| None`"
    )
    assert linked("enums.State", targets) == "[`enums.State`](#state)"
    # Words inside a string literal are data, never links.
    assert linked("Literal['models.Part']", targets) == "`Literal['models.Part']`"
    assert linked("str", targets) == "`str`"


@pytest.mark.parametrize("module", ["v1beta", "v1beta3"])
def test_each_signature_is_the_surfaces(apis, pages, module):
    entries = _methods(pages[module])
    surface = build_surface(apis[module])
    assert set(entries) == {m.name for m in surface.methods}
    for method in surface.methods:
        signature = entries[method.name].signature
        assert signature.startswith(f"```python\ndef {method.name}(\n    self,\n")
        assert signature.endswith(f") -> {method.returns.sync}\n```")
        for argument in method.arguments:
            assert f"\n    {argument.declaration},\n" in signature


def test_routes_and_return_shapes(pages):
    v1beta, v1beta3 = _methods(pages["v1beta"]), _methods(pages["v1beta3"])
    generate = v1beta["generate_content"]
    assert generate.routes == (
        "`POST /v1beta/models/{model}:generateContent`<br>"
        "`POST /v1beta/tunedModels/{model}:generateContent`<br>"
        "`POST /v1beta/dynamic/{model}:generateContent`"
    )
    assert generate.returns == "[`models.GenerateContentResponse`](#generatecontentresponse)"
    assert v1beta["stream_generate_content"].returns == (
        "stream of [`models.GenerateContentResponse`](#generatecontentresponse)"
    )
    assert v1beta["list_models"].returns == "pager of [`models.Model`](#model)"
    assert v1beta3["create_tuned_model"].returns == (
        "operation handle of [`models.TunedModel`](#tunedmodel), "
        "metadata [`models.CreateTunedModelMetadata`](#createtunedmodelmetadata)"
    )
    assert v1beta["upload_file"].routes == "`POST /upload/v1beta/files`"
    assert v1beta["download_file"].routes.endswith("?alt=media`")
    assert v1beta["download_file"].returns == "`int`"


def test_a_repeated_heading_gets_githubs_number(pages):
    page = pages["v1beta"]
    # The `models` methods come first, so the "Models" section is the second "models".
    assert [g.heading.anchor for g in page.groups if g.heading.markdown == "`models`"] == ["models"]
    assert page.models.anchor == "models-1"
    assert page.toc[-2].startswith("- [Models](#models-1): ")


def test_model_fields_and_enum_members(pages):
    page = pages["v1beta"]
    candidate = next(m for m in page.model_entries if m.heading.markdown == "`Candidate`")
    row = next(r for r in candidate.rows if r.startswith("| `finish_reason` "))
    assert "[`FinishReason`](#finishreason)` \\| None`" in row
    reason = next(e for e in page.enum_entries if e.heading.markdown == "`FinishReason`")
    assert reason.rows[1].startswith('| `STOP` | `"STOP"` | ')


def test_transfer_options_say_what_they_mean_there(pages):
    v1beta = _methods(pages["v1beta"])
    rows = {row.split(" | ")[0].strip("| `"): row for row in v1beta["upload_file"].arguments}
    assert "| per_call | Bounds each request of the upload on its own" in rows["timeout"]
    assert "metadata that starts the upload" in rows["extra_body"]
    download = [row.split(" | ")[0].strip("| `") for row in v1beta["download_file"].arguments]
    assert download == ["name", "destination", "timeout", "extra_headers", "extra_query"]
