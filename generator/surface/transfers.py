"""Methods our extensions add beside (or instead of) an operation's own call:
`upload_file(file, ...)`, `download_file(name, destination)`, `wait_for_file_active(name)`."""

from __future__ import annotations

from .. import ir
from .signatures import Argument, ArgumentRole, Method, MethodKind, Returns, ReturnShape
from .types import TypeSpeller

__all__ = ["download_method", "upload_method", "wait_method"]

_WAIT_TIMEOUT = "300.0"  # seconds; files and batches take minutes, not hours
_POLL_INTERVAL = "2.0"


def upload_method(
    op: ir.Operation, types: TypeSpeller, returns: Returns, path_args: list[Argument]
) -> Method:
    upload = op.media_upload
    assert upload is not None
    arguments = [
        Argument("file", "_rt.UploadFile", False, ArgumentRole.MEDIA, None, positional=True),
        *path_args,
        Argument("mime_type", "str", True, ArgumentRole.OPTION, None),
    ]
    for (name, _), found in zip(upload.arguments, upload.argument_types, strict=True):
        annotation = types.annotation(found) if found is not None else "Any"
        arguments.append(Argument(name, annotation, True, ArgumentRole.FIELD, None))
    if returns.shape is ReturnShape.PLAIN and upload.result:
        found = upload.result_type
        result = types.annotation(found) if found is not None else "Any"
        returns = Returns(ReturnShape.PLAIN, result, result)
    return Method(upload.method_name, tuple(arguments), returns, op, MethodKind.UPLOAD)


def download_method(op: ir.Operation, path_args: list[Argument]) -> Method:
    arguments = [
        *_named(path_args),
        Argument("destination", "_rt.Destination", False, ArgumentRole.MEDIA, None, True),
    ]
    returns = Returns(ReturnShape.PLAIN, "int", "int")  # the number of bytes written
    return Method(op.method_name, tuple(arguments), returns, op, MethodKind.DOWNLOAD)


def wait_method(op: ir.Operation, path_args: list[Argument], returns: Returns) -> Method:
    waiter = op.waiter
    assert waiter is not None
    arguments = [
        *_named(path_args),
        Argument("timeout", "float", True, ArgumentRole.OPTION, None, default=_WAIT_TIMEOUT),
        Argument(
            "poll_interval", "float", False, ArgumentRole.OPTION, None, default=_POLL_INTERVAL
        ),
    ]
    return Method(waiter.method_name, tuple(arguments), returns, op, MethodKind.WAIT)


def _named(path_args: list[Argument]) -> list[Argument]:
    """The resource's path arguments, its own name first and positional as `name`."""
    *parents, last = path_args
    named = Argument("name", last.annotation, False, ArgumentRole.PATH, last.param, True)
    return [named, *parents]
