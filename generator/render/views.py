"""Models, enums and API modules as the templates see them: typed, finished pieces.

Each view wraps a surface element and adds what only the code needs: decoding
and encoding statements laid out for black, escaped docstrings, literals. The
templates only place these pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir
from ..handwritten import EXTENSIONS_MODULE, ExtensionModule
from ..runtime_api import error_class_names
from ..style.layout import assignment, def_line, exploded_tuple, import_order
from ..style.literals import STEP, docstring, py_literal, wrap_words
from ..surface import (
    CLIENT_CLASSES,
    MODEL_TYPES,
    VERSION_EXPORTS,
    ApiSurface,
    Attribute,
    EnumSurface,
    ModelSurface,
)
from .method_views import MethodView, method_view

__all__ = ["ApiView", "EnumView", "ErrorsView", "ModelView", "PackageView", "api_view"]

# Where _model.py.jinja puts a method's statements: `__init__`'s assignments, the count
# of absent fields and `to_dict`'s encoding (optional fields one level deeper); the
# decoding statements sit in `from_dict`'s `try`, a level deeper still.
_METHOD_BODY = STEP * 2
_FROM_DICT_INDENT = STEP * 3
_TEMPLATE_TEXT_WIDTH = 88 - 4  # the template's own lines: 88 columns, indented 4
# A header name that is an HTTP token has no quote or backslash: safe in a docstring.
_HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    wire: str  # a Python string literal of the wire name
    annotation: str
    parameter: str  # its parameter of `__init__`
    required: bool
    missing_when: str | None  # for a required field, the test that it is missing
    docstring: str
    decode: str  # the statement `f_<name> = ...` decoding `_v`, laid out for black
    # `out[...] = ...` encoding `self.<name>` (behind a test that it is set, for an optional
    # field), laid out for black
    encode: str
    init: str  # the statement `_self.<name> = <name>` of `__init__`, laid out for black
    plain: bool


@dataclass(frozen=True, slots=True)
class ModelView:
    name: str
    docstring: str
    wire_keys: tuple[str, ...]  # literals, sorted
    fields: tuple[FieldView, ...]
    from_dict_signature: str
    absent_count: str | None  # how `from_dict` counts absent optional fields
    field_keys: str  # how many keys the object has with every key a field and no null
    bases: str  # WireModel, then the hand-written mixin if there is one
    slots: str  # the `__slots__` tuple: the fields in spec order, then `extra_fields`


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    literal: str
    docstring: str


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    base: str
    docstring: str
    members: tuple[MemberView, ...]


@dataclass(frozen=True, slots=True)
class ModuleDocs:
    models: str
    enums: str
    client: str


@dataclass(frozen=True, slots=True)
class ApiView:
    module: str
    title: str
    docstring: str
    module_docs: ModuleDocs
    client_settings_doc: str  # docstring lines: safe text (env names, an HTTP token)
    base_url: str
    api_key_header: str
    api_key_query: str
    models: tuple[ModelView, ...]
    enums: tuple[EnumView, ...]
    enum_names: tuple[str, ...]
    int_enums: bool
    str_enums: bool
    uses_literal: bool
    operations: tuple[MethodView, ...]
    client_imports: str  # the client module's import block: only what its methods use
    client_bases: str  # the runtime base, then the hand-written mixin if there is one
    async_client_bases: str
    models_extended: bool  # whether models.py imports the extension module
    helpers: str  # the extension module's `__all__`, imported by the version package
    exports: str  # the version package's `__all__`: string literals, comma-separated
    homes: tuple[tuple[str, str], ...]  # (name, submodule) literals: where each export lives


@dataclass(frozen=True, slots=True)
class ErrorsView:
    imported: tuple[str, ...]  # in isort's order
    exported: tuple[str, ...]  # in `__all__`'s order


@dataclass(frozen=True, slots=True)
class PackageView:
    header: str
    package: str
    summary: str  # the first line of the package docstring
    apis: tuple[ApiView, ...]
    errors: ErrorsView
    drift: tuple[str, ...]  # what `drift.py` re-exports from the runtime


def errors_view() -> ErrorsView:
    names = error_class_names()
    return ErrorsView(import_order(names), tuple(sorted(names)))


def _field_view(attribute: Attribute) -> FieldView:
    f, required = attribute.field, attribute.required
    notes = []
    if f.read_only:
        notes.append("Output only: the server sets it.")
    if f.write_only:
        notes.append("Input only: the server never returns it.")
        if f.required:
            notes.append("Required in requests.")
    if f.deprecated:
        notes.append("Deprecated.")
    if f.has_default:
        notes.append(f"Server default: {py_literal(f.default)}.")
    text = "\n\n".join(t for t in (f.description, " ".join(notes)) if t)
    encode = assignment(
        f"out[{py_literal(f.wire_name)}]",
        MODEL_TYPES.encode(_guarded(f.type, required), f"self.{f.name}"),
        _METHOD_BODY if required else _METHOD_BODY + STEP,
    )
    if not required:
        encode = f"if self.{f.name} is not None:\n{_METHOD_BODY}{STEP}{encode}"
    return FieldView(
        name=attribute.name,
        wire=py_literal(f.wire_name),
        annotation=attribute.annotation,
        parameter=attribute.declaration,
        required=required,
        missing_when=_missing_when(f.type) if required else None,
        docstring=docstring(text or f"The `{f.wire_name}` field.", "    "),
        decode=assignment(
            f"f_{f.name}",
            (MODEL_TYPES.decode_present if required else MODEL_TYPES.decode_optional)(f.type, "_v"),
            _FROM_DICT_INDENT,
        ),
        encode=encode,
        plain=MODEL_TYPES.is_plain(f.type),
        init=assignment(f"_self.{attribute.name}", attribute.name, _METHOD_BODY),
    )


def _missing_when(t: ir.TypeExpr) -> str:
    """The test `from_dict` makes before decoding a required field."""
    if MODEL_TYPES.admits_null(t):
        return "_v is None and _key not in _data"  # null is a value; only absence is missing
    return "_v is None"


def _guarded(t: ir.TypeExpr, required: bool) -> ir.TypeExpr:
    """The type `to_dict` encodes: an optional field is only encoded when not None."""
    if not required and isinstance(t, ir.NullableType):
        return t.inner
    return t


def _bases(generated: str, name: str, mixins: tuple[str, ...]) -> str:
    """The generated base first, so a generated member always wins over a mixin's."""
    return f"{generated}, _ext.{name}" if name in mixins else generated


