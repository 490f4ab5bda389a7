"""Binding benchmarks of our generated models; run by our venv's python.

Usage: our_bindings.py PAYLOAD_DIR [--quick] [--profile]. Reads the payload
files run.py wrote (the same bytes the peer worker gets) and prints one JSON
object shaped like peer_bindings.py's, plus the SSE overhead and, with
`--profile`, the top functions of a cProfile run of `from_dict` on the large
payload. The models and the runtime are imported from the committed
`generated/gemini_api`, exactly as users get them.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "generated"))

from gemini_api._runtime import _json  # noqa: E402
from gemini_api._runtime._sse import SSEDecoder  # noqa: E402
from gemini_api._runtime._streaming import _decode_event  # noqa: E402

_NO_RESPONSE = httpx.Response(200)
from gemini_api.v1beta.models import GenerateContentResponse  # noqa: E402
from timing import loop_time  # noqa: E402


def _without_orjson(call: Callable[[], str]) -> str:
    """`call()` with the runtime's optional orjson switched off, as on an install
    without it (the switch is two global stores, nothing next to a serialization)."""
    saved, _json._orjson = _json._orjson, None
    try:
        return call()
    finally:
        _json._orjson = saved


def _chunks(stream: bytes, size: int | None) -> list[bytes]:
    """The stream as the network hands it over: one chunk per event (the server
    flushes each), or fixed-size chunks that split events and lines anywhere."""
    if size is None:
        return [event + b"\r\n\r\n" for event in stream.split(b"\r\n\r\n") if event]
    return [stream[i : i + size] for i in range(0, len(stream), size)]


def _sse(stream: bytes, repeats: int, min_seconds: float) -> dict[str, Any]:
    """µs per event: the runtime's whole path, and that path minus json.loads+from_dict."""
    from_dict = GenerateContentResponse.from_dict
    texts = [event.data for event in SSEDecoder().feed(stream)]
    count = len(texts)

    def baseline() -> None:
        for text in texts:
            from_dict(json.loads(text))

    base, _ = loop_time(baseline, repeats, min_seconds)
    result: dict[str, Any] = {"events": count, "baseline_us": base / count * 1e6}
    for label, size in (("per-event chunks", None), ("4 KiB chunks", 4096)):
        chunks = _chunks(stream, size)

        def whole(chunks: list[bytes] = chunks) -> None:
            # The loop of _streaming._events, minus the HTTP response around it (which the
            # decoder only reads to report an error event).
            decoder = SSEDecoder()
            for chunk in chunks:
                for event in decoder.feed(chunk):
                    _decode_event(event, from_dict, _NO_RESPONSE)
            events, incomplete = decoder.finish()
            assert not events and not incomplete

        seconds, _ = loop_time(whole, repeats, min_seconds)
        result[label] = {
            "total_us": seconds / count * 1e6,
            "overhead_us": (seconds - base) / count * 1e6,
        }
    decoder_only = _chunks(stream, None)

    def decode_only() -> None:
        decoder = SSEDecoder()
        for chunk in decoder_only:
            decoder.feed(chunk)

    seconds, _ = loop_time(decode_only, repeats, min_seconds)
    result["decoder_only_us"] = seconds / count * 1e6
    return result


def _label(filename: str, line: int, name: str, sources: dict[str, list[str]]) -> str:
    """`Candidate.from_dict (models.py)` rather than `models.py:4469(from_dict)`."""
    if not filename.endswith(".py"):
        return name.strip("<>") if filename == "~" else f"{filename}:{line}({name})"
    if filename not in sources:
        sources[filename] = Path(filename).read_text(encoding="utf-8").splitlines()
    for text in reversed(sources[filename][: max(line - 1, 0)]):
        if text.startswith("class "):
            owner = text[len("class ") :].split("(")[0].split(":")[0]
            return f"{owner}.{name} ({Path(filename).name})"
        if text.startswith("def "):
            break
    return f"{name} ({Path(filename).name}:{line})"


def _profile(body: bytes, top: int = 14) -> list[dict[str, Any]]:
    data = json.loads(body)
    from_dict = GenerateContentResponse.from_dict
    for _ in range(20):
        from_dict(data)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(200):
        from_dict(data)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    sources: dict[str, list[str]] = {}
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": _label(filename, line, name, sources),
                "calls_per_parse": calls / 200,
                "tottime_share": tottime / total,
                "cumtime_share": cumtime / total,
            }
        )
    rows.sort(key=lambda r: -r["tottime_share"])
    return rows[:top]


def main() -> None:
    folder = Path(sys.argv[1])
    quick = "--quick" in sys.argv
    repeats, min_seconds = (3, 0.05) if quick else (7, 0.2)
    payloads = {name: (folder / f"{name}.json").read_bytes() for name in ("small", "large")}
    model = GenerateContentResponse
    results: dict[str, Any] = {"parse": {}, "dump": {}, "loops": {}, "checks": {}}
    for name, body in payloads.items():
        data = json.loads(body)
        for key, function in (
            (f"json.loads/{name}", lambda b=body: json.loads(b)),
            (f"ours/{name}", lambda b=body: model.from_json(b)),
            (f"ours from_dict only/{name}", lambda d=data: model.from_dict(d)),
        ):
            seconds, loops = loop_time(function, repeats, min_seconds)
            results["parse"][key] = seconds
            results["loops"][key] = loops
        value = model.from_json(body)
        for key, dump in (
            (f"json.dumps/{name}", lambda d=data: json.dumps(d, separators=(",", ":"))),
            (f"ours/{name}", lambda v=value: v.to_json()),
            (f"ours without orjson/{name}", lambda v=value: _without_orjson(v.to_json)),
        ):
            seconds, loops = loop_time(dump, repeats, min_seconds)
            results["dump"][key] = seconds
            results["loops"][f"{key} dump"] = loops
        # With orjson only numbers below 1e-4 may be spelled differently; the values agree.
        plain, fast = _without_orjson(value.to_json), value.to_json()
        results["checks"][f"ours/{name} without orjson"] = (
            "same text"
            if plain == fast
            else "same values" if json.loads(plain) == json.loads(fast) else "DIFFERS"
        )
        results["checks"][f"ours/{name} round trip"] = (
            "exact" if json.loads(value.to_json()) == data else "DIFFERS"
        )
    stream_texts = json.loads((folder / "stream_events.json").read_text(encoding="utf-8"))
    encoded = [t.encode("utf-8") for t in stream_texts]

    def events() -> None:
        for item in encoded:
            model.from_json(item)

    seconds, _ = loop_time(events, repeats, min_seconds)
    results["parse"]["ours/stream event"] = seconds / len(encoded)
    results["sse"] = _sse((folder / "stream.sse").read_bytes(), repeats, min_seconds)
    if "--profile" in sys.argv:
        results["profile"] = _profile(payloads["large"])
    print(json.dumps(results))


if __name__ == "__main__":
    main()
