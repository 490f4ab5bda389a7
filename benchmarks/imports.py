"""Import time and first-call latency of the generated package, each in a fresh interpreter.

- Import: `import gemini_api.v1beta` (generated/ put on sys.path inside `-c`),
  against `import httpx` in our venv (the floor: our one dependency) and
  `import google.genai` in the peer venv. Every child runs `python -I -c ...`,
  timed from outside by `timing.run_child`; a bare `python -I -c pass` of the
  same interpreter is the baseline, so `net` is what the import itself adds.
  The child also times the import from inside (`in_process`), a steadier figure
  that leaves out interpreter start-up and exit.
- First call: from the start of the import to the end of building a
  `v1beta.Client` and one `GenerateContentResponse.from_dict` of the small
  payload, timed inside the child, so that an import made lazy, which only moves
  the cost to first use, does not look faster than it is.

Rounds are interleaved across the children, so drift on a noisy machine hits
all alike; every figure is a median. One untimed run of each child first
compiles the bytecode and checks that the package came from the tree asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from payloads import small_response
from timing import median, run_child

__all__ = ["measure"]

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
_CLOCK = "import time\nstart = time.perf_counter()\n"
_FIRST_CALL = """
from gemini_api import v1beta
client = v1beta.Client(api_key="k", base_url="http://127.0.0.1:9")
response = v1beta.models.GenerateContentResponse.from_dict(payload)
"""
_CHECK = """
import gemini_api
print("FROM", gemini_api.__file__)
"""


def _on_path(tree: Path, code: str) -> str:
    return f"import sys\nsys.path.insert(0, {str(tree)!r})\n{code}"


def _timed(setup: str, statement: str) -> str:
    """A child that runs `setup`, then prints how long `statement` took inside it."""
    return f"{setup}\n{_CLOCK}{statement}\nprint('ELAPSED', time.perf_counter() - start)\n"


def _children(
    python: Path, peer_python: Path, tree: Path | None
) -> dict[str, tuple[Path, str, str]]:
    """Label: (interpreter, code, what the output must mention) for each timed child."""
    children = {
        "ours": (
            python,
            _timed(_on_path(GENERATED, ""), "import gemini_api.v1beta"),
            str(GENERATED),
        ),
        "httpx": (python, _timed("", "import httpx"), ""),
        "google.genai": (peer_python, _timed("", "import google.genai"), ""),
    }
    payload = f"payload = {small_response()!r}"
    firsts = {"first call, ours": GENERATED}
    if tree is not None:
        children["before"] = (
            python,
            _timed(_on_path(tree, ""), "import gemini_api.v1beta"),
            str(tree),
        )
        firsts["first call, before"] = tree
    for label, root in firsts.items():
        children[label] = (python, _timed(_on_path(root, payload), _FIRST_CALL), str(root))
    return children


def _elapsed(output: str) -> float | None:
    for line in output.splitlines():
        if line.startswith("ELAPSED "):
            return float(line.split()[1])
    return None


def _last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


def _check(python: Path, code: str, expected: str) -> str | None:
    """Run `code` once untimed (writes bytecode); an error message when it fails."""
    run = run_child([str(python), "-I", "-c", code + (_CHECK if expected else "")], cwd=ROOT)
    if run.returncode:
        return f"exit {run.returncode}: {_last_line(run.output)}"
    origin = next((x for x in run.output.splitlines() if x.startswith("FROM ")), "")
    if expected and expected not in origin:
        return f"imported from the wrong tree: {origin.removeprefix('FROM ')}"
    return None


def measure(
    peer_python: Path, runs: int, tree: Path | None, log: Callable[[str], None]
) -> dict[str, Any]:
    """Medians over `runs` interleaved rounds; `tree` adds a "before" package."""
    python = Path(sys.executable)
    children = _children(python, peer_python, tree)
    errors: dict[str, str] = {}
    for label, (interpreter, code, expected) in children.items():
        if (error := _check(interpreter, code, expected)) is not None:
            errors[label] = error
            log(f"imports: {label} failed: {error}")
    live = {k: v for k, v in children.items() if k not in errors}
    venvs = {"ours": python, "peers": peer_python}
    baseline: dict[str, list[float]] = {venv: [] for venv in venvs}
    wall: dict[str, list[float]] = {k: [] for k in live}
    inside: dict[str, list[float]] = {k: [] for k in live}
    peak: dict[str, int] = dict.fromkeys(live, 0)
    for index in range(runs):
        if index % 5 == 0:
            log(f"imports: round {index + 1} of {runs}")
        for venv, interpreter in venvs.items():
            run = run_child([str(interpreter), "-I", "-c", "pass"], cwd=ROOT)
            baseline[venv].append(run.seconds)
        for label, (interpreter, code, _) in live.items():
            run = run_child([str(interpreter), "-I", "-c", code], cwd=ROOT)
            elapsed = _elapsed(run.output)
            if run.returncode or elapsed is None:
                errors[label] = f"exit {run.returncode}: {_last_line(run.output)}"
                continue
            wall[label].append(run.seconds)
            inside[label].append(elapsed)
            peak[label] = max(peak[label], run.max_rss_kb)
    rows: dict[str, Any] = {}
    for label, (interpreter, _, _) in live.items():
        if label in errors or not wall[label]:
            continue
        venv = "peers" if interpreter == peer_python else "ours"
        raw, start_up = median(wall[label]), median(baseline[venv])
        rows[label] = {
            "raw_s": raw,
            "baseline_s": start_up,
            "net_s": raw - start_up,
            "in_process_s": median(inside[label]),
            "peak_mb": peak[label] / 1024,
            "venv": venv,
        }
    return {"runs": runs, "rows": rows, "errors": errors}
