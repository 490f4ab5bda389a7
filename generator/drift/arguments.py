"""The `drift` subcommand's arguments, kept apart from `command` so that registering the
subcommand loads no spec reader."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_drift_command"]


def add_drift_command(commands: argparse._SubParsersAction[Any]) -> None:
    drift = commands.add_parser(
        "drift",
        help="map a drift report (what the API sent that the spec lacks) to the specs",
        description="Read a drift report written by the generated package's "
        "`drift.dump(path)` and print, for each entry, the spec file and JSON pointer to "
        "edit, or that it is not in the spec. Exit 2 on unreadable input.",
    )
    add = drift.add_argument
    add("report", type=Path, metavar="REPORT.json", help="the file drift.dump() wrote")
    add("--spec", action="append", type=Path, help="spec file (repeatable)")
    add("--config", type=Path, help="pyproject.toml listing the specs")
    add("--format", choices=("text", "json"), default="text")
