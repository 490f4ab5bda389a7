"""Schemas to IR types: named and inline models, enums, unions, maps and scalars.

A throwaway mutable builder: it first reserves a Python name for every named
schema (so references and recursion need no patching), then turns schemas into
`TypeExpr`s on demand, creating models and enums for inline definitions as it
meets them. `freeze()` hands back tuples in a deterministic order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import ir
from ..diagnostics import Diagnostics, join_pointer
from ..spec.load import SpecDocument
from ..spec.refs import follow_refs, resolve_pointer
from . import naming
from .shapes import (
    ANY,
    as_nullable,
    flag,
    is_closed_object,
    is_enum,
    is_integer_enum,
    is_model,
    is_scalar_all_of,
    spec_text,
)

__all__ = ["SchemaBuilder"]

_FREE_FORM = ir.MapType(ANY)
_STRING_FORMATS = {
    "byte": ir.Scalar.BYTES,
    "date-time": ir.Scalar.DATETIME,
    "duration": ir.Scalar.DURATION,
    "google-duration": ir.Scalar.DURATION,
    "int64": ir.Scalar.INT64,
    "uint64": ir.Scalar.INT64,
}
# Validation-only keywords: the bindings accept a superset of what they allow.
_IGNORED = ("not", "if", "then", "else", "patternProperties", "prefixItems", "dependentSchemas")
# Keywords whose meaning the generator cannot reproduce: a spec using them is rejected.
_UNSUPPORTED = ("$dynamicRef", "$recursiveRef", "$dynamicAnchor", "$recursiveAnchor")
_OBJECT_KEYS = ("properties", "additionalProperties", "allOf")


@dataclass(slots=True)
class _ModelDraft:
    name: str
    pointer: str
    schema: dict[str, Any]
    fields: list[ir.Field] = field(default_factory=list)
    done: bool = False


@dataclass(slots=True)
class SchemaBuilder:
    document: SpecDocument
    diagnostics: Diagnostics
    class_names: naming.NameRegistry = field(default_factory=naming.NameRegistry)
    _models: dict[str, _ModelDraft] = field(default_factory=dict)  # by pointer, in creation order
    _enums: dict[str, ir.Enum] = field(default_factory=dict)  # by pointer
    _enum_by_values: dict[tuple[bool, tuple[Any, ...]], str] = field(default_factory=dict)
    _resolving: set[str] = field(default_factory=set)

    # -- named schemas ---------------------------------------------------------------------------

    def declare_components(self) -> None:
        """Reserve class names for every named model and enum, in spec order."""
        schemas = (self.document.data.get("components") or {}).get("schemas") or {}
        if not isinstance(schemas, dict):
            return
        for key, schema in schemas.items():
            pointer = join_pointer("#/components/schemas", key)
            if not isinstance(schema, dict):
                self._error(pointer, "a schema must be a mapping")
                continue
            if is_enum(schema):
                self._make_enum(schema, pointer, naming.class_name(str(key)))
            elif is_model(schema) or is_closed_object(schema):
                self._declare_model(schema, pointer, naming.class_name(str(key)))

    def build_all_models(self) -> None:
        # Building a model may declare inline models; loop until none is left unbuilt.
        while pending := [m for m in self._models.values() if not m.done]:
            for draft in pending:
                self._build_model(draft)

    def freeze(self) -> tuple[tuple[ir.Model, ...], tuple[ir.Enum, ...]]:
        models = tuple(
            ir.Model(
                name=d.name,
                description=spec_text(d.schema.get("description") or d.schema.get("title")),
                fields=tuple(d.fields),
                deprecated=d.schema.get("deprecated") is True,
                source=ir.Source(self.document.name, d.pointer),
            )
            for d in self._models.values()
        )
        return models, tuple(self._enums.values())

    # -- schema to type --------------------------------------------------------------------------

    def type_of(self, schema: Any, pointer: str, hint: str) -> ir.TypeExpr:
        """The IR type of `schema`; `hint` names any inline model or enum it defines."""
        if schema is True or schema == {}:
            return ANY
        if not isinstance(schema, dict):
            self._error(pointer, "a schema must be a mapping or a boolean")
            return ANY
        if "$ref" in schema:
            return self._ref_type(schema["$ref"], pointer, hint)
        for keyword in _UNSUPPORTED:
            if keyword in schema:
                self._error(join_pointer(pointer, keyword), f"unsupported construct: '{keyword}'")
        for keyword in _IGNORED:
            if keyword in schema:
                self._warn(
                    join_pointer(pointer, keyword),
                    f"'{keyword}' only validates; the generated types accept more than it allows",
                )
        if is_scalar_all_of(schema):
            return self._merged_all_of(schema, pointer, hint)
        types = schema.get("type")
        if isinstance(types, list):
            non_null = [t for t in types if t != "null"]
            if len(non_null) < len(types):
                inner = self.type_of({**schema, "type": non_null or None}, pointer, hint)
                return as_nullable(inner)
            if len(non_null) > 1:
                variants = tuple(
                    self.type_of({**schema, "type": t}, pointer, hint) for t in non_null
                )
                return ir.UnionType(variants)
            schema = {**schema, "type": non_null[0] if non_null else None}
        if schema.get("nullable") is True:
            return as_nullable(self.type_of({**schema, "nullable": False}, pointer, hint))
        if "const" in schema:
            return ir.ConstType(schema["const"])
        if is_enum(schema):
            return self._inline_enum(schema, pointer, hint)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list) and not is_model(schema):
                return self._union(schema, keyword, pointer, hint)
        if is_model(schema):
            return ir.ModelRef(self._declare_model(schema, pointer, hint).name)
        return self._plain_type(schema, pointer, hint)

    def _merged_all_of(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        """allOf over non-object parts (a type plus constraints): one schema, if they agree."""
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for index, part in enumerate(schema["allOf"]):
            part = self._deref(part)
            kind, other = merged.get("type"), part.get("type")
            if kind is not None and other is not None and kind != other:
                self._error(
                    join_pointer(pointer, "allOf", index, "type"),
                    f"allOf parts have conflicting types {kind!r} and {other!r}",
                )
                return ANY
            merged.update({k: v for k, v in part.items() if k != "description" or k not in merged})
        return self.type_of(merged, pointer, hint)

    def _plain_type(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        kind = schema.get("type")
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
        if kind == "array" or "items" in schema:
            items = schema.get("items", True)
            return ir.ArrayType(self.type_of(items, join_pointer(pointer, "items"), hint + "Item"))
        if kind == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties", True)
            if extra is True or extra == {} or extra is False:
                return _FREE_FORM
            return ir.MapType(
                self.type_of(extra, join_pointer(pointer, "additionalProperties"), hint + "Value")
            )
        if kind == "string":
            return ir.ScalarType(_STRING_FORMATS.get(fmt or "", ir.Scalar.STRING), fmt)
        if kind == "integer":
            wide = fmt in ("int64", "uint64")
            return ir.ScalarType(ir.Scalar.INT64 if wide else ir.Scalar.INTEGER, fmt)
        if kind == "number":
            return ir.ScalarType(ir.Scalar.NUMBER, fmt)
        if kind == "boolean":
            return ir.ScalarType(ir.Scalar.BOOLEAN, fmt)
        if kind in (None, "null"):
            return ir.ConstType(None) if kind == "null" else ANY
        if isinstance(kind, str):
            self._error(join_pointer(pointer, "type"), f"unknown type {kind!r}")
        else:
            self._warn(
                join_pointer(pointer, "type"), "'type' is not a type name; treated as any value"
            )
        return ANY

    def _ref_type(self, ref: str, pointer: str, hint: str) -> ir.TypeExpr:
        if ref in self._enums:
            return ir.EnumRef(self._enums[ref].name)
        if ref in self._models:
            return ir.ModelRef(self._models[ref].name)
        try:
            target = resolve_pointer(self.document.data, ref)
        except KeyError:
            self._error(pointer, f"$ref {ref!r} points to nothing")
            return ANY
        if ref in self._resolving:  # an alias cycle; reported by the reference pass
            return ANY
        self._resolving.add(ref)
        try:
            return self.type_of(target, ref, naming.class_name(ref.rsplit("/", 1)[-1]) or hint)
        finally:
            self._resolving.discard(ref)

    def _union(self, schema: dict[str, Any], keyword: str, pointer: str, hint: str) -> ir.TypeExpr:
        options = schema[keyword]
        variants: list[ir.TypeExpr] = []
        kept: list[Any] = []  # the options behind `variants`, index for index
        nullable = False
        for index, option in enumerate(options):
            if isinstance(option, dict) and option.get("type") == "null" and len(option) == 1:
                nullable = True
                continue
            kept.append(option)
            variants.append(
                self.type_of(option, join_pointer(pointer, keyword, index), f"{hint}{index + 1}")
            )
        result: ir.TypeExpr
        if not variants:
            result = ir.ConstType(None)
        elif len(variants) == 1:
            result = variants[0]
        else:
            result = self._discriminated(schema, kept, tuple(variants), pointer)
        return as_nullable(result) if nullable else result

    def _discriminated(
        self,
        schema: dict[str, Any],
        options: list[Any],
        variants: tuple[ir.TypeExpr, ...],
        pointer: str,
    ) -> ir.UnionType:
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict) or not isinstance(
            discriminator.get("propertyName"), str
        ):
            return ir.UnionType(variants)
        refs = [o.get("$ref") if isinstance(o, dict) else None for o in options]
        mapping: list[tuple[str, int]] = []
        explicit = discriminator.get("mapping") or {}
        for value, target in explicit.items():
            if target in refs:
                mapping.append((str(value), refs.index(target)))
            else:
                self._warn(
                    join_pointer(pointer, "discriminator", "mapping", value),
                    f"mapping target {target!r} is not one of the variants; ignored",
                )
        mapped = {index for _, index in mapping}
        for index, ref in enumerate(refs):
            if ref and index not in mapped:  # implicit mapping: the schema's own name
                mapping.append((ref.rsplit("/", 1)[-1], index))
        return ir.UnionType(variants, discriminator["propertyName"], tuple(mapping))

    # -- models ----------------------------------------------------------------------------------

    def _declare_model(self, schema: dict[str, Any], pointer: str, hint: str) -> _ModelDraft:
        if pointer in self._models:
            return self._models[pointer]
        draft = _ModelDraft(self.class_names.claim(hint or "Model"), pointer, schema)
        self._models[pointer] = draft
        return draft

    def _build_model(self, draft: _ModelDraft) -> None:
        draft.done = True
        properties, required = self._collect_properties(draft.schema, draft.pointer, set())
        names = naming.NameRegistry()
        for wire_name, (prop_pointer, prop) in properties.items():
            prop = prop if isinstance(prop, dict) else {}
            resolved = self._deref(prop)
            hint = draft.name + naming.class_name(wire_name)
            description = prop.get("description") or resolved.get("description")
            default = prop.get("default", resolved.get("default"))
            draft.fields.append(
                ir.Field(
                    name=names.claim(naming.field_name(wire_name)),
                    wire_name=wire_name,
                    type=self.type_of(prop, prop_pointer, hint),
                    required=wire_name in required,
                    read_only=flag(prop, resolved, "readOnly"),
                    write_only=flag(prop, resolved, "writeOnly"),
                    deprecated=flag(prop, resolved, "deprecated"),
                    description=spec_text(description),
                    default=default,
                    has_default="default" in prop or "default" in resolved,
                    source=ir.Source(self.document.name, prop_pointer),
                )
            )

    def _collect_properties(
        self, schema: dict[str, Any], pointer: str, seen: set[str]
    ) -> tuple[dict[str, tuple[str, Any]], set[str]]:
        """Properties and required names of an object, with allOf parts merged in order."""
        properties: dict[str, tuple[str, Any]] = {}
        required: set[str] = set()
        for index, part in enumerate(schema.get("allOf") or []):
            part_pointer = join_pointer(pointer, "allOf", index)
            if isinstance(part, dict) and "$ref" in part:
                part_pointer = part["$ref"]
                if part_pointer in seen:
                    continue
                seen = seen | {part_pointer}
                part = self._deref(part)
            if isinstance(part, dict):
                sub_props, sub_required = self._collect_properties(part, part_pointer, seen)
                properties.update(sub_props)
                required |= sub_required
        own = schema.get("properties") or {}
        if isinstance(own, dict):
            for key, prop in own.items():
                properties[str(key)] = (join_pointer(pointer, "properties", key), prop)
        if isinstance(schema.get("required"), list):
            required |= {str(r) for r in schema["required"]}
        return properties, required

    def _deref(self, schema: Any) -> dict[str, Any]:
        return follow_refs(self.document.data, schema)

    # -- enums -----------------------------------------------------------------------------------

    def _inline_enum(self, schema: dict[str, Any], pointer: str, hint: str) -> ir.TypeExpr:
        if pointer in self._enums:
            return ir.EnumRef(self._enums[pointer].name)
        values = [v for v in schema["enum"] if v is not None]
        nullable = len(values) < len(schema["enum"])
        key = (is_integer_enum(values), tuple(values))
        if key in self._enum_by_values:  # identical inline enums become one class
            existing = self._enum_by_values[key]
            self._enums[pointer] = self._enums[existing]
            ref: ir.TypeExpr = ir.EnumRef(self._enums[existing].name)
        else:
            ref = ir.EnumRef(self._make_enum(schema, pointer, hint).name)
        return as_nullable(ref) if nullable else ref

    def _make_enum(self, schema: dict[str, Any], pointer: str, name: str) -> ir.Enum:
        raw_values = [v for v in schema["enum"] if v is not None]
        is_integer = is_integer_enum(raw_values)
        described = schema.get("x-enum-descriptions")
        described = described if isinstance(described, list) else []
        descriptions = {v: d for v, d in zip(schema["enum"], described, strict=False)}
        members = naming.NameRegistry()
        values = []
        seen: set[Any] = set()
        for index, value in enumerate(schema["enum"]):
            if value is None:
                continue  # null makes the field nullable; it is no member
            if not is_integer and not isinstance(value, str):
                self._warn(
                    join_pointer(pointer, "enum", index),
                    f"enum value {value!r} is not a string; kept as the string {str(value)!r}",
                )
                value = str(value)
            if value in seen:
                self._warn(join_pointer(pointer, "enum", index), f"duplicate enum value {value!r}")
                continue
            seen.add(value)
            values.append(
                ir.EnumValue(
                    name=members.claim(naming.enum_member_name(value)),
                    value=value,
                    description=spec_text(descriptions.get(value)),
                    source=ir.Source(self.document.name, join_pointer(pointer, "enum", index)),
                )
            )
        enum = ir.Enum(
            name=self.class_names.claim(name or "Enum"),
            is_integer=is_integer,
            values=tuple(values),
            description=spec_text(schema.get("description") or schema.get("title")),
            source=ir.Source(self.document.name, pointer),
        )
        self._enums[pointer] = enum
        self._enum_by_values.setdefault((is_integer, tuple(v.value for v in values)), pointer)
        return enum

    # -- diagnostics -----------------------------------------------------------------------------

    def _error(self, pointer: str, message: str) -> None:
        doc = self.document
        self.diagnostics.error(doc.location, pointer, message, doc.line_of(pointer))

    def _warn(self, pointer: str, message: str) -> None:
        doc = self.document
        self.diagnostics.warning(doc.location, pointer, message, doc.line_of(pointer))
