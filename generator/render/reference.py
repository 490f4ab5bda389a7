"""The reference page of an API version (`api.md`) as `api.md.jinja` sees it: finished Markdown.

Everything comes from the surface (`surface.build_surface`), the same model the
client and models templates and `diff` read, so each signature on the page is the
one emitted. Spec text passes through `style.markdown`; every model or enum named
in a type links to its heading, whose anchor is worked out as GitHub numbers them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import ir
from ..style.literals import py_literal
from ..style.markdown import anchors, code, fenced, first_sentence, link, text
from ..surface import (
    ApiSurface,
    Argument,
    ArgumentRole,
    EnumSurface,
    Method,
    MethodKind,
    ModelSurface,
    ReturnShape,
)

__all__ = ["ReferenceView", "reference_view"]

# A string literal (whose words are data, never links), else a dotted name.
_TOKEN = re.compile(
    r"""(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<name>[A-Za-z_][\w.]*)"""
)
_GROUP_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_OTHER_GROUP = "other"  # methods whose path starts with a parameter


@dataclass(frozen=True, slots=True)
class Heading:
    markdown: str
    anchor: str


@dataclass(frozen=True, slots=True)
class MethodEntry:
    heading: Heading
    summary: str  # a paragraph, or "" for none
    signature: str  # a fenced code block
    routes: str  # a table cell: each HTTP method and path the call may use
    returns: str  # a table cell
    arguments: tuple[str, ...]  # table rows


@dataclass(frozen=True, slots=True)
class MethodGroup:
    heading: Heading
    methods: tuple[MethodEntry, ...]


@dataclass(frozen=True, slots=True)
class TypeEntry:
    """A model (rows: its fields) or an enum (rows: its members)."""

    heading: Heading
    summary: str
    rows: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReferenceView:
    title: Heading
    intro: tuple[str, ...]  # paragraphs
    contents: Heading
    toc: tuple[str, ...]  # list items, nested by indentation
    methods: Heading
    groups: tuple[MethodGroup, ...]
    models: Heading
    model_entries: tuple[TypeEntry, ...]
    enums: Heading
    enum_entries: tuple[TypeEntry, ...]


def reference_view(surface: ApiSurface, package: str) -> ReferenceView:
    """The page of `surface`, an API version of the package `package`."""
    api = surface.api
    grouped: dict[str, list[Method]] = {}
    for method in surface.methods:
        grouped.setdefault(_group_name(method.operation.path), []).append(method)
    groups = sorted(grouped.items())
    # Alphabetical, to be looked up (the modules keep the spec's order).
    models = sorted(surface.models, key=lambda m: m.name)
    enums = sorted(surface.enums, key=lambda e: e.name)
    # Every heading's text in page order, so repeated slugs are numbered as GitHub does.
    plain = [f"{api.module} API reference", "Contents", "Methods"]
    for group, methods in groups:
        plain += [group, *(m.name for m in methods)]
    plain += ["Models", *(m.name for m in models), "Enums", *(e.name for e in enums)]
    found = iter(anchors(plain))
    title = Heading(f"{code(api.module, in_table=False)} API reference", next(found))
    contents, methods_heading = Heading("Contents", next(found)), Heading("Methods", next(found))
    group_anchors = [(next(found), [next(found) for _ in methods]) for _, methods in groups]
    models_heading = Heading("Models", next(found))
    model_anchors = {m.name: next(found) for m in models}
    enums_heading = Heading("Enums", next(found))
    enum_anchors = {e.name: next(found) for e in enums}

    linker = _linker(model_anchors, enum_anchors)
    prefix = urlsplit(api.servers[0].url).path.rstrip("/") if api.servers else ""
    method_groups = tuple(
        MethodGroup(
            Heading(code(group, in_table=False), group_anchor),
            tuple(
                _method_entry(m, anchor, linker, prefix)
                for m, anchor in zip(methods, method_anchors, strict=True)
            ),
        )
        for (group, methods), (group_anchor, method_anchors) in zip(
            groups, group_anchors, strict=True
        )
    )
    model_entries = tuple(_model_entry(m, model_anchors[m.name], linker) for m in models)
    enum_entries = tuple(_enum_entry(e, enum_anchors[e.name]) for e in enums)
    toc = [f"- {_to(methods_heading)}"]
    toc += [f"  - {_listing(g.heading, [m.heading for m in g.methods])}" for g in method_groups]
    toc.append(f"- {_listing(models_heading, [m.heading for m in model_entries])}")
    toc.append(f"- {_listing(enums_heading, [e.heading for e in enum_entries])}")
    return ReferenceView(
        title=title,
        intro=_intro(api, package),
        contents=contents,
        toc=tuple(toc),
        methods=methods_heading,
        groups=method_groups,
        models=models_heading,
        model_entries=model_entries,
        enums=enums_heading,
        enum_entries=enum_entries,
    )


def _model_entry(model: ModelSurface, anchor: str, linker: _Linker) -> TypeEntry:
    rows = tuple(
        _row(
            code(a.name),
            code(a.field.wire_name),
            linker.model(a.annotation),
            _field_notes(a.required, a.field),
        )
        for a in model.attributes
    )
    heading = Heading(code(model.name, in_table=False), anchor)
    return TypeEntry(heading, _summary(model.model.description, model.model.deprecated), rows)


def _enum_entry(enum: EnumSurface, anchor: str) -> TypeEntry:
    rows = tuple(
        _row(code(v.name), code(py_literal(v.value)), text(first_sentence(v.description)))
        for v in enum.members
    )
    heading = Heading(code(enum.name, in_table=False), anchor)
    return TypeEntry(heading, _summary(enum.enum.description, False), rows)


@dataclass(frozen=True, slots=True)
class _Linker:
    """Annotations as table cells: code, with each model or enum name a link to its heading."""

    client_names: Mapping[str, str]  # as client.py spells them (`models.Part`) -> anchor
    model_names: Mapping[str, str]  # as models.py spells them (`Part`) -> anchor

    def client(self, annotation: str) -> str:
        return linked(annotation, self.client_names)

    def model(self, annotation: str) -> str:
        return linked(annotation, self.model_names)


def _linker(model_anchors: Mapping[str, str], enum_anchors: Mapping[str, str]) -> _Linker:
    client_names = {f"models.{name}": anchor for name, anchor in model_anchors.items()}
    client_names.update({f"enums.{name}": anchor for name, anchor in enum_anchors.items()})
    return _Linker(client_names, {**model_anchors, **enum_anchors})


def linked(annotation: str, targets: Mapping[str, str]) -> str:
    """`annotation` as Markdown code, with each name in `targets` a link to its anchor."""
    pieces: list[str] = []
    end = 0
    for token in _TOKEN.finditer(annotation):
        name = token.group("name")
        if name is None or name not in targets:
            continue
        if token.start() > end:
            pieces.append(code(annotation[end : token.start()]))
        pieces.append(link(code(name), targets[name]))
        end = token.end()
    if end < len(annotation):
        pieces.append(code(annotation[end:]))
    return "".join(pieces)


def _group_name(path: str) -> str:
    """The collection a path starts with (`/models/{model}:x` is in `models`)."""
    first = path.strip("/").split("/")[0].split(":")[0]
    return first if _GROUP_NAME.fullmatch(first) else _OTHER_GROUP


def _method_entry(method: Method, anchor: str, linker: _Linker, prefix: str) -> MethodEntry:
    return MethodEntry(
        heading=Heading(code(method.name, in_table=False), anchor),
        summary=_method_summary(method),
        signature=fenced(_signature(method), "python"),
        routes="<br>".join(code(route) for route in _routes(method, prefix)),
        returns=_returns(method, linker),
        arguments=tuple(
            _row(
                code(a.name),
                linker.client(a.declared_annotation),
                code(a.declared_default) if a.declared_default else "",
                a.role.value,
                _argument_text(method, a),
            )
            for a in method.arguments
        ),
    )


def _signature(method: Method) -> str:
    """The method's `def` line as in client.py, one parameter a line."""
    lines = ["self", *(a.declaration for a in method.arguments if a.positional)]
    keyword = [a.declaration for a in method.arguments if not a.positional]
    if keyword:
        lines += ["*", *keyword]
    parameters = "".join(f"    {line},\n" for line in lines)
    return f"def {method.name}(\n{parameters}) -> {method.returns.sync}"


