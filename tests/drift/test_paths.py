"""The JSON paths where a spec's responses hold each model and enum: every path to a
model reached several ways, shortest first, in operation order; a recursive schema
ends where it repeats; the walk is bounded and says when it stopped."""

from __future__ import annotations

from generator.drift import paths
from generator.drift.paths import path_text, response_paths
from generator.parse import parse_apis
from generator.spec import check_specs

from ..support.specs import MINIMAL_SPEC, write_spec

# MINIMAL_SPEC's getThing, whose Thing now holds Label three ways, listed in a second
# operation's response, and a recursive Node.
SPEC = MINIMAL_SPEC.replace(
    "components:\n",
    """\
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/ThingList"}}}
  /nodes/{node}:
    get:
      operationId: getNode
      parameters:
        - {name: node, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Node"}}}
components:
""",
).replace(
    "        name: {type: string}\n",
    """\
        label: {$ref: "#/components/schemas/Label"}
        labels: {type: array, items: {$ref: "#/components/schemas/Label"}}
        byKey: {type: object, additionalProperties: {$ref: "#/components/schemas/Label"}}
        kind: {$ref: "#/components/schemas/Kind"}
    ThingList:
      type: object
      properties:
        things: {type: array, items: {$ref: "#/components/schemas/Thing"}}
    Label:
      type: object
      properties:
        text: {type: string}
    Kind: {type: string, enum: [A, B]}
    Node:
      type: object
      properties:
        value: {type: string}
        parent: {$ref: "#/components/schemas/Node"}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
    Unused:
      type: object
      properties:
        label: {$ref: "#/components/schemas/Label"}
""",
)


def walk(tmp_path):
    with check_specs([write_spec(tmp_path, SPEC)]) as checked:
        apis = parse_apis(checked.documents, checked.diagnostics)
        checked.finish()
    return response_paths(apis[0])


def shown(found: paths.TypePaths, field: str = "") -> list[str]:
    return [path_text(place, field) for place in found.listed]


def test_a_model_reached_several_ways_lists_each_path_shortest_first(tmp_path):
    label = walk(tmp_path)["Label"]
    assert shown(label) == [
        "getThing response: label",
        "getThing response: byKey{}",
        "getThing response: labels[]",
        "listThings response: things[].label",
        "listThings response: things[].byKey{}",
    ]
    assert label.more == 1 and label.complete  # things[].labels[]
    assert shown(label, "newThing")[1] == "getThing response: byKey{}.newThing"


def test_enums_and_whole_responses_have_paths_and_unreached_models_none(tmp_path):
    found = walk(tmp_path)
    assert shown(found["Kind"]) == ["getThing response: kind", "listThings response: things[].kind"]
    assert shown(found["Thing"]) == ["getThing response", "listThings response: things[]"]
    assert shown(found["Thing"], "newThing")[0] == "getThing response: newThing"
    assert "Unused" not in found


def test_a_recursive_schema_ends_where_it_repeats(tmp_path):
    node = walk(tmp_path)["Node"]
    assert shown(node) == [
        "getNode response",
        "getNode response: parent",
        "getNode response: children[]",
    ]
    assert node.more == 0 and node.complete


def test_the_walk_is_bounded_and_says_when_it_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_MAX_STEPS", 4)
    found = walk(tmp_path)
    assert found and not any(p.complete for p in found.values())
