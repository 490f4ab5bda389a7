"""IR types to Python source snippets: annotations, decoders and encoders.

Every decision about how a type is spelled in Python is made here: the surface
uses the annotations, and the render stage places the decoders and encoders.
Runtime helpers are reached through the `_rt` module alias, which no
sanitized spec name can shadow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import ir
from ..style.layout import inline_tuple
from ..style.literals import py_literal

__all__ = ["TypeSpeller"]

_ANNOTATIONS = {
    ir.Scalar.STRING: "str",
    ir.Scalar.INTEGER: "int",
    ir.Scalar.INT64: "int",
    ir.Scalar.NUMBER: "float",
    ir.Scalar.BOOLEAN: "bool",
    ir.Scalar.BYTES: "bytes",
    ir.Scalar.DATETIME: "str",
    ir.Scalar.DURATION: "str",
    ir.Scalar.ANY: "Any",
}
_DECODERS = {
    ir.Scalar.STRING: "_rt.expect_str",
    ir.Scalar.INTEGER: "_rt.expect_int",
    ir.Scalar.INT64: "_rt.expect_int64",
    ir.Scalar.NUMBER: "_rt.expect_float",
    ir.Scalar.BOOLEAN: "_rt.expect_bool",
    ir.Scalar.BYTES: "_rt.decode_bytes",
    ir.Scalar.DATETIME: "_rt.expect_str",
    ir.Scalar.DURATION: "_rt.expect_str",
}
# Integer formats with a range narrower than Python's int, checked by their own decoder
# (which names the format and the bounds): int32 and int64 values out of range are
# refused like values of the wrong type.
_RANGED_DECODERS: dict[tuple[ir.Scalar, str | None], str] = {
    (ir.Scalar.INTEGER, "int32"): "_rt.expect_int32",
    (ir.Scalar.INTEGER, "uint32"): "_rt.expect_uint32",
    (ir.Scalar.INT64, "uint64"): "_rt.expect_uint64",
}
# Scalars checked inline: the JSON value's exact class, else the checker (which raises
# or, for floats given as ints, accepts).
_INLINE_CHECKS = {
    ir.Scalar.STRING: "str",
    ir.Scalar.INTEGER: "int",
    ir.Scalar.NUMBER: "float",
    ir.Scalar.BOOLEAN: "bool",
    ir.Scalar.DATETIME: "str",
    ir.Scalar.DURATION: "str",
}
# Ranged integers checked inline too: the exact class and the bounds, as literals (a
# function call costs more than the whole check); the decoder above explains a refusal.
_INLINE_RANGES: dict[tuple[ir.Scalar, str | None], str] = {
    (ir.Scalar.INTEGER, "int32"): "-0x80000000 <= {var} < 0x80000000",
    (ir.Scalar.INTEGER, "uint32"): "0 <= {var} < 0x100000000",
}
# Scalars whose Python value is already its JSON value.
_PLAIN = frozenset(
    {
        ir.Scalar.STRING,
        ir.Scalar.INTEGER,
        ir.Scalar.NUMBER,
        ir.Scalar.BOOLEAN,
        ir.Scalar.DATETIME,
        ir.Scalar.DURATION,
        ir.Scalar.ANY,
    }
)


@dataclass(frozen=True, slots=True)
class TypeSpeller:
    """Spells types for one generated module; `model_prefix`/`enum_prefix` qualify names."""

    model_prefix: str = ""
    enum_prefix: str = ""

    def annotation(self, t: ir.TypeExpr) -> str:
        if isinstance(t, ir.ScalarType):
            return _ANNOTATIONS[t.scalar]
        if isinstance(t, ir.ModelRef):
            return self.model_prefix + t.name
        if isinstance(t, ir.EnumRef):
            return self.enum_prefix + t.name
        if isinstance(t, ir.ArrayType):
            return f"list[{self.annotation(t.items)}]"
        if isinstance(t, ir.MapType):
            return f"dict[str, {self.annotation(t.values)}]"
        if isinstance(t, ir.ConstType):
            return "None" if t.value is None else f"Literal[{py_literal(t.value)}]"
        return " | ".join(_unique(self._alternatives(t)))

    def optional_annotation(self, t: ir.TypeExpr) -> str:
        """The annotation of a field that may be absent (None), without a second `| None`."""
        return " | ".join(_unique([*self._alternatives(t), "None"]))

    def _alternatives(self, t: ir.TypeExpr) -> list[str]:
        """The top-level members of the annotation of `t`, flattened."""
        if isinstance(t, ir.NullableType):
            return [*self._alternatives(t.inner), "None"]
        if isinstance(t, ir.UnionType):
            return [a for v in t.variants for a in self._alternatives(v)]
        return [self.annotation(t)]

    def decoder(self, t: ir.TypeExpr) -> str:
        """A callable expression taking one JSON value and returning the typed value."""
        if isinstance(t, ir.ScalarType):
            ranged = _RANGED_DECODERS.get((t.scalar, t.format))
            return ranged or _DECODERS.get(t.scalar, "_rt.identity")
        if isinstance(t, ir.ModelRef):
            return f"{self.model_prefix}{t.name}.from_dict"
        if isinstance(t, ir.EnumRef):
            return f"{self.enum_prefix}{t.name}.from_wire"
        return f"lambda x: {self.decode(t, 'x')}"

    def decode_optional(self, t: ir.TypeExpr, var: str) -> str:
        """Like `decode`, for a value that may be None (an absent field): None stays None.

        Plain scalars are checked inline, so the common case costs no function call.
        """
        if (check := _inline_check(t, var)) is not None:
            return f"{var} if {var} is None or {check} else {self.decode(t, var)}"
        if isinstance(t, ir.ScalarType) and t.scalar is ir.Scalar.ANY:
            return var
        if isinstance(t, ir.NullableType):
            return self.decode_optional(t.inner, var)  # absent and null both read as None
        return f"None if {var} is None else {self.decode(t, var)}"

    def decode_present(self, t: ir.TypeExpr, var: str) -> str:
        """Like `decode`, with the inline fast path for plain scalars."""
        if isinstance(t, ir.NullableType):
            return self.decode_optional(t.inner, var)
        if (check := _inline_check(t, var)) is not None:
            return f"{var} if {check} else {self.decode(t, var)}"
        return self.decode(t, var)

    def decode(self, t: ir.TypeExpr, var: str) -> str:
        """An expression decoding the JSON value held in `var` (known not to be None)."""
        if isinstance(t, ir.ScalarType) and t.scalar is ir.Scalar.ANY:
            return var
        if isinstance(t, ir.EnumRef):
            return f"_rt.decode_enum({self.enum_prefix}{t.name}, {var})"
        if isinstance(t, ir.ScalarType | ir.ModelRef):
            return f"{self.decoder(t)}({var})"
        if isinstance(t, ir.ArrayType):
            return f"_rt.decode_list({var}, {self.decoder(t.items)})"
        if isinstance(t, ir.MapType):
            if t.values == ir.ScalarType(ir.Scalar.ANY):
                return f"_rt.expect_object({var})"
            return f"_rt.decode_map({var}, {self.decoder(t.values)})"
        if isinstance(t, ir.ConstType):
            return f"_rt.expect_const({var}, {py_literal(t.value)})"
        if isinstance(t, ir.NullableType):
            return f"None if {var} is None else {self.decode(t.inner, var)}"
        variants = inline_tuple([self.decoder(v) for v in t.variants])
        if t.discriminator is None:
            return f"_rt.decode_union({var}, {variants})"
        mapping = "{" + ", ".join(f"{py_literal(k)}: {i}" for k, i in t.mapping) + "}"
        return f"_rt.decode_union({var}, {variants}, {py_literal(t.discriminator)}, {mapping})"

    def encode(self, t: ir.TypeExpr, var: str, depth: int = 0) -> str:
        """An expression turning the typed value in `var` (not None) into its JSON value."""
        if isinstance(t, ir.ScalarType):
            if t.scalar is ir.Scalar.BYTES:
                return f"_rt.encode_bytes({var})"
            if t.scalar is ir.Scalar.INT64:
                return f"_rt.encode_int64({var})"
            return var
        if isinstance(t, ir.ModelRef):
            return f"{var}.to_dict()"
        if isinstance(t, ir.EnumRef):
            return f"_rt.enum_to_wire({var})"
        if isinstance(t, ir.ConstType):
            return var
        if isinstance(t, ir.NullableType):
            return f"None if {var} is None else {self.encode(t.inner, var, depth)}"
        item = f"v{depth}"
        if isinstance(t, ir.ArrayType):
            inner = self.encode(t.items, item, depth + 1)
            return f"list({var})" if inner == item else f"[{inner} for {item} in {var}]"
        if isinstance(t, ir.MapType):
            inner = self.encode(t.values, item, depth + 1)
            return (
                f"dict({var})"
                if inner == item
                else f"{{k{depth}: {inner} for k{depth}, {item} in {var}.items()}}"
            )
        return f"_rt.encode_value({var})"

    def is_plain(self, t: ir.TypeExpr) -> bool:
        return isinstance(t, ir.ScalarType) and t.scalar in _PLAIN

    def admits_null(self, t: ir.TypeExpr) -> bool:
        """Whether JSON `null` is a value of the type (not only a sign of absence)."""
        if isinstance(t, ir.NullableType):
            return True
        if isinstance(t, ir.UnionType):
            return any(self.admits_null(v) for v in t.variants)
        return t == ir.ScalarType(ir.Scalar.ANY) or t == ir.ConstType(None)


def _inline_check(t: ir.TypeExpr, var: str) -> str | None:
    """The test that the JSON value in `var` is a valid `t` as it is, when made inline:
    its exact class, and for int32 and uint32 its bounds (int64 values mostly arrive as
    strings, which need the decoder anyway)."""
    if not isinstance(t, ir.ScalarType):
        return None
    key = (t.scalar, t.format)
    if key in _INLINE_RANGES:
        return f"({var}.__class__ is int and {_INLINE_RANGES[key].format(var=var)})"
    if key in _RANGED_DECODERS or t.scalar not in _INLINE_CHECKS:
        return None
    return f"{var}.__class__ is {_INLINE_CHECKS[t.scalar]}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))  # first occurrences, in order
