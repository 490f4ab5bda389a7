"""Chunked, cached, parallel black gives exactly black's output for the whole module."""

from __future__ import annotations

import ast
import subprocess
import sys

import black
import pytest

from generator.render.package import render_package
from generator.style import formatter as formatting
from generator.style import statements
from generator.surface import build_surface

from ..support.specs import run_cli


def _sources(apis):
    rendered = render_package([build_surface(a) for a in apis.values()], "gemini_api")
    return {
        path: text
        for path, text in rendered.files.items()
        if path.endswith(".py") and path not in rendered.preformatted
    }


def test_chunked_formatting_equals_black_on_the_whole_module(apis, monkeypatch, tmp_path):
    monkeypatch.setenv("GEMINI_CODEGEN_CACHE", str(tmp_path))
    sources = _sources(apis)
    whole = {p: black.format_str(s, mode=formatting._black_mode()) for p, s in sources.items()}
    assert formatting.format_sources(sources) == whole
    # Second time from the cache: same text. The cache holds each piece (a chunk, or a
    # method of a big class) that needed black and each statement black formatted for it.
    assert formatting.format_sources(sources) == whole
    cached = list((tmp_path / "black").rglob("*.py"))
    chunks = {
        piece
        for text in sources.values()
        for chunk in formatting.split_chunks(text)
        for piece in formatting._pieces(chunk)
    }
    needing_black = [c for c in chunks if not formatting.is_laid_out(c)]
    # Statements are cached by their text, so one repeated in many methods is one entry.
    wrapped = {
        statements.wrap(statements.lines_of(c), statement)
        for c in needing_black
        for statement in statements.long_statements(c, ast.parse(c)) or []
    }
    assert len(cached) == len(needing_black) + len(wrapped)


