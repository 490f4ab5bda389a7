"""Memory held by one parsed large response, measured in a fresh process.

Usage: probe_memory.py LIBRARY PAYLOAD_FILE COPIES, with LIBRARY one of `ours`
(run by our venv's python), `google-genai` or `proto-plus` (run by the peer
venv's python). Prints JSON `{"traced": bytes, "rss": bytes}` per object.

A fresh process matters for the RSS figure: in a process that has already
allocated and freed a lot (a timing loop), new objects reuse freed memory and
the resident set does not grow. tracemalloc is blind to protobuf's upb arenas,
which are taken from malloc directly, so for proto-plus only `rss` is meaningful.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import retained_memory  # noqa: E402


def _parser(library: str) -> Callable[[bytes], Any]:
    if library == "ours":
        sys.path.insert(0, str(HERE.parent / "generated"))
        from gemini_api.v1beta.models import GenerateContentResponse

        return GenerateContentResponse.from_json
    import peer_bindings

    if library == "google-genai":
        return peer_bindings._genai()[0]  # type: ignore[no-any-return]
    if library == "proto-plus":
        return peer_bindings._proto()[0]  # type: ignore[no-any-return]
    raise SystemExit(f"unknown library {library!r}")


def main() -> None:
    library, payload, copies = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    parse = _parser(library)
    body = payload.read_bytes()
    print(json.dumps(retained_memory(lambda: parse(body), copies)))


if __name__ == "__main__":
    main()
