"""The generated Python surface is one model: the emitted signatures are exactly what
`surface.build_surface` says, which is also what `diff` compares."""

from __future__ import annotations

import ast
import importlib
import inspect
from dataclasses import replace

import pytest
import yaml
from gemini_api import _runtime as _rt

from generator.diff.changes import Scope
from generator.diff.methods import diff_methods
from generator.runtime_api import call_option_names
from generator.surface import CALL_OPTIONS, ArgumentRole, MethodKind, ReturnShape, build_surface

from ..support.specs import ROOT


def _value(default: str) -> object:
    """A default as the generated module evaluates it (`_rt.NOT_GIVEN` included)."""
    if default.startswith("_rt."):
        return getattr(_rt, default.removeprefix("_rt."))
    return ast.literal_eval(default)


@pytest.mark.parametrize("module", ["v1beta", "v1beta3"])
@pytest.mark.parametrize("client", ["Client", "AsyncClient"])
def test_every_emitted_signature_is_the_surfaces(apis, module, client):
    generated = getattr(importlib.import_module(f"gemini_api.{module}"), client)
    surface = build_surface(apis[module])
    assert surface.methods
    for method in surface.methods:
        parameters = list(inspect.signature(getattr(generated, method.name)).parameters.values())
        assert [p.name for p in parameters[1:]] == [a.name for a in method.arguments]
        for parameter, argument in zip(parameters[1:], method.arguments, strict=True):
            keyword = inspect.Parameter.KEYWORD_ONLY
            assert (parameter.kind is keyword) != argument.positional, (method.name, argument.name)
            default = argument.declared_default
            expected = inspect.Parameter.empty if default is None else _value(default)
            assert parameter.default == expected, (method.name, argument.name)
            assert parameter.annotation == argument.declared_annotation
        expected = method.returns.asynchronous if client == "AsyncClient" else method.returns.sync
        assert inspect.signature(getattr(generated, method.name)).return_annotation == expected


def test_shapes_roles_and_resource_names(apis):
    methods = {m.name: m for m in build_surface(apis["v1beta3"]).methods}
    assert methods["list_models"].returns.shape is ReturnShape.PAGER
    assert methods["create_tuned_model"].returns.shape is ReturnShape.OPERATION
    assert methods["get_model"].returns.shape is ReturnShape.PLAIN
    stream = {m.name: m for m in build_surface(apis["v1beta"]).methods}["stream_generate_content"]
    assert stream.returns.shape is ReturnShape.STREAM
    # The last id of a resource path may be a full name, so the ones before it are optional.
    permission = methods["get_tuned_model_permission"]
    assert [(a.name, a.role, a.optional) for a in permission.arguments] == [
        ("permission", ArgumentRole.PATH, False),
        ("tuned_model", ArgumentRole.PATH, True),
        *((a.name, ArgumentRole.PER_CALL, a.optional) for a in CALL_OPTIONS),
    ]


def test_every_method_ends_with_the_runtimes_per_call_options_that_fit_it(apis):
    # The surface spells them; the runtime's `Options` declares them: the same names in
    # the same order, since the methods hand them on positionally.
    assert tuple(a.name for a in CALL_OPTIONS) == call_option_names()
    every = [a.name for a in CALL_OPTIONS]
    # A download and a wait send no body; a wait's own `timeout` is the whole wait.
    fitting = {
        MethodKind.CALL: every,
        MethodKind.UPLOAD: every,
        MethodKind.DOWNLOAD: every[:3],
        MethodKind.WAIT: every[1:3],
    }
    spelled = {a.name: a.declaration for a in CALL_OPTIONS}
    kinds = set()
    for method in build_surface(apis["v1beta"]).methods:
        options = [a for a in method.arguments if a.role is ArgumentRole.PER_CALL]
        assert [a.name for a in options] == fitting[method.kind], method.name
        assert list(method.arguments[-len(options) :]) == options, method.name
        assert all(a.declaration == spelled[a.name] for a in options), method.name
        # Where they mean something of their own, the method says what.
        assert all(bool(a.doc) == (method.kind is not MethodKind.CALL) for a in options)
        kinds.add(method.kind)
    assert kinds == set(MethodKind)


def test_diff_sees_the_transfer_options(apis):
    surface = build_surface(apis["v1beta"])
    upload = next(m for m in surface.methods if m.name == "upload_file")
    before = replace(
        upload, arguments=tuple(a for a in upload.arguments if a.role is not ArgumentRole.PER_CALL)
    )
    changes = list(diff_methods(Scope("v1beta", frozenset()), (before,), (upload,)))
    assert {(c.kind, c.python_name, c.category.value) for c in changes} == {
        ("argument.added", f"Client.upload_file({name}=)", "additive")
        for name in ("timeout", "extra_headers", "extra_query", "extra_body")
    }


def test_model_attributes_carry_their_declared_annotations(apis):
    models = {m.name: m for m in build_surface(apis["v1beta"]).models}
    attributes = {a.name: a for a in models["Candidate"].attributes}
    assert attributes["finish_reason"].annotation == "FinishReason | None"
    assert not attributes["finish_reason"].required


@pytest.mark.parametrize("module", ["v1beta", "v1beta3"])
def test_docstring_args_follow_the_signature(apis, module):
    generated = importlib.import_module(f"gemini_api.{module}").Client
    for method in build_surface(apis[module]).methods:
        doc = inspect.getdoc(getattr(generated, method.name)) or ""
        section = doc.partition("Args:\n")[2]
        documented = [
            line.split(":")[0].strip()
            for line in section.splitlines()
            if line.startswith("    ") and not line.startswith("        ") and ":" in line
        ]
        arguments = [a.name for a in method.arguments]
        assert documented == [a for a in arguments if a in documented], method.name
        assert documented, method.name


@pytest.mark.parametrize("module", ["v1beta", "v1beta3"])
def test_model_fields_keep_the_specs_order(apis, module):
    generated = importlib.import_module(f"gemini_api.{module}.models")
    spec = yaml.safe_load((ROOT / "specs" / f"{module}.openapi.yaml").read_text(encoding="utf-8"))
    checked = 0
    for model in build_surface(apis[module]).models:
        by_name = {a.name: a.field.wire_name for a in model.attributes}
        declared = [
            by_name[n] for n in getattr(generated, model.name).__annotations__ if n in by_name
        ]
        schema = spec
        for key in model.model.source.pointer.lstrip("#/").split("/"):
            schema = schema[key]
        in_spec = [key for key in schema.get("properties", {}) if key in declared]
        assert declared == in_spec, model.name
        checked += bool(declared)
    assert checked > 40
