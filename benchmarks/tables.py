"""Markdown helpers shared by the report modules: number formats and table rows.

`report.py` renders generation and bindings, `report_client.py` import time and
upload memory; both build their targets rows and tables with these.
"""

from __future__ import annotations

import math

__all__ = ["at_most", "div", "kb", "ms", "row", "seconds", "status", "table", "times", "us"]


def seconds(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value:.3f} s"


def us(value: float | None) -> str:
    """A µs-to-ms scale duration."""
    if value is None:
        return "n/a"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} µs"


def ms(value: float | None) -> str:
    """A start-up scale duration, in ms."""
    return "n/a" if value is None else f"{value * 1e3:.0f} ms"


def times(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def kb(value: float | None) -> str:
    return "n/a" if value is None else f"{value / 1024:.0f} KB"


def status(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**MISSED**")


def div(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return [*lines, ""]


def row(
    measure: str, ours: str, target: str, ok: bool | None, peer: str = "", ratio: str = ""
) -> list[str]:
    """One row of the targets table; `target` "—" marks a figure given for information."""
    return [measure, ours, peer, ratio, target, "info" if target == "—" else status(ok)]
