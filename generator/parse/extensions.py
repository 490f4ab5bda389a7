"""Our OpenAPI extensions read into the IR. `spec.extensions` has checked their shape;
the methods they add claim their names beside the operations' own."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from . import naming

__all__ = ["media_download", "media_upload", "typed_upload", "waiter"]


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


def typed_upload(op: ir.Operation, models: dict[str, ir.Model]) -> ir.Operation:
    """The operation with its upload's argument and result types resolved, once the
    schemas are built: the pointers of `x-media-upload` lead through model fields."""
    upload = op.media_upload
    if upload is None:
        return op
    typed = replace(
        upload,
        argument_types=tuple(
            _type_at(models, op.request_body, pointer) for _, pointer in upload.arguments
        ),
        result_type=_type_at(models, op.response, upload.result) if upload.result else None,
    )
    return replace(op, media_upload=typed)


def _type_at(
    models: dict[str, ir.Model], t: ir.TypeExpr | None, pointer: str
) -> ir.TypeExpr | None:
    """The type at a JSON pointer into a value of type `t`, through model fields."""
    for key in pointer.strip("/").split("/") if pointer else ():
        if isinstance(t, ir.NullableType):
            t = t.inner
        model = models.get(t.name) if isinstance(t, ir.ModelRef) else None
        field = next((f for f in model.fields if f.wire_name == key), None) if model else None
        if field is None:
            return None
        t = field.type
    return t
