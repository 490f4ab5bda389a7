"""Generated models are plain classes that behave as `@dataclass(slots=True, kw_only=True)`
did, and the packages load their parts on first use."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import pytest
from gemini_api.v1beta import models

from ..support.specs import GENERATED


def candidate(**changes: object) -> models.Candidate:
    fields: dict = {"index": 0, "finish_message": "done", "extra_fields": {"future": [1]}}
    return models.Candidate(**{**fields, **changes})  # type: ignore[arg-type]


def test_init_takes_keywords_only_and_defaults_optional_fields_to_none():
    made = models.Candidate(index=2)
    assert made.index == 2 and made.content is None and made.extra_fields is None
    with pytest.raises(TypeError):
        models.Candidate(2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        models.Candidate(no_such_field=1)  # type: ignore[call-arg]


def test_required_fields_are_required_arguments():
    with pytest.raises(TypeError):
        models.GenerateContentRequest()  # type: ignore[call-arg]
    assert models.GenerateContentRequest(model="m", contents=[]).model == "m"


def test_equality_is_by_class_and_every_field_including_unknown_ones():
    assert candidate() == candidate()
    assert candidate() != candidate(index=1)
    assert candidate() != candidate(extra_fields={"future": [2]})
    assert candidate() != models.SafetyRating()
    assert models.Part() != models.Blob()  # both empty, still different classes
    assert candidate().__eq__(object()) is NotImplemented


def test_models_are_unhashable_like_mutable_dataclasses():
    with pytest.raises(TypeError):
        hash(candidate())


def test_repr_shows_fields_in_the_specs_order_without_unknown_ones():
    text = repr(models.GenerateContentRequest(contents=[], model="m", extra_fields={"k": "s"}))
    assert text.startswith("GenerateContentRequest(model='m', contents=[], tools=None,")
    assert "extra_fields" not in text and "'s'" not in text


def test_slots_only_no_instance_dict():
    made = candidate()
    assert not hasattr(made, "__dict__")
    with pytest.raises(AttributeError):
        made.not_a_field = 1  # type: ignore[attr-defined]
    assert models.Candidate.__slots__[-1] == "extra_fields"


def test_match_args_are_empty_as_for_keyword_only_dataclasses():
    assert models.Candidate.__match_args__ == ()
    match candidate():
        case models.Candidate(index=0, finish_message=message):
            assert message == "done"
        case _:
            pytest.fail("keyword patterns match the fields")


def test_copies_and_pickles_keep_every_field():
    made = candidate(content=models.Content(role="model", parts=[models.Part(text="hi")]))
    for other in (copy.copy(made), copy.deepcopy(made), pickle.loads(pickle.dumps(made))):
        assert other == made and other is not made
    assert copy.deepcopy(made).content is not made.content


def _fresh(code: str) -> str:
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys\nsys.path.insert(0, {str(GENERATED)!r})\n{code}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_importing_an_api_version_loads_neither_its_models_nor_the_other_versions():
    out = _fresh(
        "import gemini_api.v1beta\n"
        "print(sorted(m for m in sys.modules if m.startswith('gemini_api.v1')))\n"
        "print('asyncio' in sys.modules)\n"
    )
    assert out.split("\n")[:2] == ["['gemini_api.v1beta']", "False"]


def test_lazy_parts_load_on_first_use_through_every_spelling():
    out = _fresh(
        "from gemini_api.v1beta import models, Client\n"
        "import gemini_api\n"
        "from gemini_api.v1beta3 import enums\n"
        "print(models.Candidate.__name__, Client.__name__, gemini_api.v1beta.models is models)\n"
        "print(gemini_api.v1beta.client.Client is Client, enums.__name__)\n"
        "try:\n"
        "    gemini_api.v1beta.no_such_thing\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    assert out.splitlines() == [
        "Candidate Client True",
        "True gemini_api.v1beta3.enums",
        "module 'gemini_api.v1beta' has no attribute 'no_such_thing'",
    ]