def test_parallel_path_gives_the_same_text(apis, monkeypatch):
    monkeypatch.setenv("GEMINI_CODEGEN_CACHE", "off")
    monkeypatch.setattr(formatting, "_PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(formatting.os, "cpu_count", lambda: 2)
    sources = _sources(apis)
    models = {p: s for p, s in sources.items() if p.endswith("models.py")}
    expected = {p: black.format_str(s, mode=formatting._black_mode()) for p, s in models.items()}
    assert formatting.format_sources(models) == expected


def test_split_keeps_decorators_with_their_class():
    source = "import x\n\n\n@dataclass\nclass A:\n    pass\n\n\nclass B:\n    pass\n"
    chunks = formatting.split_chunks(source)
    assert chunks == [
        "import x\n\n\n",
        "@dataclass\nclass A:\n    pass\n\n\n",
        "class B:\n    pass\n",
    ]
    assert "".join(chunks) == source


def test_a_broken_chunk_names_its_file(monkeypatch):
    monkeypatch.setenv("GEMINI_CODEGEN_CACHE", "off")
    try:
        formatting.format_sources({"pkg/models.py": "class A:\n    def f(:\n"})
    except formatting.FormatError as exc:
        assert "pkg/models.py" in str(exc)
    else:
        raise AssertionError("no FormatError")


@pytest.mark.parametrize("parallel", [False, True])
def test_the_first_broken_piece_black_does_not_see_names_its_file(monkeypatch, parallel):
    """Pieces already in black's layout are only compiled, across processes when there is
    a lot; the error names the file of the first broken one in the output."""
    monkeypatch.setenv("GEMINI_CODEGEN_CACHE", "off")
    if parallel:
        monkeypatch.setattr(formatting, "_PARALLEL_SYNTAX_THRESHOLD", 0)
        monkeypatch.setattr(formatting.os, "cpu_count", lambda: 2)
    good = "".join(f"class A{n}:\n    x = {n}\n\n\n" for n in range(40))
    sources = {
        "pkg/a.py": good,
        "pkg/b.py": good + "class Broken:\n    def f(:\n        pass\n",
        "pkg/c.py": "class AlsoBroken(:\n    pass\n",
    }
    with pytest.raises(formatting.FormatError, match=r"black could not format pkg/b\.py"):
        formatting.format_sources(sources)
    del sources["pkg/b.py"]
    with pytest.raises(formatting.FormatError, match=r"pkg/c\.py"):
        formatting.format_sources(sources)
    assert formatting.format_sources({"pkg/a.py": good}) == {"pkg/a.py": good.rstrip() + "\n"}


def test_no_split_inside_a_docstring():
    source = (
        'class A:\n    """Doc\n@not a decorator\nclass NotAClass:\n"""\n\n\nclass B:\n    pass\n'
    )
    chunks = formatting.split_chunks(source)
    assert len(chunks) == 2 and chunks[1].startswith("class B")


def test_a_quote_triple_inside_a_literal_does_not_confuse_the_split():
    triple = '"' * 3
    source = (
        f"X = 'a{triple}b'\n\n\nclass A:\n    {triple}Doc\ndef not_a_function():\n{triple}\n\n\n"
        "class B:\n    pass\n"
    )
    chunks = formatting.split_chunks(source)
    assert [c.split("\n")[0] for c in chunks] == [f"X = 'a{triple}b'", "class A:", "class B:"]


def _chunks(apis):
    for path, text in _sources(apis).items():
        for chunk in formatting.split_chunks(text):
            yield path, chunk


def test_every_chunk_taken_without_black_is_what_black_would_write(apis):
    taken = 0
    for path, chunk in _chunks(apis):
        if formatting.is_laid_out(chunk):
            taken += 1
            formatted = black.format_str(chunk, mode=formatting._black_mode())
            assert formatted.strip("\n") == chunk.strip("\n"), path
    assert taken > 100  # most of the bundled output needs no black at all


LONG_NAMES_SPEC = """\
openapi: 3.0.3
info: {title: Long, version: v1}
paths: {}
components:
  schemas:
    AnExtraordinarilyLongSchemaNameThatKeepsGoingAndGoingUntilTheSignatureIsTooLongForOneLine:
      type: object
      properties:
        an_unusually_long_field_name_referring_to_another_model_that_is_nullable_as_well:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Short'}]
        short_nullable: {type: string, nullable: true}
        list_of_models_with_a_long_name_for_the_comprehension_to_overflow_the_line:
          type: array
          items: {$ref: '#/components/schemas/Short'}
        choice_with_a_long_name_so_the_union_decoder_is_wrapped:
          anyOf: [{type: string}, {type: integer}, {$ref: '#/components/schemas/Short'}]
    Short:
      type: object
      required: [id, a_required_list_of_medium_length_models]
      properties:
        id: {type: string}
        a_required_list_of_medium_length_models:
          type: array
          items: {$ref: '#/components/schemas/MediumLengthSchemaNameForTheListItems'}
    MediumLengthSchemaNameForTheListItems:
      type: object
      properties:
        x: {type: string}
        required_nullable_with_a_name_long_enough_to_need_wrapping_in_to_dict: {type: string, nullable: true}
"""


def test_long_names_and_nullable_fields_come_out_black_formatted(tmp_path):
    from generator.pipeline import build_package

    spec = tmp_path / "long.yaml"
    spec.write_text(LONG_NAMES_SPEC)
    result = build_package([spec], "long_pkg")
    for path, text in result.files.items():
        if path.endswith(".py"):
            assert black.format_str(text, mode=formatting._black_mode()) == text, path


def test_a_nullable_optional_field_is_spelled_nullable_once(tmp_path):
    spec = tmp_path / "long.yaml"
    spec.write_text(LONG_NAMES_SPEC)
    result = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path), "--package", "pkg")
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "pkg" / "v1" / "models.py").read_text()
    assert "        short_nullable: str | None = None,\n" in models  # the __init__ argument
    assert "None | None" not in models
    assert "None if _v is None else None" not in models
    script = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "from pkg.v1.models import MediumLengthSchemaNameForTheListItems as M\n"
        "key = 'required_nullable_with_a_name_long_enough_to_need_wrapping_in_to_dict'\n"
        "for data in ({}, {key: None}, {key: 'a'}, {'x': 'b', key: None}):\n"
        "    assert M.from_dict(data).to_dict() == data, data\n"
        "assert getattr(M.from_dict({key: None}), key) is None\n"
    )
    checked = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


_INT32_CHECK = (
    "_v if _v is None or (_v.__class__ is int and -0x80000000 <= _v < 0x80000000)"
    " else _rt.expect_int32(_v)"
)


