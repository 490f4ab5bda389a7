"""Spec snippets to IR: every kind of type the generator supports, checked node by node."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.conventions import detect_conventions
from generator.diagnostics import Diagnostics
from generator.parse.parser import parse_api
from generator.spec.checks import check_prepared, prepare_document
from generator.spec.load import load_spec_text
from generator.spec.openapi_validator import spec_validator_findings

HEADER = """\
openapi: 3.1.0
info: {title: T, version: v1}
paths: {}
components:
  schemas:
"""


def parse(schemas: str, *, header: str = HEADER, paths: str = "") -> tuple[ir.Api, Diagnostics]:
    text = header + textwrap.indent(textwrap.dedent(schemas), "    ")
    if paths:
        text = text.replace(
            "paths: {}\n", "paths:\n" + textwrap.indent(textwrap.dedent(paths), "  ")
        )
    diagnostics = Diagnostics()
    document = load_spec_text(Path("t.yaml"), text.encode(), diagnostics)
    assert document is not None, diagnostics.items
    assert prepare_document(document, diagnostics)
    assert check_prepared(document, diagnostics)
    diagnostics.items.extend(spec_validator_findings(document).problems(others_found=False))
    assert not diagnostics.has_errors, [d.format() for d in diagnostics.items]
    return parse_api(document, "v1", detect_conventions(document.data), diagnostics), diagnostics


def model(api: ir.Api, name: str) -> ir.Model:
    return next(m for m in api.models if m.name == name)


def field(api: ir.Api, model_name: str, wire: str) -> ir.Field:
    return next(f for f in model(api, model_name).fields if f.wire_name == wire)


S = ir.ScalarType


def test_scalars_and_formats():
    api, _ = parse("""
        T:
          type: object
          properties:
            s: {type: string}
            i32: {type: integer, format: int32}
            i64: {type: integer, format: int64}
            i64s: {type: string, format: int64}
            f: {type: number, format: float}
            b: {type: boolean}
            raw: {type: string, format: byte}
            when: {type: string, format: date-time}
            took: {type: string, format: duration}
            anything: {}
    """)
    types = {f.wire_name: f.type for f in model(api, "T").fields}
    assert types["s"] == S(ir.Scalar.STRING)
    assert types["i32"] == S(ir.Scalar.INTEGER, "int32")
    assert types["i64"] == S(ir.Scalar.INT64, "int64")
    assert types["i64s"] == S(ir.Scalar.INT64, "int64")
    assert types["f"] == S(ir.Scalar.NUMBER, "float")
    assert types["b"] == S(ir.Scalar.BOOLEAN)
    assert types["raw"] == S(ir.Scalar.BYTES, "byte")
    assert types["when"] == S(ir.Scalar.DATETIME, "date-time")
    assert types["took"] == S(ir.Scalar.DURATION, "duration")
    assert types["anything"] == S(ir.Scalar.ANY)


def test_arrays_maps_and_free_form_objects():
    api, _ = parse("""
        T:
          type: object
          properties:
            tags: {type: array, items: {type: string}}
            counts: {type: object, additionalProperties: {type: integer}}
            free: {type: object, additionalProperties: true}
            bare: {type: object}
            nested: {type: array, items: {type: array, items: {$ref: '#/components/schemas/T'}}}
    """)
    types = {f.wire_name: f.type for f in model(api, "T").fields}
    assert types["tags"] == ir.ArrayType(S(ir.Scalar.STRING))
    assert types["counts"] == ir.MapType(S(ir.Scalar.INTEGER))
    assert types["free"] == ir.MapType(S(ir.Scalar.ANY))
    assert types["bare"] == ir.MapType(S(ir.Scalar.ANY))
    assert types["nested"] == ir.ArrayType(ir.ArrayType(ir.ModelRef("T")))


def test_nullable_in_both_dialects():
    api, _ = parse(
        """
        T:
          type: object
          properties:
            old: {type: string, nullable: true}
        """,
        header=HEADER.replace("3.1.0", "3.0.3"),
    )
    assert field(api, "T", "old").type == ir.NullableType(S(ir.Scalar.STRING))
    api, _ = parse("""
        T:
          type: object
          properties:
            new: {type: [string, "null"]}
            either: {type: [string, integer]}
            ref_or_null:
              anyOf: [{$ref: '#/components/schemas/U'}, {type: "null"}]
        U: {type: object, properties: {x: {type: string}}}
    """)
    assert field(api, "T", "new").type == ir.NullableType(S(ir.Scalar.STRING))
    assert field(api, "T", "either").type == ir.UnionType(
        (S(ir.Scalar.STRING), S(ir.Scalar.INTEGER))
    )
    assert field(api, "T", "ref_or_null").type == ir.NullableType(ir.ModelRef("U"))


def test_all_of_is_merged_in_order():
    api, _ = parse("""
        Base:
          type: object
          required: [id]
          properties:
            id: {type: string}
            shared: {type: string}
        Child:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              required: [extra]
              properties:
                extra: {type: integer}
                shared: {type: integer}
    """)
    child = model(api, "Child")
    assert [f.wire_name for f in child.fields] == ["id", "shared", "extra"]
    assert {f.wire_name for f in child.fields if f.required} == {"id", "extra"}
    assert field(api, "Child", "shared").type == S(ir.Scalar.INTEGER)  # the later part wins


def test_one_of_with_discriminator():
    api, _ = parse("""
        Cat: {type: object, properties: {kind: {type: string}, purrs: {type: boolean}}}
        Dog: {type: object, properties: {kind: {type: string}, barks: {type: boolean}}}
        Owner:
          type: object
          properties:
            pet:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator:
                propertyName: kind
                mapping: {meow: '#/components/schemas/Cat'}
    """)
    pet = field(api, "Owner", "pet").type
    assert isinstance(pet, ir.UnionType)
    assert pet.variants == (ir.ModelRef("Cat"), ir.ModelRef("Dog"))
    assert pet.discriminator == "kind"
    assert dict(pet.mapping) == {"meow": 0, "Dog": 1}


def test_const_and_defaults_and_flags():
    api, _ = parse("""
        T:
          type: object
          properties:
            kind: {const: fixed}
            size: {type: integer, default: 10}
            server: {type: string, readOnly: true}
            secret: {type: string, writeOnly: true}
            old: {type: string, deprecated: true, description: Gone soon.}
    """)
    assert field(api, "T", "kind").type == ir.ConstType("fixed")
    size = field(api, "T", "size")
    assert size.has_default and size.default == 10
    assert field(api, "T", "server").read_only
    assert field(api, "T", "secret").write_only
    old = field(api, "T", "old")
    assert old.deprecated and old.description == "Gone soon."
    assert field(api, "T", "server").source.pointer == "#/components/schemas/T/properties/server"


def test_recursive_references_need_no_patching():
    api, _ = parse("""
        Node:
          type: object
          properties:
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
    """)
    assert field(api, "Node", "children").type == ir.ArrayType(ir.ModelRef("Node"))
    assert field(api, "Node", "byName").type == ir.MapType(ir.ModelRef("Node"))


def test_inline_objects_are_named_from_parent_and_field():
    api, _ = parse("""
        Outer:
          type: object
          properties:
            inner:
              type: object
              properties:
                deeper: {type: object, properties: {x: {type: string}}}
            items:
              type: array
              items: {type: object, properties: {y: {type: string}}}
    """)
    names = [m.name for m in api.models]
    assert names == ["Outer", "OuterInner", "OuterItemsItem", "OuterInnerDeeper"]
    assert field(api, "OuterInner", "deeper").type == ir.ModelRef("OuterInnerDeeper")
    assert model(api, "OuterInnerDeeper").source.pointer.endswith("/inner/properties/deeper")


def test_inline_enums_are_named_from_their_field_and_deduplicated():
    api, _ = parse("""
        A:
          type: object
          properties:
            color: {type: string, enum: [red, green]}
            level: {type: integer, enum: [1, 2, 3]}
        B:
          type: object
          properties:
            shade: {type: string, enum: [red, green]}
            maybe: {type: string, enum: [yes, no, null]}
    """)
    enums = {e.name: e for e in api.enums}
    assert set(enums) == {"AColor", "ALevel", "BMaybe"}
    assert field(api, "B", "shade").type == ir.EnumRef("AColor")
    assert enums["ALevel"].is_integer and [v.name for v in enums["ALevel"].values] == [
        "VALUE_1", "VALUE_2", "VALUE_3",
    ]  # fmt: skip
    assert field(api, "B", "maybe").type == ir.NullableType(ir.EnumRef("BMaybe"))


def test_named_enums_keep_order_and_descriptions():
    api, _ = parse("""
        Mode:
          type: string
          enum: [A, B]
          x-enum-descriptions: [First., Second.]
    """)
    (mode,) = api.enums
    assert [(v.name, v.value, v.description) for v in mode.values] == [
        ("A", "A", "First."), ("B", "B", "Second."),
    ]  # fmt: skip


PATHS = """
/items:
  get:
    operationId: listItems
    parameters:
      - {name: pageSize, in: query, schema: {type: integer}}
      - {name: pageToken, in: query, schema: {type: string}}
      - {name: X-Trace, in: header, schema: {type: string}}
    responses:
      "200":
        description: ok
        content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
