"""Our OpenAPI extensions are checked where they are written: each mistake is a located error."""

from __future__ import annotations

import pytest

from generator.diagnostics import SpecError
from generator.spec import check_specs

from ..support.specs import MINIMAL_SPEC, write_spec


def problems(tmp_path, operation_extra: str) -> list[str]:
    text = MINIMAL_SPEC.replace(
        "      operationId: getThing\n", "      operationId: getThing\n" + operation_extra
    )
    path = write_spec(tmp_path, text)
    try:
        with check_specs([path]) as specs:
            specs.finish()
    except SpecError as exc:
        return [f"{d.pointer}: {d.message}" for d in exc.diagnostics]
    return []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "      x-additional-paths: ['/other/{id}']\n",
            "'/other/{id}' must end in the parameter {thing}, as '/things/{thing}' does",
        ),
        ("      x-additional-paths: ['/things/{thing}']\n", "x-additional-paths repeats a path"),
        ("      x-idempotent: 'yes'\n", "x-idempotent must be true or false"),
        (
            "      x-media-upload: {method: up, path: /upload/x, protocols: [resumable],"
            " arguments: {mimeType: /a}}\n",
            "x-media-upload.arguments: 'mimeType' is already an argument of the method",
        ),
        (
            "      x-media-upload: {method: up, path: '/upload/{other}', protocols: [carrier]}\n",
            "x-media-upload.protocols must list some of resumable, multipart",
        ),
        (
            "      x-wait: {method: w, field: state, ready: [A]}\n",
            "x-wait.field must be a JSON pointer such as '/file/displayName'",
        ),
    ],
)
def test_a_malformed_extension_is_a_located_error(tmp_path, extra, expected):
    found = problems(tmp_path, extra)
    assert any(
        p.startswith("#/paths/~1things~1{thing}/get/x-") and expected in p for p in found
    ), found


def test_well_formed_extensions_pass(tmp_path):
    extra = (
        "      x-additional-paths: ['/others/{thing}']\n"
        "      x-idempotent: false\n"
        "      x-wait: {method: waitForThing, field: /name, ready: [done], failed: []}\n"
    )
    assert problems(tmp_path, extra) == []
