"""The operations of a spec document, walked the same way by every check."""

from __future__ import annotations

from typing import Any

from ..diagnostics import join_pointer

__all__ = ["HTTP_METHODS", "spec_operations"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def spec_operations(data: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, path, method, operation) for every operation, in spec order."""
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return found
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append((join_pointer("#/paths", path, method), path, method, operation))
    return found
