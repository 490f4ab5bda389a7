"""Methods our extensions add beside (or instead of) an operation's own call:
`upload_file(file, ...)`, `download_file(name, destination)`, `wait_for_file_active(name)`.

Each takes the per-call options that mean something for it (`CALL_OPTIONS`), with the
meaning its requests give them: a transfer is several requests, or one whose body is
the file, so `extra_body` exists only where a JSON body does (an upload's metadata),
and a wait keeps `timeout` for the whole wait.
"""

from __future__ import annotations

from dataclasses import replace

from .. import ir
from .signatures import (
    CALL_OPTIONS,
    Argument,
    ArgumentRole,
    Method,
    MethodKind,
    Returns,
    ReturnShape,
)
from .types import TypeSpeller

__all__ = ["download_method", "upload_method", "wait_method"]

_WAIT_TIMEOUT = "300.0"  # seconds; files and batches take minutes, not hours
_POLL_INTERVAL = "2.0"
# Chunks and status queries go to the session URL the server names, which carries its
# own authority and query: only the timeout applies to them.
_UPLOAD_OPTIONS = {
    "timeout": "Bounds each request of the upload on its own (the start, each chunk, the "
    "finalize), as the client's `timeout` bounds a call; a large file may take longer in all.",
    "extra_headers": "Sent with the request that starts the upload, not to the upload session.",
    "extra_query": "Added to the request that starts the upload, not to the upload session.",
    "extra_body": "Top-level keys set in the JSON metadata that starts the upload.",
}
_DOWNLOAD_OPTIONS = {
    "timeout": "As for a stream: connecting and each wait for the next bytes (the client's "
    "`stream_deadline` bounds the whole download).",
    "extra_headers": "Sent with the download request.",
    "extra_query": "Added to the download request.",
}
_WAIT_OPTIONS = {
    "extra_headers": "Sent with every poll.",
    "extra_query": "Added to every poll.",
}


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
    arguments += _per_call(_UPLOAD_OPTIONS)
    if returns.shape is ReturnShape.PLAIN and upload.result:
        found = upload.result_type
        result = types.annotation(found) if found is not None else "Any"
        returns = Returns(ReturnShape.PLAIN, result, result)
    return Method(upload.method_name, tuple(arguments), returns, op, MethodKind.UPLOAD)


def download_method(op: ir.Operation, path_args: list[Argument]) -> Method:
    arguments = [
        *_named(path_args),
        Argument("destination", "_rt.Destination", False, ArgumentRole.MEDIA, None, True),
        *_per_call(_DOWNLOAD_OPTIONS),
    ]
    returns = Returns(ReturnShape.PLAIN, "int", "int")  # the number of bytes written
    return Method(op.method_name, tuple(arguments), returns, op, MethodKind.DOWNLOAD)


def wait_method(op: ir.Operation, path_args: list[Argument], returns: Returns) -> Method:
    waiter = op.waiter
    assert waiter is not None
    arguments = [
        *_named(path_args),
        # Not the per-call option of that name: a wait is many polls, and its caller
        # wants a limit on all of them. Each poll has the client's timeout.
        Argument("timeout", "float", True, ArgumentRole.OPTION, None, default=_WAIT_TIMEOUT),
        Argument(
            "poll_interval", "float", False, ArgumentRole.OPTION, None, default=_POLL_INTERVAL
        ),
        *_per_call(_WAIT_OPTIONS),
    ]
    return Method(waiter.method_name, tuple(arguments), returns, op, MethodKind.WAIT)


def _per_call(meanings: dict[str, str]) -> list[Argument]:
    """The per-call options named in `meanings`, in their usual order, each documented."""
    return [replace(a, doc=meanings[a.name]) for a in CALL_OPTIONS if a.name in meanings]


def _named(path_args: list[Argument]) -> list[Argument]:
    """The resource's path arguments, its own name first and positional as `name`."""
    *parents, last = path_args
    named = Argument("name", last.annotation, False, ArgumentRole.PATH, last.param, True)
    return [named, *parents]
