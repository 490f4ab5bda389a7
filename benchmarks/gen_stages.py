"""Where `generate` spends its time: the real command, with each stage timed.

Usage: gen_stages.py GENERATE-ARGS... (the arguments of `python -m generator`,
e.g. `generate --spec S --out DIR --package pkg`). Run by our venv's python
from the repository root; prints JSON with seconds per stage.

Rather than re-chaining the stages (and drifting from the generator as it
changes), this wraps the stage functions where `generator.pipeline` and
`generator.cli` look them up and then runs `generator.cli.main` itself, so the
chaining, the manifest reuse and the lazy imports are exactly those of the real
command. The command forks openapi-spec-validator's process before it imports the
pipeline (the two imports overlap), so the pipeline is imported, and its stages
wrapped, only once that process has been started, as the command would. `other`
is everything outside the stages (argument parsing, the up-to-date check, manifest
and fingerprint, the pipeline's import); `imports` is the time to import the
command line before `main` starts; `black` is the part of `format` spent in black
(its import included). The wrappers cost a few microseconds.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_STARTED = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import generator.cli as cli  # noqa: E402
import generator.spec.validator as validator  # noqa: E402  (the command imports it first too)

_IMPORTED = time.perf_counter()


def _stages() -> tuple[tuple[Any, str, str], ...]:
    """(module or class, name as looked up there, stage it belongs to)."""
    import generator.pipeline as pipeline
    import generator.spec.checking as checking

    return (
        (checking, "load_spec", "load"),
        (checking, "prepare_document", "validate"),
        (checking, "check_prepared", "validate"),
        # openapi-spec-validator runs in a child process beside the later stages; what
        # counts is the time spent waiting for it at the end.
        (checking.CheckedSpecs, "finish", "validate"),
        (pipeline, "parse_apis", "parse"),
        (pipeline, "render_package", "render"),
        (pipeline, "format_files", "format"),
        (cli, "write_tree", "write"),
    )


def _black() -> tuple[Any, str]:
    """Inside `format`: black itself (its import and every call), reported apart."""
    import generator.style.formatter as formatting

    return formatting, "_format_all"


def _timed(function: Callable[..., Any], stage: str, totals: dict[str, float]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[stage] += time.perf_counter() - start
            totals[f"{stage} calls"] += 1

    return wrapper


def _wrap_stages(totals: dict[str, float]) -> None:
    for module, name, stage in _stages():
        function = getattr(module, name, None)
        if function is None:  # the generator moved it: the stage reads n/a, its time "other"
            print(f"gen_stages: {module.__name__}.{name} not found", file=sys.stderr)
            continue
        setattr(module, name, _timed(function, stage, totals))
    module, name = _black()
    setattr(module, name, _timed(getattr(module, name), "black", totals))


def main() -> int:
    names = ("load", "validate", "parse", "render", "format", "write")
    totals: dict[str, float] = {}
    for stage in (*names, "black"):
        totals[stage], totals[f"{stage} calls"] = 0.0, 0
    started = validator.SpecValidation.__init__

    def start_then_wrap(self: Any, *args: Any, **kwargs: Any) -> None:
        started(self, *args, **kwargs)
        if not wrapped:  # once: the pipeline may make a SpecValidation of its own
            wrapped.append(True)
            _wrap_stages(totals)  # imports the pipeline, as the command does next

    wrapped: list[bool] = []
    validator.SpecValidation.__init__ = start_then_wrap  # type: ignore[method-assign]
    start = time.perf_counter()
    code = cli.main(sys.argv[1:])
    total = time.perf_counter() - start
    stages = {stage: totals[stage] if totals[f"{stage} calls"] else None for stage in names}
    result = {
        "exit_code": code,
        "imports": _IMPORTED - _STARTED,
        "main": total,
        "stages": stages,
        "other": total - sum(v for v in stages.values() if v is not None),
        "black": totals["black"],
        "calls": {stage: totals[f"{stage} calls"] for stage in names},
    }
    print("BENCH-STAGES " + json.dumps(result))
    return code


if __name__ == "__main__":
    cli.end_process(main())  # as the command ends
