"""Paired codec timings: ours against the json floor, and against other generated trees.

Usage: paired.py [--tree DIR ...] [--rounds N]. Not part of run.py. Times
`from_json`, `to_dict` and `to_json` (orjson on and off) of the small and large
responses of `payloads.py`, with `json.loads` and compact `json.dumps` of the same
data, in interleaved rounds in one process, and keeps each one's fastest round: load
from other work on the machine then hits every side alike, which the sequential
medians of run.py cannot promise. Each `--tree` (a folder holding `gemini_api`,
e.g. one from `git archive`) is imported under its own module names and shown as a
row; the committed `generated/` is the default.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import payloads  # noqa: E402


def _import_tree(tree: Path) -> tuple[Any, ModuleType]:
    """The tree's GenerateContentResponse and its runtime `_json` module, imported afresh."""
    for name in [n for n in sys.modules if n == "gemini_api" or n.startswith("gemini_api.")]:
        del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        model = importlib.import_module("gemini_api.v1beta.models").GenerateContentResponse
        return model, importlib.import_module("gemini_api._runtime._json")
    finally:
        sys.path.remove(str(tree))


def _without_orjson(call: Callable[[], str], json_module: ModuleType) -> Callable[[], str]:
    def run() -> str:
        saved, json_module._orjson = json_module._orjson, None  # type: ignore[attr-defined]
        try:
            return call()
        finally:
            json_module._orjson = saved  # type: ignore[attr-defined]

    return run


def _fastest(
    functions: dict[str, Callable[[], object]], loops: int, rounds: int
) -> dict[str, float]:
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(rounds):
        for key, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            for _ in range(loops):
                function()
            best[key] = min(best[key], (time.perf_counter() - start) / loops)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", type=Path, default=[])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    trees = [t.resolve() for t in args.tree] or [HERE.parent / "generated"]
    imported = [_import_tree(t) for t in trees]
    bodies = {
        "small": payloads.to_bytes(payloads.small_response()),
        "large": payloads.to_bytes(payloads.large_response()),
    }
    for name, body in bodies.items():
        data = json.loads(body)
        functions: dict[str, Callable[[], object]] = {
            "json.loads": lambda b=body: json.loads(b),
            "json.dumps": lambda d=data: json.dumps(d, separators=(",", ":")),
        }
        for index, (model, json_module) in enumerate(imported):
            value = model.from_json(body)
            functions[f"{index} from_json"] = lambda m=model, b=body: m.from_json(b)
            functions[f"{index} to_dict"] = value.to_dict
            functions[f"{index} to_json"] = value.to_json
            functions[f"{index} to_json, orjson off"] = _without_orjson(value.to_json, json_module)
        best = _fastest(functions, 2000 if name == "small" else 20, args.rounds)
        loads, dumps = best["json.loads"], best["json.dumps"]
        print(f"{name}: json.loads {loads * 1e6:.1f} µs, json.dumps {dumps * 1e6:.1f} µs")
        for index, tree in enumerate(trees):
            parse, to_dict = best[f"{index} from_json"], best[f"{index} to_dict"]
            fast, plain = best[f"{index} to_json"], best[f"{index} to_json, orjson off"]
            print(
                f"  {tree}: from_json {parse * 1e6:.1f} µs ({parse / loads:.2f}x), "
                f"to_dict {to_dict * 1e6:.1f} µs, to_json {fast * 1e6:.1f} µs "
                f"({fast / dumps:.2f}x), orjson off {plain * 1e6:.1f} µs ({plain / dumps:.2f}x)"
            )


if __name__ == "__main__":
    main()
