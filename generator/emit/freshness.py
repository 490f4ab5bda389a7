"""Whether a generated tree is up to date, without parsing, rendering or formatting.

`check` and a regeneration with nothing changed end here; this module imports only
what that answer needs, so the common case stays fast.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..provenance import GENERATOR_DIR
from ..runtime_api import TEMPLATES_DIR
from .manifest import INPUTS_NAME, Manifest, inputs_fingerprint
from .tree import read_tree

__all__ = ["is_up_to_date", "specs_validated"]


def is_up_to_date(
    spec_paths: list[Path],
    package: str,
    package_dir: Path,
    templates_dir: Path = TEMPLATES_DIR,
    conventions: str | None = None,
    extensions: Path | None = None,
) -> bool:
    """True when nothing the tree was made from has changed and nobody edited the tree.

    Deterministic output makes this safe: same inputs, same files. It needs no
    parsing, rendering or formatting, so the drift check stays fast on a fresh clone.
    """
    try:
        stored = (package_dir / INPUTS_NAME).read_text(encoding="utf-8").strip()
        current = inputs_fingerprint(
            spec_paths, package, templates_dir, GENERATOR_DIR, conventions, extensions
        )
    except OSError:
        return False  # a missing spec or tree: the full run reports it
    return stored == current and Manifest.read(package_dir).describes(read_tree(package_dir))


def specs_validated(spec_paths: list[Path], package_dir: Path) -> bool:
    """Whether the tree's manifest vouches that every spec, exactly as it is now, passed
    openapi-spec-validator: then a regeneration need not start the validator early."""
    manifest = Manifest.read(package_dir)
    try:
        return all(
            manifest.spec_validated(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in spec_paths
        )
    except OSError:
        return False  # a missing spec: the full run reports it
