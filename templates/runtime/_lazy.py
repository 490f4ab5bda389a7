"""Package attributes loaded on first use.

A package `__init__` lists what it offers and where each name lives; importing
the package then costs almost nothing, and a program pays for a module (the
whole API's models, its client) when it first touches it. Type checkers see
the same names through imports under `TYPE_CHECKING`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `homes` maps each name to the submodule
    that defines it; a name equal to its submodule's is the submodule itself."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(f".{home}", package)
        return module if name == home else getattr(module, name)

    return __getattr__
