"""Our OpenAPI extensions read into the IR. `spec.extensions` has checked their shape;
the methods they add claim their names beside the operations' own."""

from __future__ import annotations

from typing import Any

from .. import ir
from . import naming

__all__ = ["media_download", "media_upload", "waiter"]


def media_upload(value: Any, method_names: naming.NameRegistry) -> ir.MediaUpload | None:
    if not isinstance(value, dict):
        return None
    return ir.MediaUpload(
        method_name=method_names.claim(naming.method_name(value["method"])),
        path=value["path"],
        protocols=tuple(value["protocols"]),
        arguments=tuple(
            (naming.param_name(name), pointer)
            for name, pointer in (value.get("arguments") or {}).items()
        ),
        result=value.get("result", ""),
    )


def media_download(value: Any) -> ir.MediaDownload | None:
    return ir.MediaDownload(value["path"]) if isinstance(value, dict) else None


def waiter(value: Any, method_names: naming.NameRegistry) -> ir.Waiter | None:
    if not isinstance(value, dict):
        return None
    return ir.Waiter(
        method_name=method_names.claim(naming.method_name(value["method"])),
        field=value["field"],
        ready=tuple(value["ready"]),
        failed=tuple(value.get("failed") or ()),
        error=value.get("error", ""),
    )
