"""Report sections for what a user of the generated package feels: import time, upload memory.

`client_targets` gives rows for the targets table, `client_details` the detail
tables; both take the whole results dict and skip what was not measured.
"""

from __future__ import annotations

from typing import Any

from tables import at_most, div, ms, row, table, times

__all__ = ["client_details", "client_targets"]

_IMPORTS = (  # label, the statement timed
    ("ours", "import gemini_api.v1beta"),
    ("before", "import gemini_api.v1beta (--import-tree)"),
    ("httpx", "import httpx"),
    ("google.genai", "import google.genai"),
)
# Issue 17: a large upload's peak memory, traced and RSS growth alike.
_MEMORY_ALLOWED = 64 * 1000 * 1000


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value / 2**20:.1f} MiB"


def _import_targets(imports: dict[str, Any]) -> list[list[str]]:
    found = imports.get("rows", {})
    ours = (found.get("ours") or {}).get("net_s")
    rows = []
    for peer, limit in (("httpx", 1.5), ("google.genai", 0.25)):
        theirs = (found.get(peer) or {}).get("net_s")
        ratio = div(ours, theirs)
        rows.append(
            row(
                f"import time, fresh interpreter, net of start-up: ours / `import {peer}`",
                ms(ours),
                f"≤ {limit:.2f}x",
                at_most(ratio, limit),
                ms(theirs),
                times(ratio),
            )
        )
    first = (found.get("first call, ours") or {}).get("in_process_s")
    alone = (found.get("ours") or {}).get("in_process_s")
    rows.append(
        row(
            "first call (import, Client(), one from_dict) vs import alone, in-process",
            ms(first),
            "—",
            None,
            ms(alone),
            times(div(first, alone)),
        )
    )
    return rows


def _upload_targets(upload: dict[str, Any]) -> list[list[str]]:
    rows = []
    for entry in upload.get("rows", []):
        label = f"upload_file of {_mib(entry['size'])}"
        if "error" in entry:
            rows.append(row(f"{label}: {entry['error']}", "n/a", "runs", False))
            continue
        peak = max(entry["traced_peak"], entry["rss_growth"])
        rows.append(
            row(
                f"{label}: peak memory during the upload, traced / RSS growth",
                f"{_mib(entry['traced_peak'])} / {_mib(entry['rss_growth'])}",
                "< 64 MB",
                peak < _MEMORY_ALLOWED,
            )
        )
        share = div(entry["mib_per_s"], entry.get("raw_mib_per_s"))
        # The target is for large files; a small one shows the fixed cost of a session.
        large = entry["size"] >= 200 * 1000 * 1000
        rows.append(
            row(
                f"{label}: throughput, ours / one raw httpx PUT of the same bytes",
                f"{entry['mib_per_s']:.0f} MiB/s",
                "≥ 80%" if large else "— (info)",
                None if share is None or not large else share >= 0.8,
                f"{entry.get('raw_mib_per_s', 0):.0f} MiB/s",
                "n/a" if share is None else f"{share:.0%}",
            )
        )
        rows.append(
            row(
                f"{label}: the server's SHA-256 and size equal the file's, every run",
                "equal" if entry["sha256_ok"] else "different",
                "equal",
                entry["sha256_ok"],
            )
        )
    return rows


def client_targets(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    if results.get("imports"):
        rows += _import_targets(results["imports"])
    if results.get("upload"):
        rows += _upload_targets(results["upload"])
    return rows


def _import_details(imports: dict[str, Any]) -> list[str]:
    found = imports.get("rows", {})
    httpx = (found.get("httpx") or {}).get("net_s")
    lines = [f"## Import time (median of {imports['runs']} fresh interpreters each)", ""]
    rows = []
    for label, statement in _IMPORTS:
        r = found.get(label)
        if r:
            rows.append(
                [
                    label,
                    f"`{statement}`",
                    r["venv"],
                    ms(r["raw_s"]),
                    ms(r["baseline_s"]),
                    ms(r["net_s"]),
                    ms(r["in_process_s"]),
                    f"{r['peak_mb']:.0f} MB",
                    times(div(r["net_s"], httpx)),
                ]
            )
    lines += table(
        [
            "row",
            "statement",
            "venv",
            "wall (raw)",
            "`-c pass`",
            "net",
            "in-process",
            "peak RSS",
            "net ÷ httpx",
        ],
        rows,
    )
    rows = []
    for label in ("ours", "before"):
        first = found.get(f"first call, {label}")
        alone = found.get(label)
        if first and alone:
            added = first["in_process_s"] - alone["in_process_s"]
            rows.append([label, ms(first["in_process_s"]), ms(alone["in_process_s"]), ms(added)])
    lines += table(
        ["package", "first call (in-process)", "import alone (in-process)", "added by the call"],
        rows,
    )
    lines += [
        "`net` is the child's wall time minus a bare `python -I -c pass` of the same "
        "interpreter; `in-process` is timed inside the child (no start-up, no exit). The "
        "first call runs from the start of the import to the end of `v1beta.Client(...)` "
        "and one `GenerateContentResponse.from_dict` of the small payload.",
        "",
    ]
    errors = [f"Failed: {label}: {error}." for label, error in imports.get("errors", {}).items()]
    return lines + ([*errors, ""] if errors else [])


def _upload_details(upload: dict[str, Any]) -> list[str]:
    lines = ["## Upload memory (`Client.upload_file`, resumable, local server)", ""]
    rows = []
    for e in upload.get("rows", []):
        if "error" in e:
            rows.append([_mib(e["size"]), e["error"], *[""] * 5])
            continue
        rows.append(
            [
                _mib(e["size"]),
                _mib(e["chunk"]),
                f"{e['seconds']:.2f} s",
                f"{e['mib_per_s']:.0f} MiB/s",
                _mib(e["traced_peak"]),
                _mib(e["rss_growth"]) + ("" if e["rss_peak_reset"] else " (ru_maxrss)"),
                "ok" if e["sha256_ok"] else "**MISMATCH**",
            ]
        )
    lines += table(
        [
            "file",
            "first chunk",
            "time",
            "throughput",
            "peak traced",
            "peak RSS growth",
            "sha256 and size",
        ],
        rows,
    )
    lines += [
        "The server runs in its own process and keeps only a hash and a count, so the "
        "figures are the client's alone. Time, throughput and RSS growth are medians of "
        "untraced runs (each a fresh client; peak RSS reset just before the upload); the "
        "traced peak comes from one more run under tracemalloc.",
        "",
    ]
    return lines


def client_details(results: dict[str, Any]) -> list[str]:
    lines = []
    if results.get("imports"):
        lines += _import_details(results["imports"])
    if results.get("upload"):
        lines += _upload_details(results["upload"])
    return lines
