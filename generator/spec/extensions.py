"""Checks of our own OpenAPI extensions, so later stages can trust their shape.

- `x-additional-paths`: other path templates that reach the same method (Google's
  additional bindings): `generateContent` is served under `models/*`, `tunedModels/*`
  and `dynamic/*`. The client picks one by the full resource name given for the
  last path parameter, so every template must end in that parameter and verb.
- `x-media-upload`: the operation's bytes go to an upload endpoint (`path`, relative
  to the server's host) by the `resumable` or `multipart` protocol; a method named
  `method` is generated for it. `arguments` map keyword arguments to JSON pointers
  in the metadata body; `result` points into the final response.
- `x-media-download`: the operation's bytes come from `path` with `alt=media`.
- `x-wait`: a method named `method` polls the operation until the response's
  `field` is one of `ready` (or one of `failed`, which raises with `error`).
- `x-idempotent: true|false`: whether the client may send the call again after the
  server may have acted on it, when the HTTP method alone would say otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostics, join_pointer
from ..ir import PATH_PARAMETER
from .load import SpecDocument
from .operations import spec_operations

__all__ = [
    "ADDITIONAL_PATHS",
    "IDEMPOTENT",
    "MEDIA_DOWNLOAD",
    "MEDIA_UPLOAD",
    "UPLOAD_PROTOCOLS",
    "WAIT",
    "check_extensions",
    "last_path_parameter",
]

ADDITIONAL_PATHS = "x-additional-paths"
MEDIA_UPLOAD = "x-media-upload"
MEDIA_DOWNLOAD = "x-media-download"
WAIT = "x-wait"
IDEMPOTENT = "x-idempotent"
UPLOAD_PROTOCOLS = ("resumable", "multipart")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_POINTER = re.compile(r"(/[^/]+)*")


def last_path_parameter(template: str) -> str | None:
    """The parameter a resource name routes by: the last one before any `:verb`."""
    found = PATH_PARAMETER.findall(template.partition(":")[0])
    return found[-1] if found else None


def _verb(template: str) -> str:
    return template.partition(":")[2]


def check_extensions(document: SpecDocument, diagnostics: Diagnostics) -> None:
    checks = (
        (ADDITIONAL_PATHS, _additional_path_problems),
        (MEDIA_UPLOAD, _upload_problems),
        (MEDIA_DOWNLOAD, _download_problems),
        (WAIT, _wait_problems),
        (IDEMPOTENT, _idempotent_problems),
    )
    for pointer, path, _method, operation in spec_operations(document.data):
        for key, problems in checks:
            if key in operation:
                where = join_pointer(pointer, key)
                for problem in problems(path, operation[key]):
                    diagnostics.error(document.location, where, problem, document.line_of(where))


def _additional_path_problems(path: str, value: Any) -> Iterator[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        yield f"{ADDITIONAL_PATHS} must be a list of path templates"
        return
    routed = last_path_parameter(path)
    if routed is None:
        yield f"{ADDITIONAL_PATHS}: {path!r} has no path parameter to route by"
        return
    for template in value:
        if not template.startswith("/"):
            yield f"{template!r} must start with '/'"
        elif last_path_parameter(template) != routed:
            yield f"{template!r} must end in the parameter {{{routed}}}, as {path!r} does"
        elif _verb(template) != _verb(path):
            yield f"{template!r} must end in the same ':{_verb(path)}' as {path!r}"
    if len({path, *value}) != len(value) + 1:
        yield f"{ADDITIONAL_PATHS} repeats a path"


def _host_path_problems(key: str, path: str, value: Any) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{key} must be a mapping"
        return
    media_path = value.get("path")
    if not isinstance(media_path, str) or not media_path.startswith("/"):
        yield f"{key}.path must be a path starting with '/' (relative to the server's host)"
    elif not set(PATH_PARAMETER.findall(media_path)) <= set(PATH_PARAMETER.findall(path)):
        yield f"{key}.path may use only the parameters of {path!r}"


def _method_problems(key: str, value: dict[str, Any]) -> Iterator[str]:
    if not isinstance(value.get("method"), str) or not _NAME.fullmatch(value["method"]):
        yield f"{key}.method must name the generated method (letters and digits)"


def _pointer_problems(key: str, value: Any) -> Iterator[str]:
    if not isinstance(value, str) or not _POINTER.fullmatch(value):
        yield f"{key} must be a JSON pointer such as '/file/displayName'"


def _fold(name: str) -> str:
    """Names that become the same Python argument (`displayName`, `display_name`)."""
    return name.replace("_", "").lower()


def _argument_name_problems(path: str, arguments: dict[str, Any]) -> Iterator[str]:
    # The upload method's own arguments, and the path parameters it also takes.
    taken = {_fold(n) for n in ("file", "mimeType", *PATH_PARAMETER.findall(path))}
    for name in arguments:
        if isinstance(name, str) and _fold(name) in taken:
            yield f"{MEDIA_UPLOAD}.arguments: {name!r} is already an argument of the method"
        taken.add(_fold(str(name)))


def _upload_problems(path: str, value: Any) -> Iterator[str]:
    yield from _host_path_problems(MEDIA_UPLOAD, path, value)
    if not isinstance(value, dict):
        return
    yield from _method_problems(MEDIA_UPLOAD, value)
    protocols = value.get("protocols")
    if (
        not isinstance(protocols, list)
        or not protocols
        or not set(protocols) <= set(UPLOAD_PROTOCOLS)
    ):
        yield f"{MEDIA_UPLOAD}.protocols must list some of {', '.join(UPLOAD_PROTOCOLS)}"
    arguments = value.get("arguments", {})
    if not isinstance(arguments, dict):
        yield f"{MEDIA_UPLOAD}.arguments must map argument names to JSON pointers"
    else:
        for name, target in arguments.items():
            if not isinstance(name, str) or not _NAME.fullmatch(name):
                yield f"{MEDIA_UPLOAD}.arguments: {name!r} is not a name"
            yield from _pointer_problems(f"{MEDIA_UPLOAD}.arguments.{name}", target)
        yield from _argument_name_problems(path, arguments)
    yield from _pointer_problems(f"{MEDIA_UPLOAD}.result", value.get("result", ""))


def _named_resource_problems(key: str, path: str) -> Iterator[str]:
    # The generated method takes the resource's name as its first argument.
    if last_path_parameter(path) is None:
        yield f"{key}: {path!r} has no path parameter naming the resource"


def _download_problems(path: str, value: Any) -> Iterator[str]:
    yield from _host_path_problems(MEDIA_DOWNLOAD, path, value)
    yield from _named_resource_problems(MEDIA_DOWNLOAD, path)


def _idempotent_problems(path: str, value: Any) -> Iterator[str]:
    if not isinstance(value, bool):
        yield f"{IDEMPOTENT} must be true or false"


def _wait_problems(path: str, value: Any) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{WAIT} must be a mapping"
        return
    yield from _method_problems(WAIT, value)
    yield from _named_resource_problems(WAIT, path)
    yield from _pointer_problems(f"{WAIT}.field", value.get("field"))
    yield from _pointer_problems(f"{WAIT}.error", value.get("error", ""))
    for key in ("ready", "failed"):
        values = value.get(key)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            yield f"{WAIT}.{key} must be a list of values"
    if not value.get("ready"):
        yield f"{WAIT}.ready must name at least one value"
