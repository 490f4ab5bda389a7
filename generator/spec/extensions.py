"""Checks of our own OpenAPI extensions, so later stages can trust their shape.

`x-additional-paths` lists other path templates that reach the same method (Google's
additional bindings): `generateContent` is served under `models/*`, `tunedModels/*`
and `dynamic/*`. The client picks one by the full resource name given for the
last path parameter, so every template must end in that same parameter and verb.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostics, join_pointer
from .load import SpecDocument
from .operations import spec_operations

__all__ = ["ADDITIONAL_PATHS", "check_extensions", "last_path_parameter"]

ADDITIONAL_PATHS = "x-additional-paths"
_PARAM = re.compile(r"\{([^{}]+)\}")


def last_path_parameter(template: str) -> str | None:
    """The parameter a resource name routes by: the last one before any `:verb`."""
    found = _PARAM.findall(template.partition(":")[0])
    return found[-1] if found else None


def _verb(template: str) -> str:
    return template.partition(":")[2]


def check_extensions(document: SpecDocument, diagnostics: Diagnostics) -> None:
    for pointer, path, _method, operation in spec_operations(document.data):
        if ADDITIONAL_PATHS in operation:
            where = join_pointer(pointer, ADDITIONAL_PATHS)
            for problem in _additional_path_problems(path, operation[ADDITIONAL_PATHS]):
                diagnostics.error(document.name, where, problem, document.line_of(where))


def _additional_path_problems(path: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [f"{ADDITIONAL_PATHS} must be a list of path templates"]
    routed = last_path_parameter(path)
    if routed is None:
        return [f"{ADDITIONAL_PATHS}: {path!r} has no path parameter to route by"]
    problems = []
    for template in value:
        if not template.startswith("/"):
            problems.append(f"{template!r} must start with '/'")
        elif last_path_parameter(template) != routed:
            problems.append(
                f"{template!r} must end in the parameter {{{routed}}}, as {path!r} does"
            )
        elif _verb(template) != _verb(path):
            problems.append(f"{template!r} must end in the same ':{_verb(path)}' as {path!r}")
    if len({path, *value}) != len(value) + 1:
        problems.append(f"{ADDITIONAL_PATHS} repeats a path")
    return problems