def _model_view(surface: ModelSurface, mixins: tuple[str, ...]) -> ModelView:
    m = surface.model
    fields = tuple(_field_view(a) for a in surface.attributes)
    optional = tuple(f for f in fields if not f.required)
    slot_names = [py_literal(f.name) for f in fields] + ['"extra_fields"']
    return ModelView(
        name=surface.name,
        docstring=docstring(m.description or f"The `{m.name}` object.", "    "),
        wire_keys=tuple(py_literal(k) for k in sorted({f.wire_name for f in m.fields})),
        fields=fields,
        from_dict_signature=def_line(
            "def from_dict", "cls, _data: Mapping[str, Any], /", f" -> {surface.name}:", "    "
        ),
        absent_count=(
            exploded_tuple([f"f_{f.name}" for f in optional], _METHOD_BODY) + ".count(None)"
            if optional
            else None
        ),
        field_keys=f"{len(fields)} - _absent" if optional else str(len(fields)),
        bases=_bases("WireModel", surface.name, mixins),
        slots=exploded_tuple(slot_names, "    "),
    )


def _enum_view(surface: EnumSurface) -> EnumView:
    e = surface.enum
    return EnumView(
        name=surface.name,
        base="WireIntEnum" if e.is_integer else "WireEnum",
        docstring=docstring(e.description or f"Values of `{e.name}`.", "    "),
        members=tuple(
            MemberView(
                v.name,
                py_literal(v.value),
                docstring(v.description, "    ") if v.description else "",
            )
            for v in surface.members
        ),
    )


