"""The specs as they were at a git ref: the old side of `diff --against`.

Files are read with `git cat-file` into a temporary folder; nothing in the work
tree is touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..config import ConfigError, read_settings

__all__ = ["GitRefError", "extensions_at_ref", "specs_at_ref"]


class GitRefError(Exception):
    """git is missing, the ref does not exist, or a spec lies outside the repository."""


def specs_at_ref(ref: str, pyproject: Path, dest: Path) -> list[Path]:
    """The configured spec files as they were at git `ref`, copied under `dest`.

    The list is pyproject.toml's now plus the one it had at `ref`, so a spec
    dropped since then still shows up as removed; files missing at `ref` are left
    out (the working-tree side then counts as added).
    """
    root = Path(_git(pyproject.parent, "rev-parse", "--show-toplevel").decode().strip())
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitRefError:
        raise GitRefError(f"{ref!r} is not a commit in {root}") from None
    names = {_relative(root, p) for p in read_settings(pyproject).specs}
    names |= _specs_listed_at(ref, root, _relative(root, pyproject), dest)
    listing = _git(root, "ls-tree", "-r", "--full-tree", "--name-only", ref, "--", *sorted(names))
    paths = []
    for name in sorted(names & set(listing.decode().splitlines())):
        paths.append(_write(dest / name, _git(root, "cat-file", "blob", f"{ref}:{name}")))
    return paths


def extensions_at_ref(ref: str, pyproject: Path, dest: Path) -> Path | None:
    """The extension modules as they were at git `ref`, copied into a folder under `dest`;
    None when no extensions folder was configured then (nor is now)."""
    root = Path(_git(pyproject.parent, "rev-parse", "--show-toplevel").decode().strip())
    folder = _extensions_listed_at(ref, root, _relative(root, pyproject), dest)
    if folder is None:
        return None
    copy = dest / "extensions-at-ref" / folder
    copy.mkdir(parents=True, exist_ok=True)
    listing = _git(root, "ls-tree", "--full-tree", "--name-only", ref, "--", f"{folder}/")
    for name in listing.decode().splitlines():
        if name.endswith(".py"):
            _write(copy / Path(name).name, _git(root, "cat-file", "blob", f"{ref}:{name}"))
    return copy


def _extensions_listed_at(ref: str, root: Path, pyproject: str, dest: Path) -> str | None:
    """The extensions folder, relative to the repository: pyproject.toml's at `ref`, else
    today's."""
    try:
        at_ref = _write(dest / pyproject, _git(root, "cat-file", "blob", f"{ref}:{pyproject}"))
        folder = read_settings(at_ref).extensions
    except (GitRefError, ConfigError):
        folder = read_settings(root / pyproject).extensions
        return _relative(root, folder) if folder is not None else None
    return folder.relative_to(dest).as_posix() if folder is not None else None


def _specs_listed_at(ref: str, root: Path, pyproject: str, dest: Path) -> set[str]:
    try:
        target = _write(dest / pyproject, _git(root, "cat-file", "blob", f"{ref}:{pyproject}"))
        specs = read_settings(target).specs
    except (GitRefError, ConfigError):
        return set()  # no usable pyproject.toml back then: today's list applies
    return {p.relative_to(dest).as_posix() for p in specs if p.is_relative_to(dest)}


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitRefError(f"{path} is outside the git repository {root}") from None


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitRefError("git is not installed (needed by --against)") from None
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip() or f"exit {result.returncode}"
        raise GitRefError(f"git {' '.join(args)}: {detail}")
    return result.stdout
