"""What counting drift costs the decoder: `from_dict` of the benchmark responses, as
they are and with drift added (an unknown field on every candidate, part and
response, an unknown finish reason), with counting on and off.

Usage: drift.py [--tree GENERATED_DIR] [--quick]. `--tree` measures another
generated tree (one from before drift counting, say) for comparison; a tree
without `drift` gets the rows "off" only. Prints one markdown table, µs per call.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from payloads import large_response, small_response  # noqa: E402
from timing import loop_time  # noqa: E402


def drifted(response: dict[str, Any]) -> dict[str, Any]:
    """`response` with the additions a newer API would send."""
    response = copy.deepcopy(response)
    response["newResponseField"] = {"a": 1}
    for candidate in response.get("candidates", []):
        candidate["newCandidateField"] = "x"
        candidate["finishReason"] = "NEW_FINISH_REASON"
        for part in candidate.get("content", {}).get("parts", []):
            part["newPartField"] = 1
    return response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=HERE.parent / "generated")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    models = importlib.import_module("gemini_api.v1beta.models")
    package = importlib.import_module("gemini_api")
    drift = getattr(package, "drift", None)
    from_dict = models.GenerateContentResponse.from_dict
    repeats, min_seconds, rounds = (3, 0.05, 1) if args.quick else (5, 0.2, 5)
    payloads = {"small": small_response(), "large": large_response()}
    payloads |= {f"{name}, drifted": drifted(p) for name, p in list(payloads.items())}
    settings = ("on", "off") if drift else ("off",)
    print(f"tree: {args.tree}\n")
    print("| payload | counting | µs per from_dict |\n|---|---|---|")
    for name, payload in payloads.items():
        # On and off alternate, and the fastest round counts: the machine is shared, and
        # load that comes and goes would otherwise land on one setting only.
        best: dict[str, float] = {}
        for _ in range(rounds):
            for counting in settings:
                if drift:
                    drift.enable() if counting == "on" else drift.disable()
                    drift.reset()
                seconds, _ = loop_time(lambda p=payload: from_dict(p), repeats, min_seconds)
                best[counting] = min(best.get(counting, seconds), seconds)
        for counting, seconds in best.items():
            label = counting if drift else "none (no drift module)"
            print(f"| {name} | {label} | {seconds * 1e6:.1f} |")


if __name__ == "__main__":
    main()
