"""Hand-written extension modules: code the generator copies into the package, never writes.

A project names a folder (`extensions = "extensions"` in `[tool.gemini-codegen]`, or
`--extensions DIR`) holding one `<version>.py` per API version. Each module may define
mixin classes named after generated classes (their members join those classes) and
module-level helpers listed in its `__all__` (re-exported by the version package).
The files are read and checked with `ast` only (`read`, `check`), never imported or
run, and every problem is a located diagnostic.
"""

from .check import (
    EXTENSIONS_MODULE,
    ExtensionMember,
    ExtensionModule,
    MemberKind,
    check_extension,
    generated_classes,
)
from .load import load_extensions
from .read import ExtensionSource, read_extensions

__all__ = [
    "EXTENSIONS_MODULE",
    "ExtensionMember",
    "ExtensionModule",
    "ExtensionSource",
    "MemberKind",
    "check_extension",
    "generated_classes",
    "load_extensions",
    "read_extensions",
]
