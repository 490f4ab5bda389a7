"""Binding benchmarks of the peer libraries; run by the peer venv's python.

Usage: peer_bindings.py PAYLOAD_DIR [--quick]. Reads `small.json`, `large.json`
and `stream_events.json` (written by run.py, so both sides parse identical
bytes) and prints one JSON object with seconds per call and loop counts.
Retained memory is measured by `probe_memory.py`, in a fresh process each.

The google-genai path is the one `Models.generate_content` takes for the Gemini
Developer API (google/genai/models.py, `_generate_content`): `json.loads` of the
body, `_GenerateContentResponse_from_mldev` (renames keys and converts nested
objects), `GenerateContentResponse._from_response` (prunes unknown fields, then
`model_validate`), and the `sdk_http_response` assignment. The proto-plus path
is `GenerateContentResponse.from_json(..., ignore_unknown_fields=True)` of
`google.ai.generativelanguage_v1beta`. Serialization is each library's fastest
way to wire-shaped JSON: pydantic's `model_dump_json(by_alias=True,
exclude_none=True)`, and proto-plus `to_json` with camelCase names, enum names
and no indentation (its defaults are snake_case, enum numbers and indent=2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import loop_time

_HEADERS = {"content-type": "application/json; charset=UTF-8", "vary": "Origin"}


def _genai() -> tuple[Any, Any]:
    from google.genai import models as genai_models
    from google.genai import types

    parameters = types._GenerateContentParameters(
        model="models/gemini-2.5-flash", contents="Tell me about rooftop solar."
    )

    def parse(body: bytes) -> Any:
        response_dict = {} if not body else json.loads(body)
        response_dict = genai_models._GenerateContentResponse_from_mldev(
            response_dict, None, parameters
        )
        value = types.GenerateContentResponse._from_response(response=response_dict, kwargs={})
        value.sdk_http_response = types.HttpResponse(headers=_HEADERS)
        return value

    def dump(value: Any) -> str:
        return str(value.model_dump_json(by_alias=True, exclude_none=True))

    return parse, dump


def _proto() -> tuple[Any, Any, Any]:
    from google.ai import generativelanguage_v1beta as glm

    message = glm.GenerateContentResponse

    def parse(body: bytes) -> Any:
        return message.from_json(body, ignore_unknown_fields=True)

    def dump(value: Any) -> str:
        return str(
            message.to_json(
                value,
                use_integers_for_enums=False,
                preserving_proto_field_name=False,
                indent=None,
                always_print_fields_with_no_presence=False,
            )
        )

    def strict(body: bytes) -> Any:
        return message.from_json(body, ignore_unknown_fields=False)

    return parse, dump, strict


def _leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def main() -> None:
    folder = Path(sys.argv[1])
    quick = "--quick" in sys.argv
    repeats, min_seconds = (3, 0.05) if quick else (7, 0.2)
    payloads = {name: (folder / f"{name}.json").read_bytes() for name in ("small", "large")}
    stream_texts = json.loads((folder / "stream_events.json").read_text(encoding="utf-8"))
    genai_parse, genai_dump = _genai()
    proto_parse, proto_dump, proto_strict = _proto()
    libraries = {
        "google-genai": (genai_parse, genai_dump),
        "proto-plus": (proto_parse, proto_dump),
    }
    results: dict[str, Any] = {"parse": {}, "dump": {}, "loops": {}, "checks": {}}
    for name, body in payloads.items():
        seconds, loops = loop_time(lambda b=body: json.loads(b), repeats, min_seconds)
        results["parse"][f"json.loads/{name}"] = seconds
        results["loops"][f"json.loads/{name}"] = loops
        for library, (parse, dump) in libraries.items():
            key = f"{library}/{name}"
            seconds, loops = loop_time(lambda p=parse, b=body: p(b), repeats, min_seconds)
            results["parse"][key] = seconds
            results["loops"][key] = loops
            value = parse(body)
            seconds, loops = loop_time(lambda d=dump, v=value: d(v), repeats, min_seconds)
            results["dump"][key] = seconds
            # How much of the payload survives the round trip: a library that drops
            # fields does less work, and the report should say so.
            dumped = json.loads(dump(value))
            dumped.pop("sdkHttpResponse", None)  # added by the client, not from the payload
            kept = _leaves(dumped)
            results["checks"][f"{key} leaves kept"] = f"{kept}/{_leaves(json.loads(body))}"
        try:
            proto_strict(body)
            results["checks"][f"proto-plus/{name} strict parse"] = "ok"
        except Exception as exc:  # report, do not fail: the comparison still stands
            results["checks"][f"proto-plus/{name} strict parse"] = f"{type(exc).__name__}: {exc}"
    # Per streamed event: json.loads plus the library's conversion, for context.
    for library, (parse, _) in libraries.items():
        encoded = [t.encode("utf-8") for t in stream_texts]

        def events(p: Any = parse, items: list[bytes] = encoded) -> None:
            for item in items:
                p(item)

        seconds, _ = loop_time(events, repeats, min_seconds)
        results["parse"][f"{library}/stream event"] = seconds / len(encoded)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
