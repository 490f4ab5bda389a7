"""What may differ between the JSON text written with orjson and without it."""

from __future__ import annotations


def has_small_number(value: object) -> bool:
    """Whether a number below 1e-4 (not 0) is in `value`: orjson spells those its own way
    (`0.00001` where json writes `1e-05`), so only their values are the same."""
    if isinstance(value, float):
        return 0 < abs(value) < 1e-4
    if isinstance(value, dict):
        return any(map(has_small_number, value.values()))
    if isinstance(value, list | tuple):
        return any(map(has_small_number, value))
    return False
