"""Every Python name the generator emits is chosen here, and nowhere else.

Names from a spec are untrusted: they may be keywords, builtins, dunders, our
own runtime names, or not identifiers at all. Each function returns a valid,
non-reserved identifier; `NameRegistry` resolves collisions deterministically
(first come in spec order keeps the plain name, later ones get `_2`, `_3`, ...).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass, field

from ..runtime_api import call_option_names, client_attribute_names, model_attribute_names

__all__ = [
    "NameRegistry",
    "class_name",
    "enum_member_name",
    "field_name",
    "method_name",
    "module_name",
    "param_name",
    "snake_case",
]

_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)

# Names generated class bodies use; a spec name must never shadow them. What the
# runtime's base classes define is read from the runtime itself; the rest is ours.
RUNTIME_MODEL_NAMES = model_attribute_names() | {
    "extra_fields",  # the field the model template adds to every model
    "replace",  # kept free for copy helpers, so adding them never renames fields
    "copy",
}
RUNTIME_CLIENT_NAMES = client_attribute_names() | {
    "request",  # kept free for a public raw-request method
    "stream",
    "with_raw_response",  # a property of each generated client
}
_ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type", "None", "Any"}
)
# Module-level names of generated modules; everything else they use is imported
# under a leading underscore, which no sanitized spec name can start with.
_MODULE_LEVEL_NAMES = frozenset(
    {"Any", "ClassVar", "Literal", "Mapping", "WireModel", "WireEnum", "WireIntEnum", "annotations"}
)
_SUBPACKAGE_NAMES = frozenset({"models", "enums", "client", "errors"})
# Keywords must be renamed; builtins are fine as attributes but not as class names
# or parameters, and soft keywords ("type", "match") are valid identifiers.
_RESERVED_FIELDS = frozenset(keyword.kwlist) | _ANNOTATION_NAMES - {"type"} | RUNTIME_MODEL_NAMES
_RESERVED_PARAMS = (
    frozenset(keyword.kwlist)
    | _BUILTINS
    | {"self", "cls", "request", "options", "models", "enums"}
    | RUNTIME_CLIENT_NAMES
    | frozenset(call_option_names())  # every method's per-call keyword arguments
)
_RESERVED_METHODS = frozenset(keyword.kwlist) | RUNTIME_CLIENT_NAMES
_RESERVED_CLASSES = _KEYWORDS | _BUILTINS | _MODULE_LEVEL_NAMES


def _words(raw: str) -> list[str]:
    """Split a spec name into words: separators, camelCase humps and digit runs."""
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"[^\w]+", " ", text)  # \w is unicode-aware: letters, digits, underscore
    text = text.replace("_", " ")
    text = re.sub(r"(?<=[^\W_A-Z])(?=[A-Z])", " ", text)  # fooBar, foo1Bar
    text = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", text)  # HTTPResponse
    return [w for w in text.split() if w]


def _ensure_identifier(name: str, prefix: str) -> str:
    if not name:
        return prefix.rstrip("_")
    if name[0].isdigit() or not name.isidentifier():
        name = prefix + name
    if not name.isidentifier():
        # Characters NFKC keeps but identifiers reject (rare symbols): spell them out.
        name = "".join(c if (prefix + c).isidentifier() else f"u{ord(c):04x}" for c in name)
    return name


def snake_case(raw: str) -> str:
    return "_".join(w.lower() for w in _words(raw))


def _avoid(name: str, reserved: frozenset[str]) -> str:
    return name + "_" if name in reserved else name


def field_name(raw: str) -> str:
    return _avoid(_ensure_identifier(snake_case(raw), "field_"), _RESERVED_FIELDS)


def param_name(raw: str) -> str:
    return _avoid(_ensure_identifier(snake_case(raw), "param_"), _RESERVED_PARAMS)


def method_name(raw: str) -> str:
    return _avoid(_ensure_identifier(snake_case(raw), "call_"), _RESERVED_METHODS)


def module_name(raw: str) -> str:
    return _avoid(_ensure_identifier(snake_case(raw), "v"), _KEYWORDS | _SUBPACKAGE_NAMES)


def class_name(raw: str) -> str:
    words = _words(raw)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return _avoid(_ensure_identifier(name, "Model"), _RESERVED_CLASSES)


def enum_member_name(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).upper()
    if isinstance(value, int | float):
        text = str(value).replace("-", "minus_").replace(".", "_")
        return _ensure_identifier(text.upper(), "VALUE_")
    text = str(value)
    if re.match(r"-\d", text):
        text = "minus_" + text[1:]
    name = "_".join(w.upper() for w in _words(text))
    if not name:
        return "EMPTY"
    # Enum reserves _sunder_ names and member names must not start with "_".
    return _ensure_identifier(name, "VALUE_")


@dataclass(slots=True)
class NameRegistry:
    """Hands out unique names within one scope, in the order they are asked for."""

    taken: set[str] = field(default_factory=set)

    def claim(self, name: str) -> str:
        candidate = name
        counter = 2
        while candidate in self.taken:
            candidate = f"{name}_{counter}" if not name.endswith("_") else f"{name}{counter}"
            counter += 1
        self.taken.add(candidate)
        return candidate
