"""datamodel-code-generator as an independent oracle for what the specs contain.

For every named object schema it must find the same field wire names, and for
every enum the same values, as our IR. A disagreement fails the test.
"""

from __future__ import annotations

import enum
import importlib.util
import subprocess
import sys

import pytest

from ..support.specs import SPECS


def _oracle_module(spec, tmp_path):
    out = tmp_path / f"oracle_{spec.stem.split('.')[0]}.py"
    result = subprocess.run(
        [
            sys.executable, "-m", "datamodel_code_generator",
            "--input", str(spec), "--input-file-type", "openapi",
            "--output", str(out), "--output-model-type", "pydantic_v2.BaseModel",
            "--disable-timestamp", "--formatters", "black",
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loader = importlib.util.spec_from_file_location(out.stem, out)
    module = importlib.util.module_from_spec(loader)
    sys.modules[out.stem] = module
    loader.loader.exec_module(module)
    return module


def _component_name(pointer):
    prefix = "#/components/schemas/"
    name = pointer[len(prefix) :]
    return name if pointer.startswith(prefix) and "/" not in name else None


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_oracle_agrees_on_fields_and_enum_values(spec, apis, tmp_path):
    oracle = _oracle_module(spec, tmp_path)
    api = next(a for a in apis.values() if a.spec_file == spec.name)
    checked = 0
    for model in api.models:
        name = _component_name(model.source.pointer)
        if name is None:
            continue  # inline objects are named differently by each tool
        theirs = getattr(oracle, name, None)
        assert theirs is not None, f"the oracle has no class for {name}"
        their_fields = {f.alias or n for n, f in theirs.model_fields.items()}
        assert {f.wire_name for f in model.fields} == their_fields, name
        checked += 1
    for our_enum in api.enums:
        name = _component_name(our_enum.source.pointer)
        if name is None:
            continue
        theirs = getattr(oracle, name)
        assert issubclass(theirs, enum.Enum)
        assert [v.value for v in our_enum.values] == [m.value for m in theirs], name
        checked += 1
    assert checked >= 40
