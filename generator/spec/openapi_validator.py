"""openapi-spec-validator, run on one prepared document, its findings located.

It resolves references itself and fails hard on a bad one, so it runs only after
our own reference pass has found every reference usable (`spec.checks`).

Its run has two independent halves (`Half`), so that they can run in separate
processes (`validator`): the whole document against the OpenAPI JSON Schema,
then the library's own checks of paths, operations and schemas. Their findings,
joined in that order, are those of one whole run.
"""

from __future__ import annotations

import enum
import functools
import importlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics, join_pointer
from .checks import is_schema_position
from .load import SpecDocument
from .refs import resolve_pointer, walk

__all__ = ["Half", "ValidatorFindings", "spec_validator_findings"]


class Half(enum.IntEnum):
    """The halves of a run, numbered in the order a whole run goes through them."""

    DOCUMENT_SCHEMA = 0  # the document against the OpenAPI JSON Schema: a third of a run
    KEYWORD_CHECKS = 1  # the library's checks of paths, operations and schemas

    @classmethod
    def largest_first(cls) -> tuple[Half, ...]:
        return (cls.KEYWORD_CHECKS, cls.DOCUMENT_SCHEMA)


# Reported by our own checks with a location, so the validator's copies are dropped.
_LOCATED_BY_US = ("DuplicateOperationIDError", "UnresolvableParameterError")


@dataclass(frozen=True, slots=True)
class ValidatorFindings:
    """What openapi-spec-validator found in one document."""

    located: list[Diagnostic]
    # Errors inside a schema carry a path in the schema, not in the document.
    unlocated: list[Diagnostic]

    def problems(self, others_found: bool) -> list[Diagnostic]:
        """`others_found`: our checks already reported errors, and the validator's
        unlocated errors are mostly duplicates of them, so they are dropped."""
        return self.located if others_found else self.located + self.unlocated

    @classmethod
    def joined(cls, parts: list[ValidatorFindings]) -> ValidatorFindings:
        """The findings of the halves of a run as one run's: in order, each once (a spec
        the library cannot check at all fails both halves the same way)."""
        located = [d for part in parts for d in part.located]
        unlocated = [d for part in parts for d in part.unlocated]
        return cls(list(dict.fromkeys(located)), list(dict.fromkeys(unlocated)))


def spec_validator_findings(document: SpecDocument, half: Half | None = None) -> ValidatorFindings:
    """The findings of the whole run, or of one half of it."""
    located, unlocated = Diagnostics(), Diagnostics()
    version = str(document.data.get("openapi"))
    _run_spec_validator(document, version, half, located, unlocated)
    return ValidatorFindings(located.items, unlocated.items)


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _check_defaults(document: SpecDocument, diagnostics: Diagnostics) -> list[Any]:
    """Defaults of the wrong type: a warning at the default itself (the bindings only
    mention defaults in docstrings). Returns the offending values."""
    flagged = []
    for pointer, node in walk(document.data):
        if not isinstance(node, dict) or "default" not in node or not is_schema_position(pointer):
            continue
        kind, value = node.get("type"), node["default"]
        allowed = _PYTHON_TYPES.get(kind) if isinstance(kind, str) else None
        if allowed is None or value is None:
            continue
        wrong_bool = isinstance(value, bool) and kind in ("integer", "number")
        if wrong_bool or not isinstance(value, allowed):
            flagged.append(value)
            where = join_pointer(pointer, "default")
            diagnostics.warning(
                document.location,
                where,
                f"default {value!r} is not of type {kind!r}",
                document.line_of(where),
            )
    return flagged


def preload_validator() -> None:
    """Import the library: half a second, done by the background process while it waits."""
    importlib.import_module("openapi_spec_validator")


@functools.cache
def _validator_class(v31: bool) -> Any:
    """openapi-spec-validator without its check of `default` values against their schema.

    The bindings only mention defaults in docstrings, so a default that breaks its
    own schema (null where not nullable, "" for an email, a value outside the enum,
    all common in published specs) cannot break generated code; `_check_defaults`
    reports the plain type mismatches as located warnings instead. Imported here: the
    validator is slow to import, and a warm run skips validation altogether.
    """
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation.keywords import ValueValidator

    class DefaultsAreDocumentation(ValueValidator):
        def __call__(self, schema: Any, value: Any) -> Iterator[Any]:
            return iter(())

    base = OpenAPIV31SpecValidator if v31 else OpenAPIV30SpecValidator
    schema_validator = base.keyword_validators["schema"]

    class SchemasSeenInSets(schema_validator):  # type: ignore[misc, valid-type]
        """The same checks; the schemas already seen are kept in sets, not lists,
        whose membership test made validation quadratic in the number of schemas."""

        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _IdSet()
            self.meta_checked_schema_ids = _IdSet()

    keywords = {
        **base.keyword_validators,
        "default": DefaultsAreDocumentation,
        "schema": SchemasSeenInSets,
    }
    namespace = {
        "keyword_validators": keywords,
        "schema_validator": _crawled(base.schema_validator),
    }
    return type(f"Lenient{base.__name__}", (base,), namespace)


