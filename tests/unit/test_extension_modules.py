"""Hand-written extension modules checked on their syntax tree (generator/handwritten):
every rule gives a located error, and nothing is ever imported or run."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.handwritten import (
    ExtensionSource,
    MemberKind,
    check_extension,
    generated_classes,
    read_extensions,
)
from generator.surface import build_surface

CLASSES = {
    "Thing": frozenset({"name", "to_dict", "extra_fields"}),
    "Client": frozenset({"get_thing", "close"}),
    "AsyncClient": frozenset({"get_thing", "aclose"}),
}


def _check(text: str) -> tuple[list[str], object]:
    text = textwrap.dedent(text)
    source = ExtensionSource("v1", "ext/v1.py", "ext/v1.py", text, ast.parse(text))
    diagnostics = Diagnostics()
    module = check_extension(source, CLASSES, "pkg", diagnostics)
    return [d.format() for d in diagnostics.sorted()], module


GOOD = """
    from __future__ import annotations

    from typing import TYPE_CHECKING, cast

    if TYPE_CHECKING:
        from . import models

    __all__ = ["shout", "LIMIT"]

    LIMIT: int = 3


    def shout(thing: models.Thing) -> str:
        return (thing.name or "").upper()


    class Thing:
        __slots__ = ()

        @property
        def loud(self) -> str:
            return shout(cast("models.Thing", self))

        @loud.setter
        def loud(self, value: str) -> None: ...

        def twice(self, n: int = 2) -> str:
            return self.loud * n


    class Client:
        def get_two(self) -> None: ...


    class _Private:
        pass
    """


def test_a_good_module_lists_its_mixins_and_members():
    problems, module = _check(GOOD)
    assert problems == []
    assert module.mixins == ("Client", "Thing")
    assert module.helpers == ("shout", "LIMIT")
    found = {(m.python_name, m.kind, m.signature) for m in module.members}
    assert found == {
        ("Thing.loud", MemberKind.PROPERTY, "(self) -> str"),
        ("Thing.twice", MemberKind.METHOD, "(self, n: int=2) -> str"),
        ("Client.get_two", MemberKind.METHOD, "(self) -> None"),
        ("shout", MemberKind.HELPER, "(thing: models.Thing) -> str"),
        ("LIMIT", MemberKind.HELPER, "int"),
    }


def test_a_class_named_after_no_generated_class_is_located():
    problems, _ = _check("""
        class Thng:
            __slots__ = ()
        """)
    assert problems == [
        "ext/v1.py:2: Thng: names no generated class of v1: a mixin is named after the class "
        "it extends, and a helper class is listed in `__all__`"
    ]


def test_a_helper_class_listed_in_all_is_fine():
    problems, module = _check("""
        __all__ = ["Helper"]
        class Helper:
            pass
        """)
    assert problems == [] and module.helpers == ("Helper",)


def test_model_mixins_need_empty_slots_and_no_bases():
    problems, _ = _check("""
        import dataclasses

        @dataclasses.dataclass
        class Thing(object):
            x = 1
        """)
    assert problems == [
        "ext/v1.py:5: Thing: a mixin takes no base classes, keywords or decorators",
        "ext/v1.py:5: Thing: a model mixin must declare `__slots__ = ()`: the generated "
        "models use slots",
    ]


def test_a_member_hiding_a_generated_one_is_located():
    problems, _ = _check("""
        class Thing:
            __slots__ = ()

            @property
            def name(self) -> str:
                return ""

        class AsyncClient:
            async def aclose(self) -> None: ...
        """)
    assert problems == [
        "ext/v1.py:6: Thing.name: Thing already has a member 'name'; the generated one would "
        "hide this one",
        "ext/v1.py:10: AsyncClient.aclose: AsyncClient already has a member 'aclose'; the "
        "generated one would hide this one",
    ]


def test_all_must_be_literal_defined_and_new():
    problems, _ = _check("""
        __all__ = ["missing", "Thing", "Client", "ok"]
        def ok() -> None: ...
        class Thing:
            __slots__ = ()
        """)
    assert problems == [
        "ext/v1.py:2: __all__: 'Client' is not defined in the module",
        "ext/v1.py:2: __all__: 'Thing' is a mixin, not a helper",
        "ext/v1.py:2: __all__: 'missing' is not defined in the module",
    ]
    problems, _ = _check("__all__ = [name for name in dir()]\n")
    assert problems == ["ext/v1.py:1: __all__: `__all__` must be a list of strings"]


def test_the_package_is_imported_relatively():
    problems, _ = _check("""
        import pkg.v1.models
        from pkg.v1 import models
        from ... import elsewhere
        from . import models as m
        from .. import errors
        """)
    assert [p.split(": ")[0] for p in problems] == [
        "ext/v1.py:2",
        "ext/v1.py:3",
        "ext/v1.py:4",
    ]
    assert "vendored" in problems[0] and "leads out of the package" in problems[2]


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "extensions"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_reading_reports_unknown_versions_and_syntax_errors_without_running(tmp_path):
    marker = tmp_path / "ran"
    folder = _folder(
        tmp_path,
        {
            "v1.py": f"open({str(marker)!r}, 'w')\n",
            "v2.py": "x = 1\n",
            "v3.py": "def broken(:\n",
            "notes.txt": "not python",
        },
    )
    diagnostics = Diagnostics()
    found = read_extensions(folder, ["v1", "v3"], diagnostics)
    assert [s.module for s in found] == ["v1"] and found[0].origin == "extensions/v1.py"
    messages = [(Path(d.file).name, d.line, d.message) for d in diagnostics.sorted()]
    assert messages == [
        ("v2.py", 0, "names no API version (expected one of v1.py, v3.py)"),
        ("v3.py", 1, "syntax error: invalid syntax"),
    ]
    assert not marker.exists()


def test_a_symlink_out_of_the_folder_is_not_read(tmp_path):
    outside = tmp_path / "secret.py"
    outside.write_text("x = 1\n", encoding="utf-8")
    folder = _folder(tmp_path, {})
    (folder / "v1.py").symlink_to(outside)
    diagnostics = Diagnostics()
    assert read_extensions(folder, ["v1"], diagnostics) == []
    assert [d.message for d in diagnostics.items] == ["is not a file inside the extensions folder"]


def test_a_missing_folder_is_reported(tmp_path):
    diagnostics = Diagnostics()
    assert read_extensions(tmp_path / "nope", ["v1"], diagnostics) == []
    assert [d.message for d in diagnostics.items] == ["the extensions folder does not exist"]


def test_generated_classes_name_every_model_field_and_client_method(apis):
    classes = generated_classes(build_surface(apis["v1beta"]))
    assert {"candidates", "to_dict", "extra_fields"} <= classes["GenerateContentResponse"]
    assert {"generate_content", "close", "with_options"} <= classes["Client"]