def api_view(surface: ApiSurface, extension: ExtensionModule | None = None) -> ApiView:
    api = surface.api
    mixins = extension.mixins if extension else ()
    helpers = extension.helpers if extension else ()
    # Where each name of the version package lives (loaded on first use); the `client`
    # module is reachable that way too, but only the others are exported.
    homes = {**VERSION_EXPORTS, **dict.fromkeys(helpers, EXTENSIONS_MODULE)}
    models = tuple(_model_view(m, mixins) for m in surface.models)
    label = api.title if api.module in api.title else f"{api.title} ({api.module})".strip()
    header = _api_key_location(api, "header")
    operations = tuple(method_view(api, m) for m in surface.methods)
    return ApiView(
        module=api.module,
        title=api.title or api.module,
        docstring=docstring(
            "\n\n".join(t for t in (f"{api.title} {api.version}".strip(), api.description) if t)
            or api.module
        ),
        module_docs=ModuleDocs(
            models=docstring(
                f"Data models of {label}: one class per schema.\n\n"
                "`from_dict`/`to_dict` convert to and from the JSON wire format; unknown JSON\n"
                "fields are kept in `extra_fields` and written back, so a round trip loses nothing."
            ),
            enums=docstring(
                f"Enums of {label}.\n\n"
                "Every enum tolerates values added to the API later: an unknown value parses to\n"
                "a member that equals no listed one, keeps its raw `.value`, and is written back\n"
                "unchanged."
            ),
            client=docstring(f"Sync and async clients for {label}: one method per operation."),
        ),
        client_settings_doc=_client_settings_doc(api.conventions.key_env_vars, header),
        base_url=py_literal(api.servers[0].url if api.servers else ""),
        api_key_header=py_literal(header),
        api_key_query=py_literal(_api_key_location(api, "query")),
        models=models,
        enums=tuple(_enum_view(e) for e in surface.enums),
        enum_names=import_order(e.name for e in surface.enums),
        int_enums=any(e.enum.is_integer for e in surface.enums),
        str_enums=any(not e.enum.is_integer for e in surface.enums),
        uses_literal=any("Literal[" in f.annotation for m in models for f in m.fields),
        operations=operations,
        client_imports=_client_imports(
            operations, extends=not set(CLIENT_CLASSES).isdisjoint(mixins)
        ),
        client_bases=_bases("_rt.SyncClientBase", "Client", mixins),
        async_client_bases=_bases("_rt.AsyncClientBase", "AsyncClient", mixins),
        models_extended=any(m.name in mixins for m in models),
        helpers=", ".join(import_order(helpers)),
        exports=", ".join(py_literal(n) for n in sorted(homes)),
        homes=tuple(
            (py_literal(n), py_literal(m)) for n, m in sorted({**homes, "client": "client"}.items())
        ),
    )


def _client_imports(operations: tuple[MethodView, ...], extends: bool) -> str:
    """The imports client.py needs, so a linter finds none unused (and no spec text counts:
    only the code pieces are searched)."""
    code = " ".join(
        piece
        for op in operations
        for piece in (
            *(a.declaration for a in (*op.positional, *op.args)),
            op.returns.sync,
            op.decode,
            *((op.long_running.result, op.long_running.metadata) if op.long_running else ()),
            *((op.upload.decode,) if op.upload else ()),
        )
    )
    used = set(re.findall(r"\b(Mapping|Any|enums|models)\b", code))
    standard = [
        line
        for name, line in (
            ("Mapping", "from collections.abc import Mapping"),
            ("Any", "from typing import Any"),
        )
        if name in used
    ]
    ours = [name for name in ("enums", "models") if name in used]
    lines = [*standard, *([""] if standard else []), "from .. import _runtime as _rt"]
    if extends:
        lines.append(f"from . import {EXTENSIONS_MODULE} as _ext")
    if ours:
        lines.append(f"from . import {', '.join(ours)}")
    return "\n".join(lines) + "\n"


def _client_settings_doc(key_env_vars: tuple[str, ...], header: str | None) -> str:
    """The lines of the `Client` docstring that say where the key comes from and goes,
    wrapped like the template text around them."""
    sources = ", then ".join(f"${name}" for name in key_env_vars)
    key = f"`api_key` (default: {sources}" if sources else "`api_key` (required"
    if header is not None and _HTTP_TOKEN.fullmatch(header):
        key += f"; sent only in the `{header}` header)"
    else:
        key += ")"
    text = f"Keyword arguments: {key}, `base_url` (default: the spec's server),"
    return "\n    ".join(wrap_words(text, _TEMPLATE_TEXT_WIDTH))


def _api_key_location(api: ir.Api, location: str) -> str | None:
    """The header (or query parameter) an API-key scheme of the spec names, if any."""
    for scheme in api.security:
        if scheme.kind == "apiKey" and scheme.location == location:
            return scheme.parameter
    return None