def _routes(method: Method, prefix: str) -> list[str]:
    """What the call sends: API paths from the host (the server URL's path first), as
    media paths already are."""
    op = method.operation
    if method.kind is MethodKind.UPLOAD and op.media_upload is not None:
        return [f"POST {op.media_upload.path}"]
    if method.kind is MethodKind.DOWNLOAD and op.media_download is not None:
        return [f"GET {op.media_download.path}?alt=media"]
    return [f"{op.http_method} {prefix}{path}" for path in (op.path, *op.alternate_paths)]


def _returns(method: Method, linker: _Linker) -> str:
    returns = method.returns
    items = [linker.client(item) for item in returns.items]
    if returns.shape is ReturnShape.STREAM and items:
        return f"stream of {items[0]}"
    if returns.shape is ReturnShape.PAGER and items:
        return f"pager of {items[0]}"
    if returns.shape is ReturnShape.OPERATION and len(items) == 2:
        return f"operation handle of {items[0]}, metadata {items[1]}"
    return linker.client(returns.sync)


def _method_summary(method: Method) -> str:
    op = method.operation
    summary = text(first_sentence(op.summary or op.description), in_table=False)
    if method.kind is MethodKind.UPLOAD and op.media_upload is not None:
        protocols = " or ".join(op.media_upload.protocols)
        summary += f" Uploads the bytes ({protocols})."  # after a full sentence
    elif method.kind is MethodKind.DOWNLOAD:
        summary += " Streams the bytes to `destination` and returns how many were written."
    elif method.kind is MethodKind.WAIT and op.waiter is not None:
        field = code(op.waiter.field, in_table=False)
        ready = " or ".join(code(v, in_table=False) for v in op.waiter.ready)
        summary = f"Polls until {field} is {ready}, then returns the resource."
    if op.deprecated:
        summary += " **Deprecated.**"
    return summary.strip()


