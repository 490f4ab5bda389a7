"""Stage 2, validate: openapi-spec-validator plus the checks our generator relies on.

Every problem becomes a located diagnostic. openapi-spec-validator resolves
references itself and fails hard on a bad one, so it runs only after our own
reference pass has found every reference usable.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Diagnostics, join_pointer
from .bundle import bundle_external_refs
from .load import SpecDocument
from .refs import check_refs, resolve_pointer, walk

__all__ = [
    "HTTP_METHODS",
    "Checked",
    "ValidatorFindings",
    "check_document",
    "check_prepared",
    "prepare_document",
    "spec_validator_findings",
    "spec_validator_problems",
    "validate_document",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
# Reported by our own checks with a location, so the validator's copies are dropped.
_LOCATED_BY_US = ("DuplicateOperationIDError", "UnresolvableParameterError")


def validate_document(
    document: SpecDocument, diagnostics: Diagnostics, run_spec_validator: bool = True
) -> bool:
    """True when the document can be parsed into the IR (warnings allowed).

    `run_spec_validator=False` skips openapi-spec-validator (the slow part) for a
    spec whose exact bytes already passed it; our own checks always run.
    """
    checked = check_document(document, diagnostics)
    if checked.refs_ok and run_spec_validator:
        before = len(diagnostics.items)
        diagnostics.items.extend(spec_validator_problems(document, not checked.ok))
        return checked.ok and not diagnostics.has_errors_since(before)
    return checked.ok


@dataclass(frozen=True, slots=True)
class Checked:
    ok: bool  # no error from our own checks
    refs_ok: bool  # every reference resolves, so openapi-spec-validator can run


def check_document(document: SpecDocument, diagnostics: Diagnostics) -> Checked:
    """Our own checks, all located; openapi-spec-validator is separate (and slow)."""
    before = len(diagnostics.items)
    if not prepare_document(document, diagnostics):
        return Checked(ok=False, refs_ok=False)
    refs_ok = check_prepared(document, diagnostics)
    return Checked(ok=not diagnostics.has_errors_since(before), refs_ok=refs_ok)


def prepare_document(document: SpecDocument, diagnostics: Diagnostics) -> bool:
    """The version check and the bundling of file references: all that must happen
    before openapi-spec-validator may read the document. False for an unusable version."""
    if _check_version(document, diagnostics) is None:
        return False
    bundle_external_refs(document, diagnostics)
    return True


def check_prepared(document: SpecDocument, diagnostics: Diagnostics) -> bool:
    """The rest of our checks, after `prepare_document`. True when every reference
    resolves (else openapi-spec-validator's findings are noise)."""
    refs_ok = check_refs(document, diagnostics)
    _check_operations(document, diagnostics)
    _check_enum_descriptions(document, diagnostics)
    _check_schema_types(document, diagnostics)
    return refs_ok


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


def spec_validator_problems(document: SpecDocument, others_found: bool = False) -> list[Diagnostic]:
    """openapi-spec-validator alone (see `ValidatorFindings.problems`)."""
    return spec_validator_findings(document).problems(others_found)


def spec_validator_findings(document: SpecDocument) -> ValidatorFindings:
    located, unlocated = Diagnostics(), Diagnostics()
    _run_spec_validator(document, str(document.data.get("openapi")), located, unlocated)
    return ValidatorFindings(located.items, unlocated.items)


def _error(document: SpecDocument, diagnostics: Diagnostics, pointer: str, message: str) -> None:
    diagnostics.error(document.name, pointer, message, document.line_of(pointer))


def _check_version(document: SpecDocument, diagnostics: Diagnostics) -> str | None:
    data = document.data
    if "swagger" in data:
        _error(
            document,
            diagnostics,
            "#/swagger",
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3.0 or 3.1",
        )
        return None
    version = data.get("openapi")
    if version is None:
        _error(document, diagnostics, "#", "missing 'openapi' version field (need 3.0.x or 3.1.x)")
        return None
    text = str(version)
    if not re.fullmatch(r"3\.[01]\.\d+", text):
        _error(
            document,
            diagnostics,
            "#/openapi",
            f"unsupported OpenAPI version {text!r} (need 3.0.x or 3.1.x)",
        )
        return None
    return text


def _operations(data: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(pointer, path, method, operation) for every operation, in spec order."""
    found: list[tuple[str, str, str, dict[str, Any]]] = []
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return found
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append((join_pointer("#/paths", path, method), path, method, operation))
    return found


def _declared_params(data: Any, *lists: Any) -> list[dict[str, Any]]:
    params = []
    for entries in lists:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "$ref" in entry:
                try:
                    entry = resolve_pointer(data, entry["$ref"])
                except KeyError:
                    continue
            if isinstance(entry, dict):
                params.append(entry)
    return params


def _check_operations(document: SpecDocument, diagnostics: Diagnostics) -> None:
    data = document.data
    first_use: dict[str, str] = {}
    for pointer, path, _method, operation in _operations(data):
        operation_id = operation.get("operationId")
        if isinstance(operation_id, str):
            if operation_id in first_use:
                _error(
                    document,
                    diagnostics,
                    join_pointer(pointer, "operationId"),
                    f"duplicate operationId {operation_id!r} (first used at {first_use[operation_id]})",
                )
            else:
                first_use[operation_id] = pointer
        path_item = data["paths"][path]
        declared = {
            p.get("name")
            for p in _declared_params(
                data, path_item.get("parameters"), operation.get("parameters")
            )
            if p.get("in") == "path"
        }
        for name in _PATH_PARAM.findall(path):
            if name not in declared:
                _error(
                    document,
                    diagnostics,
                    pointer,
                    f"path parameter {{{name}}} in {path!r} is not declared in 'parameters'",
                )


def _check_enum_descriptions(document: SpecDocument, diagnostics: Diagnostics) -> None:
    """`x-enum-descriptions` is a list of strings parallel to `enum` (one per value)."""
    for pointer, node in walk(document.data):
        if not (isinstance(node, dict) and "x-enum-descriptions" in node):
            continue
        described = node["x-enum-descriptions"]
        where = join_pointer(pointer, "x-enum-descriptions")
        values = node["enum"] if isinstance(node.get("enum"), list) else []
        if not isinstance(described, list) or not all(isinstance(d, str) for d in described):
            _error(document, diagnostics, where, "must be a list of strings, one per enum value")
        elif len(described) != len(values):
            _error(
                document,
                diagnostics,
                where,
                f"has {len(described)} descriptions for {len(values)} enum values",
            )


_JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})


def _check_schema_types(document: SpecDocument, diagnostics: Diagnostics) -> None:
    """Unknown `type` names in schemas, located exactly (the validator cannot say where)."""
    for pointer, node in walk(document.data):
        if not isinstance(node, dict) or not _is_schema_position(pointer):
            continue
        kind = node.get("type")
        if isinstance(kind, dict):
            continue  # a map with a member named "type" (a property, say), not a schema
        names = kind if isinstance(kind, list) else [kind]
        if kind is not None and pointer.startswith(("#/components/schemas", "#/paths")):
            for name in names:
                if not isinstance(name, str) or name not in _JSON_TYPES:
                    _error(
                        document,
                        diagnostics,
                        join_pointer(pointer, "type"),
                        f"unknown schema type {name!r}",
                    )


_NAME_MAPS = (
    "properties", "patternProperties", "$defs", "definitions", "schemas", "dependentSchemas",
    "content", "headers", "links", "callbacks", "encoding", "responses", "securitySchemes",
)  # fmt: skip
_DATA_KEYS = ("/example", "/default", "/enum", "/const", "/x-", "/securitySchemes/")


def _is_schema_position(pointer: str) -> bool:
    """Whether `pointer` can hold a schema, rather than a name map or literal data."""
    if not pointer.startswith(("#/components/", "#/paths")) or "/examples/" in pointer:
        return False
    last = pointer.rsplit("/", 1)[-1]
    return last not in _NAME_MAPS and not any(key in pointer for key in _DATA_KEYS)


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
        if not isinstance(node, dict) or "default" not in node or not _is_schema_position(pointer):
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
                document.name,
                where,
                f"default {value!r} is not of type {kind!r}",
                document.line_of(where),
            )
    return flagged


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
    return type(f"Lenient{base.__name__}", (base,), {"keyword_validators": keywords})


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
    document: SpecDocument, version: str, diagnostics: Diagnostics, unlocated: Diagnostics
) -> None:
    # Imported here: it is slow to import, and a warm run skips validation altogether.
    validator_class = _validator_class(version.startswith("3.1"))
    base_uri = document.path.resolve().as_uri()
    mismatched_defaults = _check_defaults(document, diagnostics)
    try:
        with warnings.catch_warnings():
            # Compiling a spec's ECMA `pattern` as a Python regex can warn ("possible
            # nested set"); patterns never reach generated code, so that is only noise.
            warnings.simplefilter("ignore", FutureWarning)
            # Reported as found: if the validator fails part way, what it found stays.
            for error in validator_class(document.data, base_uri=base_uri).iter_errors():
                _report_validator_error(
                    document, version, error, mismatched_defaults, diagnostics, unlocated
                )
    except RecursionError:
        _error(document, diagnostics, "#", "the spec nests too deeply for openapi-spec-validator")
    except Exception as exc:
        _error(
            document, diagnostics, "#", f"openapi-spec-validator could not check this spec: {exc}"
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
