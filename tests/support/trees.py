"""A digest of a folder tree, to prove a failed run changed nothing."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def tree_digest(root: Path) -> str:
    """SHA-256 over every entry under `root`: its path, kind, mode and content or link target.

    Symlinks are recorded, never followed, and empty folders count, so a folder made
    and left behind, or a file written beside the tree, changes the digest.
    """
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(folders + files):
            path = Path(folder, name)
            stat = path.lstat()
            digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_mode:o}\0".encode())
            if path.is_symlink():
                digest.update(os.readlink(path).encode())
            elif path.is_file():
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
