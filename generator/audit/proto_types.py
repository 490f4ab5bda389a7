"""Messages and enums of an installed proto-plus package, in the common vocabulary.

Proto-plus messages are read through `Message.meta.fields`; the plain protobuf messages
they reach (google.longrunning.Operation, google.rpc.Status) through their descriptors.
Wire names follow the descriptor's `json_name` (lowerCamelCase unless the proto says else).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import proto  # type: ignore[import-untyped]

from .model import EnumType, Field, Message, TypeRef

__all__ = ["ProtoCatalog", "json_name", "message_name"]

# descriptor.FieldDescriptor.TYPE_* numbers, which proto-plus's ProtoType shares.
_SCALARS = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "uint64", 7: "uint32",
    8: "bool", 9: "string", 12: "bytes", 13: "uint32", 15: "int32", 16: "int64",
    17: "int32", 18: "int64",
}  # fmt: skip
_MESSAGE, _ENUM = 11, 14
# Well-known types that JSON writes as scalars or free-form values.
_WELL_KNOWN = {
    "google.protobuf.Timestamp": "timestamp",
    "google.protobuf.Duration": "duration",
    "google.protobuf.FieldMask": "field-mask",
    "google.protobuf.Struct": "any",
    "google.protobuf.Value": "any",
    "google.protobuf.ListValue": "any",
    "google.protobuf.Any": "any",
}


def json_name(snake: str) -> str:
    """protoc's default JSON name: drop each underscore and upper-case the next letter."""
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def message_name(cls: Any) -> str:
    """`Outer.Inner` for proto-plus classes, the full name for plain protobuf ones."""
    if _is_proto_plus(cls):
        return str(cls.__qualname__)
    return str(cls.DESCRIPTOR.full_name)


@dataclass(slots=True)
class ProtoCatalog:
    """The messages and enums reached so far; filled by `add_message` while walking."""

    messages: dict[str, Message] = field(default_factory=dict)
    enums: dict[str, EnumType] = field(default_factory=dict)
    types_module: Any = None  # the package's `types`, to find messages named in client code

    def add_message(self, cls: Any) -> str:
        name = message_name(cls)
        if name in self.messages or name in _WELL_KNOWN:
            return name
        self.messages[name] = Message(name, (), name)  # placeholder: recursion stops here
        if _is_proto_plus(cls):
            fields = tuple(self._plus_field(cls, n, f) for n, f in cls.meta.fields.items())
        else:
            fields = tuple(self._descriptor_field(name, f) for f in cls.DESCRIPTOR.fields)
        self.messages[name] = Message(name, fields, name)
        return name

    def _plus_field(self, owner: Any, snake: str, plus_field: Any) -> Field:
        descriptor = owner.pb().DESCRIPTOR.fields_by_name.get(snake)
        wire = descriptor.json_name if descriptor is not None else json_name(snake)
        kind = self._plus_type(plus_field)
        if isinstance(plus_field, proto.fields.MapField):
            kind = TypeRef("map", value=kind)
        elif descriptor is not None and _is_map(descriptor):
            # Some packages declare maps as repeated `...Entry` messages: read the value type.
            entry = plus_field.message
            if _is_proto_plus(entry):
                value = self._plus_type(entry.meta.fields["value"])
            else:
                value = self._descriptor_type(descriptor.message_type.fields_by_name["value"])
            kind = TypeRef("map", value=value)
        elif plus_field.repeated:
            kind = TypeRef(kind.kind, kind.ref, True, kind.value)
        return Field(wire, kind, f"{message_name(owner)}.{snake}")

    def _plus_type(self, plus_field: Any) -> TypeRef:
        if plus_field.proto_type == _ENUM and plus_field.enum is not None:
            enum_cls = plus_field.enum
            name = str(enum_cls.__qualname__)
            self.enums.setdefault(name, EnumType(name, tuple(e.name for e in enum_cls), name))
            return TypeRef("enum", name)
        if plus_field.proto_type == _MESSAGE and plus_field.message is not None:
            return self._message_type(plus_field.message)
        return TypeRef(_SCALARS.get(int(plus_field.proto_type), "any"))

    def _message_type(self, cls: Any) -> TypeRef:
        full = cls.DESCRIPTOR.full_name if not _is_proto_plus(cls) else ""
        if full in _WELL_KNOWN:
            return TypeRef(_WELL_KNOWN[full])
        return TypeRef("message", self.add_message(cls))

    def _descriptor_field(self, owner: str, descriptor: Any) -> Field:
        kind = self._descriptor_type(descriptor)
        if _is_map(descriptor):
            value = self._descriptor_type(descriptor.message_type.fields_by_name["value"])
            kind = TypeRef("map", value=value)
        elif _is_repeated(descriptor):
            kind = TypeRef(kind.kind, kind.ref, True, kind.value)
        return Field(descriptor.json_name, kind, f"{owner}.{descriptor.name}")

    def _descriptor_type(self, descriptor: Any) -> TypeRef:
        if descriptor.type == _ENUM:
            enum = descriptor.enum_type
            values = tuple(v.name for v in enum.values)
            self.enums.setdefault(enum.full_name, EnumType(enum.full_name, values, enum.full_name))
            return TypeRef("enum", enum.full_name)
        if descriptor.type == _MESSAGE:
            full = descriptor.message_type.full_name
            if full in _WELL_KNOWN:
                return TypeRef(_WELL_KNOWN[full])
            return TypeRef("message", self._add_descriptor(descriptor.message_type))
        return TypeRef(_SCALARS.get(descriptor.type, "any"))

    def _add_descriptor(self, descriptor: Any) -> str:
        name = str(descriptor.full_name)
        if name not in self.messages:
            self.messages[name] = Message(name, (), name)
            fields = tuple(self._descriptor_field(name, f) for f in descriptor.fields)
            self.messages[name] = Message(name, fields, name)
        return name


def _is_proto_plus(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, proto.Message)


def _is_repeated(descriptor: Any) -> bool:
    # Newer protobuf releases replace `label` with `is_repeated`.
    if hasattr(descriptor, "is_repeated"):
        return bool(descriptor.is_repeated)
    return bool(descriptor.label == descriptor.LABEL_REPEATED)


def _is_map(descriptor: Any) -> bool:
    entry = descriptor.message_type
    return entry is not None and bool(entry.GetOptions().map_entry)
