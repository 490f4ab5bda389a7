"""What the runtime copied into every package defines, read from its source.

Naming must not let a spec name shadow a runtime method, and `errors.py` and
`drift.py` re-export the runtime's error classes and drift functions. Both lists are derived here from
`templates/runtime/` itself, so they cannot drift from it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

__all__ = [
    "RUNTIME_DIR",
    "TEMPLATES_DIR",
    "call_option_names",
    "client_attribute_names",
    "drift_names",
    "error_class_names",
    "model_attribute_names",
]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
RUNTIME_DIR = TEMPLATES_DIR / "runtime"
# Where the classes every generated client inherits from live, module by module.
_CLIENT_BASES = {"_client_base": ("ClientBase",), "_http": ("SyncClientBase", "AsyncClientBase")}


@functools.cache
def _module(name: str) -> ast.Module:
    return ast.parse((RUNTIME_DIR / f"{name}.py").read_text(encoding="utf-8"))


def _classes(module: ast.Module, names: tuple[str, ...]) -> list[ast.ClassDef]:
    return [n for n in module.body if isinstance(n, ast.ClassDef) and n.name in names]


def _public_names(classes: list[ast.ClassDef]) -> frozenset[str]:
    """Methods, class attributes, `self.x` attributes and `__init__` keywords."""
    found: set[str] = set()
    for cls in classes:
        for node in cls.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.add(node.name)
                if node.name == "__init__":
                    found.update(a.arg for a in node.args.kwonlyargs)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                found.add(node.target.id)
        for inner in ast.walk(cls):
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.ctx, ast.Store)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "self"
            ):
                found.add(inner.attr)
    return frozenset(n for n in found if not n.startswith("_"))


@functools.cache
def model_attribute_names() -> frozenset[str]:
    """Public names every generated model inherits from the runtime's `WireModel`."""
    return _public_names(_classes(_module("_wire"), ("WireModel",)))


@functools.cache
def client_attribute_names() -> frozenset[str]:
    """Public names every generated client inherits from the runtime's client bases."""
    return _public_names(
        [cls for module, names in _CLIENT_BASES.items() for cls in _classes(_module(module), names)]
    )


def _all(module: ast.Module) -> list[str]:
    """The module's `__all__` list."""
    return list(
        next(
            ast.literal_eval(n.value)
            for n in module.body
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)
        )
    )


@functools.cache
def drift_names() -> tuple[str, ...]:
    """The functions `_drift.py` exports, which the package's `drift` module re-exports."""
    return tuple(_all(_module("_drift")))


@functools.cache
def call_option_names() -> tuple[str, ...]:
    """The per-call options every generated method takes: the fields of `_options.Options`."""
    (options,) = _classes(_module("_options"), ("Options",))
    return tuple(
        node.target.id
        for node in options.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    )


@functools.cache
def error_class_names() -> tuple[str, ...]:
    """The exception classes `_errors.py` exports, in its `__all__` order."""
    module = _module("_errors")
    exported = _all(module)
    exported_here = {n.name for n in _classes(module, tuple(exported))}
    imported = {
        alias.asname or alias.name
        for n in module.body
        if isinstance(n, ast.ImportFrom)
        for alias in n.names
    }
    # Classes are CapWords; the helpers beside them in __all__ are functions.
    return tuple(n for n in exported if n[:1].isupper() and (n in exported_here or n in imported))
