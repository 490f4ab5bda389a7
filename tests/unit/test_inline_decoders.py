"""The decoding expressions `from_dict` inlines for plain scalars accept exactly what the
runtime's checkers accept: the inline test is only a fast path in front of them."""

from __future__ import annotations

from typing import Any

import pytest
from gemini_api import _runtime as _rt

from generator import ir
from generator.surface.types import TypeSpeller

SPELLER = TypeSpeller()
INTEGER = ir.Scalar.INTEGER

RANGED = [
    (
        ir.ScalarType(INTEGER, "int32"),
        [0, -(2**31), 2**31 - 1],
        [2**31, -(2**31) - 1, 10**30, True, 1.0, "1"],
    ),
    (ir.ScalarType(INTEGER, "uint32"), [0, 2**32 - 1], [-1, 2**32, False, "1"]),
]


def _decoded(expression: str, value: Any) -> Any:
    return eval(expression, {"_rt": _rt}, {"_v": value})  # an expression the speller wrote


@pytest.mark.parametrize(("t", "good", "bad"), RANGED)
@pytest.mark.parametrize("required", [True, False])
def test_inline_ranged_integers_keep_the_bounds_and_the_class(t, good, bad, required):
    spell = SPELLER.decode_present if required else SPELLER.decode_optional
    expression = spell(t, "_v")
    assert "__class__ is int" in expression  # the fast path is inline
    for value in good:
        decoded = _decoded(expression, value)
        assert decoded == value and decoded.__class__ is int
    for value in bad:
        with pytest.raises(_rt.ShapeError):
            _decoded(expression, value)
    if not required:
        assert _decoded(expression, None) is None
