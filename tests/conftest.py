"""Test set-up shared by every group: a private formatting cache, the committed package
on the import path, and one in-memory build per worker."""

from __future__ import annotations

import os
import sys
import tempfile

import pytest

from .support.specs import EXTENSIONS, GENERATED, SPECS

# Tests never read or fill the user's formatting cache (generator/style/formatter.py).
os.environ.setdefault("GEMINI_CODEGEN_CACHE", tempfile.mkdtemp(prefix="gemini-codegen-cache-"))

# The committed package is importable as `gemini_api` in every test.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


@pytest.fixture(scope="session")
def built():
    from generator.pipeline import build_package

    # As `generate` builds it from pyproject.toml: with this repository's extensions.
    return build_package(list(SPECS), "gemini_api", extensions=EXTENSIONS)


@pytest.fixture(scope="session")
def apis(built):
    return {api.module: api for api in built.apis}