def _argument_text(method: Method, argument: Argument) -> str:
    if argument.param is not None:
        return text(first_sentence(argument.param.description))
    if argument.doc:
        return text(argument.doc)
    if argument.role is ArgumentRole.BODY:
        return "The request body: a model or its JSON dict."
    upload = method.operation.media_upload
    if argument.role is ArgumentRole.FIELD and upload is not None:
        pointers = dict(upload.arguments)
        return f"Sets {code(pointers[argument.name])} of the metadata."
    if argument.role is ArgumentRole.MEDIA:
        return "A path or a binary file object" + (
            ", or bytes." if method.kind is MethodKind.UPLOAD else "."
        )
    return ""


def _row(*cells: str) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _summary(description: str, deprecated: bool) -> str:
    sentence = text(first_sentence(description), in_table=False)
    return f"{sentence} **Deprecated.**".strip() if deprecated else sentence


def _field_notes(required: bool, field: ir.Field) -> str:
    notes = ["**Required.**"] if required else []
    notes.append(text(first_sentence(field.description)))
    if field.read_only:
        notes.append("Output only.")
    if field.write_only:
        notes.append("Input only.")
    if field.deprecated:
        notes.append("Deprecated.")
    return " ".join(n for n in notes if n)


def _intro(api: ir.Api, package: str) -> tuple[str, ...]:
    module = f"{package}.{api.module}"
    host = code(api.servers[0].url, in_table=False) if api.servers else "the API's server"
    return (
        f"{text(api.title or api.module, in_table=False)}: every "
        f"method of {code(module + '.Client', in_table=False)}, and every model and enum "
        f"(in {code(module + '.models', in_table=False)} and "
        f"{code(module + '.enums', in_table=False)}).",
        f"Routes are paths from the host of {host}. "
        f"{code('AsyncClient', in_table=False)} has the same methods with the same arguments, "
        "as `async def`, returning `_rt.AsyncStream`, `_rt.AsyncPager` and "
        "`_rt.AsyncOperationHandle` where `Client` returns `_rt.Stream`, `_rt.Pager` and "
        "`_rt.OperationHandle`. "
        f"{code('client.with_raw_response.<method>(...)', in_table=False)} takes the same "
        "arguments and returns a `RawResponse` (status, headers, `.parse()`).",
        # No hash: the manifest has it, and the page changes only when what it shows does.
        f"Generated by gemini-codegen from {code(api.spec_file, in_table=False)}; do not edit.",
    )


def _to(heading: Heading) -> str:
    return link(heading.markdown, heading.anchor)


def _listing(heading: Heading, entries: list[Heading]) -> str:
    """A contents line: the section, then its entries."""
    listed = ", ".join(_to(entry) for entry in entries)
    return f"{_to(heading)}: {listed}" if listed else _to(heading)
