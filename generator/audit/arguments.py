"""The `audit` subcommand's arguments, kept apart from `command` so that registering the
subcommand loads none of the readers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_ALLOW_LIST", "add_audit_command"]

DEFAULT_ALLOW_LIST = Path("specs/audit-allow.yaml")


def add_audit_command(commands: argparse._SubParsersAction[Any]) -> None:
    audit = commands.add_parser(
        "audit",
        help="compare the specs with an upstream description of the API",
        description="Report methods, fields and enum values that our specs lack (exit 1), "
        "or have extra or typed differently (warnings), compared with a Discovery document, "
        "Google's OpenAPI 3.0 export or an installed client package "
        "(proto:google.ai.generativelanguage_v1beta). Exit 2 on unreadable input.",
    )
    add = audit.add_argument
    add("specs", nargs="*", type=Path, metavar="SPEC", help="spec files (default: pyproject.toml)")
    add(
        "--against", action="append", required=True, metavar="SOURCE",
        help="Discovery JSON, OpenAPI 3.0 export, or proto:<module> (repeatable, one per version)",
    )  # fmt: skip
    add("--format", choices=("text", "markdown", "json"), default="text")
    add("--skeleton", type=Path, metavar="OUT.yaml", help="write OpenAPI 3.1 for what is missing")
    add("--allow", type=Path, metavar="FILE", help=f"allow-list (default: {DEFAULT_ALLOW_LIST})")
    add("--config", type=Path, help="pyproject.toml listing the specs")