@pytest.mark.parametrize(
    "expression",
    [
        "None if _v is None else _rt.decode_list(_v, MediumLengthSchemaNameForTheListItems.from_dict)",
        "_rt.decode_list(_v, MediumLengthSchemaNameForTheListItems.from_dict)",
        "_v if _v is None or _v.__class__ is str else _rt.expect_str(_v)",
        "[v0.to_dict() for v0 in self.a_required_list_of_medium_length_models_and_more]",
        "[v0.to_dict() for v0 in self.a_list_with_a_long_name_that_still_fits_once_it_is_split]",
        "{k0: v0.to_dict() for k0, v0 in self.a_map_of_medium_length_models_with_a_long_name.items()}",
        "[_rt.enum_to_wire(v0) for v0 in self.a_list_of_enum_values_with_a_long_and_descriptive_name]",
        "{k0: [v1.to_dict() for v1 in v0] for k0, v0 in self.a_map_of_lists_of_models.items()}",
        "[x for x in f(' for ', 'a string with a for in it and more words to overflow the line')]",
        "[v0.to_dict() for v0 in self.a_list_whose_name_is_so_long_that_the_comprehension_body_itself_cannot_fit_on_one_line]",
        "None if _v is None else _rt.decode_union(_v, (_rt.expect_str, _rt.expect_int))",
        "_rt.decode_map(_v, lambda x: None if x is None else _rt.decode_list(x, Other.from_dict))",
        "a_name_that_is_long_enough_to_overflow_the_line_when_assigned_to_a_long_target_x",
        "self.a_required_list_of_medium_length_models_and_more_words_to_make_it_long_enough",
        "a_name_so_long_that_even_wrapped_in_parentheses_of_its_own_it_cannot_fit_on_its_line_at_all",
        "_rt.raw_method(Client.an_operation_with_a_rather_long_name_that_overflows_the_line)",
        "_rt.async_raw_method(AsyncClient.an_operation_with_a_long_name_that_overflows_it)",
        "_rt.expect_str(a_name_so_long_that_even_alone_on_a_line_of_its_own_it_does_not_fit_there)",
        _INT32_CHECK,
        "_v if _v is None or (_v.__class__ is int and 0 <= _v < 0x100000000) else _rt.expect_uint32(_v)",
        "a if b else c if a_condition_long_enough_to_need_the_split_and_then_some_more else d_value",
        "a if b_condition_so_long_that_its_own_line_cannot_hold_it_even_after_the_split_at_if else c",
        'f(" if ", " else ") if a_condition_long_enough_to_need_the_split_and_then_some else g(0)',
        "lambda v: a_long_enough_value if v is None or v.a_long_attribute_name else other_value",
    ],
)
@pytest.mark.parametrize("target", ["f_a_required_list_of_medium_length_models", "f_x"])
def test_layout_assignment_is_what_black_writes(expression, target):
    from generator.style.layout import assignment

    indent = " " * 12
    statement = assignment(target, expression, indent)
    source = (
        "class A:\n    def f(self):\n        try:\n"
        f"{indent}{statement}\n"
        "        except E:\n            pass\n"
    )
    if formatting.is_laid_out(source):
        assert black.format_str(source, mode=formatting._black_mode()) == source


def test_a_conditional_too_long_for_its_parentheses_is_split_as_black_splits_it():
    """The int32 check of a field with a long name: laid out here, so no black at all."""
    from generator.style.layout import assignment

    indent = " " * 12
    statement = assignment("f_cached_content_token_count", _INT32_CHECK, indent)
    assert statement.splitlines()[1:] == [
        indent + "    _v",
        indent + "    if _v is None or (_v.__class__ is int and -0x80000000 <= _v < 0x80000000)",
        indent + "    else _rt.expect_int32(_v)",
        indent + ")",
    ]
    source = (
        "class A:\n    def f(self):\n        try:\n"
        f"{indent}{statement}\n"
        "        except E:\n            pass\n"
    )
    assert formatting.is_laid_out(source)
    assert black.format_str(source, mode=formatting._black_mode()) == source


REQUIRED_NULLABLE_SPEC = """\
openapi: 3.0.3
info: {title: Nulls, version: v1}
paths: {}
components:
  schemas:
    Row:
      type: object
      required: [name, anything, count]
      properties:
        name: {type: string, nullable: true}
        anything: {}
        count: {type: integer}
"""


