"""What an extension module may do, checked on its syntax tree.

Rules, each reported at its line:
- a public top-level class is a mixin and must be named after a generated class of
  its version (a model, `Client` or `AsyncClient`), or be listed in `__all__`;
- a mixin has no bases, keywords or decorators, and a model mixin declares
  `__slots__ = ()` (the models use slots; a mixin without them would give every
  instance a `__dict__`);
- a mixin member must not reuse a name the generated class already has (a field,
  an operation method, a runtime method), which would silently shadow one of them;
- `__all__`, if present, is a literal list of names bound at the top level, none of
  them a mixin or a name the version package already exports;
- the generated package is imported relatively (`from . import models`), never by
  its own name, so the code keeps working when the package is vendored.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from ..diagnostics import Diagnostics
from ..runtime_api import client_attribute_names, model_attribute_names
from ..surface import CLIENT_CLASSES, VERSION_EXPORTS, ApiSurface
from .read import ExtensionSource

__all__ = [
    "EXTENSIONS_MODULE",
    "ExtensionMember",
    "ExtensionModule",
    "MemberKind",
    "check_extension",
    "generated_classes",
]

# Where a version's extension module is copied inside its subpackage.
EXTENSIONS_MODULE = "_extensions"


class MemberKind(enum.Enum):
    PROPERTY = "property"
    METHOD = "method"
    ATTRIBUTE = "attribute"
    HELPER = "helper"  # a module-level name in `__all__`


@dataclass(frozen=True, slots=True)
class ExtensionMember:
    owner: str  # the generated class it joins; "" for a helper
    name: str
    kind: MemberKind
    signature: str  # parameters and return annotation as written, for `diff`
    line: int

    @property
    def python_name(self) -> str:
        return f"{self.owner}.{self.name}" if self.owner else self.name


@dataclass(frozen=True, slots=True)
class ExtensionModule:
    module: str  # the API subpackage: "v1beta"
    file: str
    origin: str  # "extensions/v1beta.py"
    text: str
    mixins: tuple[str, ...]  # generated classes that take a mixin, sorted
    members: tuple[ExtensionMember, ...]  # mixin members, then helpers

    @property
    def helpers(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members if m.kind is MemberKind.HELPER)


def generated_classes(surface: ApiSurface) -> dict[str, frozenset[str]]:
    """Each class a mixin may extend, with the member names it already has."""
    model_names = model_attribute_names() | {"extra_fields"}
    classes = {m.name: model_names | {a.name for a in m.attributes} for m in surface.models}
    methods = client_attribute_names() | {m.name for m in surface.methods}
    classes.update(dict.fromkeys(CLIENT_CLASSES, methods))
    return classes


def check_extension(
    source: ExtensionSource,
    classes: Mapping[str, frozenset[str]],
    package: str,
    diagnostics: Diagnostics,
) -> ExtensionModule:
    """The module's mixins and helpers; every problem goes to `diagnostics`."""
    file, tree = source.file, source.tree
    _check_imports(tree, file, package, diagnostics)
    exported = _exported(tree, file, diagnostics)
    bound = dict(_top_level_names(tree))
    mixins: list[str] = []
    members: list[ExtensionMember] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
            continue
        if node.name in classes:
            mixins.append(node.name)
            members += _mixin_members(node, file, classes[node.name], diagnostics)
        elif node.name not in exported:
            diagnostics.error(
                file,
                node.name,
                f"names no generated class of {source.module}: a mixin is named after the "
                "class it extends, and a helper class is listed in `__all__`",
                node.lineno,
            )
    for name, line in exported.items():
        if name not in bound:
            diagnostics.error(file, "__all__", f"{name!r} is not defined in the module", line)
        elif name in mixins:
            diagnostics.error(file, "__all__", f"{name!r} is a mixin, not a helper", line)
        elif name in VERSION_EXPORTS:
            diagnostics.error(
                file, "__all__", f"{name!r} is already exported by the version package", line
            )
        else:
            members.append(ExtensionMember("", name, MemberKind.HELPER, bound[name], line))
    return ExtensionModule(
        source.module, file, source.origin, source.text, tuple(sorted(mixins)), tuple(members)
    )


def _check_imports(tree: ast.Module, file: str, package: str, diagnostics: Diagnostics) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 2:
                diagnostics.error(
                    file, "import", "this relative import leads out of the package", node.lineno
                )
            names = [node.module or ""] if node.level == 0 else []
        else:
            continue
        if any(name.split(".")[0] == package for name in names):
            diagnostics.error(
                file,
                "import",
                f"import the generated package relatively (`from . import models`), not as "
                f"{package!r}, so the code keeps working when the package is vendored",
                node.lineno,
            )


def _exported(tree: ast.Module, file: str, diagnostics: Diagnostics) -> dict[str, int]:
    """The names of `__all__` and their lines; a non-literal `__all__` is a problem."""
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        value = getattr(node, "value", None)
        elements = value.elts if isinstance(value, ast.List | ast.Tuple) else [node]
        names = {str(e.value): e.lineno for e in elements if _is_string(e)}
        if len(names) == len(elements):
            return names
        diagnostics.error(file, "__all__", "`__all__` must be a list of strings", node.lineno)
    return {}


def _is_string(node: ast.AST) -> TypeGuard[ast.Constant]:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _top_level_names(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """Names bound at the module's top level, with the signature `diff` compares."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, _signature(node)
        elif isinstance(node, ast.ClassDef):
            yield node.name, "class"
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    yield target.id, _annotation(node)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                yield (alias.asname or alias.name).split(".")[0], "import"


def _mixin_members(
    node: ast.ClassDef, file: str, taken: frozenset[str], diagnostics: Diagnostics
) -> list[ExtensionMember]:
    if node.bases or node.keywords or node.decorator_list:
        diagnostics.error(
            file, node.name, "a mixin takes no base classes, keywords or decorators", node.lineno
        )
    found: dict[str, ExtensionMember] = {}
    has_slots = False
    for statement in node.body:
        if _is_empty_slots(statement):
            has_slots = True
            continue
        member = _member(node.name, statement)
        if member is None or member.name in found:
            continue  # docstrings, `pass`, and a property's setter after its getter
        if member.name in taken:
            diagnostics.error(
                file,
                member.python_name,
                f"{node.name} already has a member {member.name!r}; the generated one would "
                "hide this one",
                member.line,
            )
        found[member.name] = member
    is_model = node.name not in CLIENT_CLASSES
    if is_model and not has_slots:
        diagnostics.error(
            file,
            node.name,
            "a model mixin must declare `__slots__ = ()`: the generated models use slots",
            node.lineno,
        )
    return list(found.values())


def _is_empty_slots(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and [ast.unparse(t) for t in statement.targets] == ["__slots__"]
        and isinstance(statement.value, ast.Tuple | ast.List)
        and not statement.value.elts
    )


def _member(owner: str, statement: ast.stmt) -> ExtensionMember | None:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        decorators = {ast.unparse(d) for d in statement.decorator_list}
        kind = MemberKind.PROPERTY if "property" in decorators else MemberKind.METHOD
        return ExtensionMember(owner, statement.name, kind, _signature(statement), statement.lineno)
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        name, line = statement.target.id, statement.lineno
        return ExtensionMember(owner, name, MemberKind.ATTRIBUTE, _annotation(statement), line)
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        name, line = statement.targets[0].id, statement.lineno
        return ExtensionMember(owner, name, MemberKind.ATTRIBUTE, "", line)
    return None


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"({ast.unparse(node.args)}){returns}"


def _annotation(node: ast.Assign | ast.AnnAssign) -> str:
    return ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else ""
