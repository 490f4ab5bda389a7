"""`make golden`: rewrite the diagnostics goldens from the current generator.

Run after `make generate` (which refreshes the generated/ tree golden). Review
the diff of tests/golden/diagnostics/ before committing: a changed message is a
change users see.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_bad_specs import BAD_SPECS, GOLDEN_DIAGNOSTICS, diagnostics_for


def main() -> None:
    GOLDEN_DIAGNOSTICS.mkdir(parents=True, exist_ok=True)
    for spec in BAD_SPECS:
        golden = GOLDEN_DIAGNOSTICS / f"{spec.name}.txt"
        golden.write_text(diagnostics_for(spec, Path("/nonexistent-output")), encoding="utf-8")
        print(f"wrote {golden}")


if __name__ == "__main__":
    main()