def test_a_required_nullable_field_accepts_null_but_not_absence(tmp_path):
    spec = tmp_path / "nulls.yaml"
    spec.write_text(REQUIRED_NULLABLE_SPEC)
    result = run_cli("generate", "--spec", str(spec), "--out", str(tmp_path), "--package", "pkg")
    assert result.returncode == 0, result.stderr
    script = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "from pkg.v1.models import Row\n"
        "from pkg._runtime import ShapeError\n"
        "for data in ({'name': None, 'anything': None, 'count': 1},\n"
        "             {'name': 'a', 'anything': [1], 'count': 2}):\n"
        "    row = Row.from_dict(data)\n"
        "    assert row.to_dict() == data, (row.to_dict(), data)\n"
        "for missing in ('name', 'anything', 'count'):\n"
        "    data = {'name': None, 'anything': None, 'count': 1}\n"
        "    del data[missing]\n"
        "    try:\n"
        "        Row.from_dict(data)\n"
        "    except ShapeError as error:\n"
        "        assert str(error) == missing + ': missing required field', str(error)\n"
        "    else:\n"
        "        raise AssertionError(missing)\n"
        "try:\n"
        "    Row.from_dict({'name': 'a', 'anything': 1, 'count': None})\n"
        "except ShapeError as error:\n"
        "    assert str(error) == 'count: missing required field', str(error)\n"
        "else:\n"
        "    raise AssertionError('null count accepted')\n"
    )
    checked = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


_PATHS = ['"/models/{model}:generateContent"', '"/tunedModels/{model}:generateContent"']
_LONG_PATH = '"/upload/v1beta/fileSearchStores/{file_search_store}:uploadToFileSearchStore"'


def _black_keeps(source):
    """Whether black leaves the source as it is (only judged when no line is too long:
    the layout helpers leave the others to black)."""
    if not formatting.is_laid_out(source):
        return True
    return black.format_str(source, mode=formatting._black_mode()) == source


def _argument_lines(argument, depth):
    """`argument` as one argument of an exploded call nested `depth` calls deep."""
    opening = "".join("    " * (level + 3) + "g(\n" for level in range(depth - 1))
    closing = "".join("    " * (level + 3) + ")\n" for level in reversed(range(depth - 1)))
    indent = "    " * (depth + 2)
    return (
        "class A:\n    def f(self):\n        x = f(\n"
        f"{opening}{indent}{argument},\n{indent}y,\n{closing}        )\n"
    )


@pytest.mark.parametrize(
    "items",
    [
        _PATHS,
        [*_PATHS, '"/dynamic/{model}:generateContent"'],
        ['"/a/{b}"', '"/c/{d}"'],
        [_LONG_PATH, _LONG_PATH],
        ['"/a"'],
    ],
)
@pytest.mark.parametrize("depth", [1, 2])
def test_layout_argument_tuple_is_what_black_writes(items, depth):
    from generator.style.layout import argument_tuple

    indent = "    " * (depth + 2)
    assert _black_keeps(_argument_lines(argument_tuple(items, indent), depth))


@pytest.mark.parametrize(
    "arguments",
    [
        [_LONG_PATH, '{"file_search_store": file_search_store}'],
        ['"/upload/v1beta/files"', '{"name": name}'],
        [_LONG_PATH + " + " + _LONG_PATH, "{}"],
        ['"/x/{a}/{b}/{c}"', '{"a": a_long_argument_name, "b": another_long_argument, "c": c}'],
        ['"/x/{a}"', "{" + ", ".join(f'"a{i}": a{i}' for i in range(12)) + "}"],
        ['"/fileSearchStores/{file_search_store}/documents/{document}:get"', '{"a": a}'],
    ],
)
@pytest.mark.parametrize("depth", [1, 2])
def test_layout_argument_call_is_what_black_writes(arguments, depth):
    from generator.style.layout import argument_call

    indent = "    " * (depth + 2)
    assert _black_keeps(_argument_lines(argument_call("_rt.expand_path", arguments, indent), depth))


@pytest.mark.parametrize(
    "annotation",
    [
        "_rt.AsyncOperationHandle[models.PredictLongRunningResponse, models.PredictLongRunningMetadata]",
        "_rt.OperationHandle[models.PredictLongRunningResponse, models.PredictLongRunningMetadata]",
        "_rt.AsyncPager[models.Short]",
        "_rt.OperationHandle[models.AnExtraordinarilyLongSchemaNameThatKeepsGoing, models.AndAnotherOneJustAsLong]",
        "models.AnExtraordinarilyLongSchemaNameThatKeepsGoingAndGoingUntilTheLineIsTooLongForOneLine",
        "_rt.AsyncOperationHandle[models.PredictLongRunningResponse, dict[str, models.PredictMeta]]",
        "_rt.X[models.A, models.B] | _rt.Y[models.PredictLongRunningResponse, models.PredictLongRunningMeta]",
    ],
)
def test_layout_return_annotation_is_what_black_writes(annotation):
    from generator.style.layout import return_annotation

    source = (
        "class A:\n    async def f(\n        self,\n        *,\n        model: str,\n"
        f"    ) -> {return_annotation(annotation, '    ')}:\n        pass\n"
    )
    assert _black_keeps(source)