/items/{item}:stream:
  post:
    operationId: streamItem
    parameters:
      - {name: item, in: path, required: true, schema: {type: string}}
      - {name: alt, in: query, schema: {type: string, enum: [sse]}}
    requestBody:
      required: true
      content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
    responses:
      "200":
        description: ok
        content: {text/event-stream: {schema: {$ref: '#/components/schemas/Item'}}}
/jobs:
  post:
    operationId: startJob
    x-long-running: {response: '#/components/schemas/Item', metadata: '#/components/schemas/Page'}
    responses:
      "200":
        description: ok
        content: {application/json: {schema: {$ref: '#/components/schemas/Operation'}}}
"""
SCHEMAS = """
Item: {type: object, properties: {name: {type: string}}}
Page:
  type: object
  properties:
    items: {type: array, items: {$ref: '#/components/schemas/Item'}}
    nextPageToken: {type: string}
Operation: {type: object, properties: {name: {type: string}, done: {type: boolean}}}
"""


def test_operations_streaming_pagination_and_long_running():
    api, _ = parse(SCHEMAS, paths=PATHS)
    ops = {o.operation_id: o for o in api.operations}
    listing = ops["listItems"]
    assert listing.method_name == "list_items"
    assert listing.pagination == ir.Pagination(
        "pageToken", "pageSize", "nextPageToken", "items", ir.ModelRef("Item")
    )
    assert [(p.name, p.location) for p in listing.params] == [
        ("page_size", ir.ParamLocation.QUERY), ("page_token", ir.ParamLocation.QUERY),
        ("x_trace", ir.ParamLocation.HEADER),
    ]  # fmt: skip
    stream = ops["streamItem"]
    assert stream.streaming and stream.response == ir.ModelRef("Item")
    assert stream.request_body == ir.ModelRef("Item") and stream.request_required
    alt = next(p for p in stream.params if p.wire_name == "alt")
    assert alt.constant == "sse"
    assert api.enums == ()  # a constant parameter creates no enum class
    job = ops["startJob"]
    assert job.long_running == ir.LongRunning(ir.ModelRef("Item"), ir.ModelRef("Page"))


def test_ir_is_frozen():
    api, _ = parse(SCHEMAS, paths=PATHS)
    with pytest.raises(AttributeError):
        api.models[0].name = "Other"  # type: ignore[misc]
    assert isinstance(api.models, tuple) and isinstance(api.models[0].fields, tuple)


def test_percent_encoded_pointers_and_enums_of_objects():
    api, _ = parse("""
        T:
          type: object
          properties:
            shape:
              type: object
              enum: [{a: 1}, [1, 2]]
            also: {$ref: '#/components/schemas/T/properties/%7Bodd%7D'}
            "{odd}": {type: string}
        """)
    assert field(api, "T", "shape").type == ir.MapType(S(ir.Scalar.ANY))  # no enum class
    assert field(api, "T", "also").type == S(ir.Scalar.STRING)
    assert api.enums == ()
