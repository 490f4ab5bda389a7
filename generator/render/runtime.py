"""The runtime copied into every package, with its API-family constants filled in.

`templates/runtime/` is plain, linted Python. The few module constants whose
value depends on the API family (`Conventions.runtime_constants`) keep the
Gemini values there; here each is replaced by the package's value, found by
its assignment in the syntax tree, so the rest of the file is copied as is.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from ..style.layout import inline_tuple
from ..style.literals import py_literal

__all__ = ["with_constants"]


def with_constants(source: str, values: Mapping[str, object]) -> tuple[str, frozenset[str]]:
    """`source` with the module-level assignments of `values`' names given those values;
    also the names found, so a constant missing from the runtime is noticed."""
    lines = source.splitlines(keepends=True)
    found = set()
    # Bottom-up, so earlier positions stay valid as lines change length.
    for node in reversed(ast.parse(source).body):
        target = _assigned_name(node)
        if target is None or target not in values:
            continue
        assert isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
        value = node.value
        assert value.end_lineno == value.lineno, f"{target}: a one-line value is expected"
        assert value.end_col_offset is not None
        line = lines[value.lineno - 1]
        start, end = _char_offsets(line, value.col_offset, value.end_col_offset)
        lines[value.lineno - 1] = line[:start] + _literal(values[target]) + line[end:]
        found.add(target)
    return "".join(lines), frozenset(found)


def _assigned_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def _char_offsets(line: str, start: int, end: int) -> tuple[int, int]:
    """ast gives UTF-8 byte offsets; the line is text."""
    encoded = line.encode("utf-8")
    return len(encoded[:start].decode("utf-8")), len(encoded[:end].decode("utf-8"))


def _literal(value: object) -> str:
    if isinstance(value, tuple):
        return inline_tuple([py_literal(v) for v in value]) if value else "()"
    return py_literal(value)