def _crawled(validator: Any) -> Any:
    """The same JSON Schema validator of the OpenAPI schema, with its reference registry
    indexed once up front. Otherwise every `$dynamicRef` of the OpenAPI 3.1 schema indexes
    it again and drops the result: two thirds of validating a large spec."""
    from referencing import Resource

    validator = getattr(validator, "__wrapped__", validator)  # a lazy proxy in the library
    root = Resource.from_contents(validator.schema)
    registry = validator._registry.with_resource(validator.schema.get("$id", ""), root)
    return type(validator)(
        validator.schema, registry=registry.crawl(), format_checker=validator.format_checker
    )


class _IdSet(set[int]):
    """A set that also answers `append`, the one list method the validator uses."""

    def append(self, item: int) -> None:
        self.add(item)


def _located(document: SpecDocument, pointer: str) -> bool:
    try:
        resolve_pointer(document.data, pointer)
    except KeyError:
        return False
    return True


def _run_spec_validator(
    document: SpecDocument,
    version: str,
    half: Half | None,
    diagnostics: Diagnostics,
    unlocated: Diagnostics,
) -> None:
    # Imported here: it is slow to import, and a warm run skips validation altogether.
    validator_class = _validator_class(version.startswith("3.1"))
    base_uri = document.path.resolve().as_uri()
    # Its warnings belong to the first half; both halves need the values it found.
    warned = diagnostics if half is not Half.KEYWORD_CHECKS else Diagnostics()
    mismatched_defaults = _check_defaults(document, warned)
    try:
        with warnings.catch_warnings():
            # Compiling a spec's ECMA `pattern` as a Python regex can warn ("possible
            # nested set"); patterns never reach generated code, so that is only noise.
            warnings.simplefilter("ignore", FutureWarning)
            validator = validator_class(document.data, base_uri=base_uri)
            # Reported as found: if the validator fails part way, what it found stays.
            for error in _errors(validator, half):
                _report_validator_error(
                    document, version, error, mismatched_defaults, diagnostics, unlocated
                )
    except RecursionError:
        _error(document, diagnostics, "#", "the spec nests too deeply for openapi-spec-validator")
    except Exception as exc:
        _error(
            document, diagnostics, "#", f"openapi-spec-validator could not check this spec: {exc}"
        )


def _errors(validator: Any, half: Half | None) -> Iterator[Any]:
    """The errors of the whole run (the library's `iter_errors`), or of one of its halves:
    the two steps of that method, each error wrapped as it wraps them."""
    if half is None:
        return iter(validator.iter_errors())
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    if half is Half.DOCUMENT_SCHEMA:
        found = validator.schema_validator.iter_errors(validator.schema)
    else:
        found = validator.root_validator(validator.schema_path)
    return (
        (
            error
            if isinstance(error, OpenAPIValidationError)
            else OpenAPIValidationError.create_from(error)
        )
        for error in found
    )


def _report_validator_error(
    document: SpecDocument,
    version: str,
    error: Any,
    mismatched_defaults: list[Any],
    diagnostics: Diagnostics,
    unlocated: Diagnostics,
) -> None:
    if type(error).__name__ in _LOCATED_BY_US:
        return
    if getattr(error, "validator", None) == "format" and "'regex'" in str(error):
        # ECMA patterns (\p{L}) that Python's re cannot compile; the bindings
        # never check `pattern`, so this cannot affect generated code.
        return
    if getattr(error, "validator", None) == "type" and any(
        getattr(error, "instance", None) == v for v in mismatched_defaults
    ):
        return  # reported, with its location, by _check_defaults
    pointer = join_pointer("#", *getattr(error, "absolute_path", ()))
    message = getattr(error, "message", None) or str(error)
    if _located(document, pointer):
        _error(document, diagnostics, pointer, f"OpenAPI {version}: {message}")
    else:
        # Schema errors come with a path inside the schema, not the document.
        _error(document, unlocated, "#", f"OpenAPI {version}: {message} (in a schema)")


def _error(document: SpecDocument, diagnostics: Diagnostics, pointer: str, message: str) -> None:
    diagnostics.error(document.location, pointer, message, document.line_of(pointer))
