"""JSON Schema validation: one compiled Draft 2020-12 validator per kind, reused for every record.

jsonschema-rs (compiled) answers "is this record valid?"; most records are, and have nothing to report. Only the
others go through `jsonschema`, whose errors carry what the diagnostics need (keyword, path, schema). Both apply
the same dialect: `pattern` with ECMA-262's final `$` (end of text) and the `partial-date` format;
tests/test_schema_agreement.py checks that they judge every keyword and thousands of generated records alike.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import extend
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from .diagnostics import Diagnostic
from .load import SCHEMA_SUFFIX, SCHEMAS_DIR, Record

_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

_RULE_BY_KEYWORD = {
    "required": "schema-required",
    "additionalProperties": "schema-unknown-field",
    "type": "schema-type",
    "enum": "schema-enum",
    "const": "schema-enum",
    "pattern": "schema-pattern",
    "format": "schema-date",
    "minLength": "schema-length",
    "maxLength": "schema-length",
    "minItems": "schema-length",
    "maxItems": "schema-length",
    "minimum": "schema-range",
    "maximum": "schema-range",
    "exclusiveMinimum": "schema-range",
    "exclusiveMaximum": "schema-range",
    "uniqueItems": "schema-unique",
}


def is_partial_date(value: object) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar date."""
    if not isinstance(value, str):
        return True  # not a string: the type keyword reports it
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]  # type: ignore[arg-type]


@functools.cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    """A schema pattern with ECMA-262 meaning of a final `$` (end of text, as in editors), not Python's (which
    also matches before a final newline, so "NCT04786262\\n" would pass `^NCT[0-9]{8}$`)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker: Any, instance: Any) -> bool:
    """Only whole numbers written without a decimal point: JSON Schema would take 42.0, and the site would show it."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Draft = extend(
    jsonschema.Draft202012Validator, {"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)

FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("partial-date")(is_partial_date)


def load_schemas(root: Path) -> dict[str, dict[str, Any]]:
    """Every usable schema in schemas/, by file name."""
    return read_schemas(root)[0]


def read_schemas(root: Path) -> tuple[dict[str, dict[str, Any]], list[Diagnostic]]:
    """Every schema in schemas/ that is valid JSON and a valid JSON Schema, by file name, and a diagnostic for
    each other one (rule schema-file-invalid)."""
    schemas, diagnostics = {}, []
    for path in sorted((root / SCHEMAS_DIR).glob(f"*{SCHEMA_SUFFIX}")):
        shown = f"{SCHEMAS_DIR}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
            schema = json.loads(text)
        except UnicodeDecodeError as err:
            diagnostics.append(Diagnostic(shown, 1, 1, "schema-file-invalid", f"not UTF-8: {err.reason}"))
            continue
        except json.JSONDecodeError as err:
            diagnostics.append(Diagnostic(shown, err.lineno, err.colno, "schema-file-invalid", f"not JSON: {err.msg}"))
            continue
        problem = _text_problem(text)
        if problem:
            diagnostics.append(Diagnostic(shown, 1, 1, "schema-file-invalid", problem))
            continue
        schemas[path.name] = schema
    return schemas, diagnostics


@functools.lru_cache(maxsize=64)
def _text_problem(text: str) -> str | None:
    """`_schema_problem` of a schema file's text, checked once per process for each distinct text (the meta-schema
    check is most of the cost of loading a small atlas, and every load reads the same few schemas)."""
    return _schema_problem(json.loads(text))


def _schema_problem(schema: Any) -> str | None:
    """Why `schema` is not a usable Draft 2020-12 schema, or None."""
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "the top level"
        return f"not a valid JSON Schema at {where}: {err.message[:200]}"
    for where, pattern in _patterns(schema, ()):
        try:
            _ecma_regex(pattern)
        except re.error as err:
            return f"invalid pattern at {'/'.join(where)}: {err}"
    return None


def _patterns(node: Any, where: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every `pattern` keyword in a schema, with its JSON pointer parts."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield (*where, key), value
            else:
                yield from _patterns(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _patterns(value, (*where, str(i)))


_BASE_URI = "file:///atlas/schemas/"  #: schemas refer to each other by file name, relative to this (never read)


def _whole_float(value: Any) -> bool:
    """Whether a decimal with nothing after the point (42.0) appears anywhere in `value`."""
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(_whole_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_whole_float(v) for v in value)
    return False


def fast_validators(schemas: dict[str, dict[str, Any]]) -> dict[str, jsonschema_rs.Validator]:
    """A jsonschema-rs validator per kind. Rust's `$` already means the end of the text, as in ECMA-262."""
    registry = jsonschema_rs.Registry([(_BASE_URI + name, schema) for name, schema in schemas.items()])
    return {
        name[: -len(SCHEMA_SUFFIX)]: jsonschema_rs.validator_for(
            schema, registry=registry, base_uri=_BASE_URI + name, validate_formats=True,
            formats={"partial-date": is_partial_date})
        for name, schema in schemas.items()
    }


class Validator:
    """Validates records against their kind's schema; refs between schema files resolve by file name."""

    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        registry: Registry = Registry().with_resources(
            (name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items()
        )
        self._validators = {
            name[: -len(SCHEMA_SUFFIX)]: _Draft(
                schema, registry=registry, format_checker=FORMAT_CHECKER
            )
            for name, schema in schemas.items()
        }
        self._fast = fast_validators(schemas)

    def validate(self, record: Record) -> list[Diagnostic]:
        if self._fast[record.kind].is_valid(record.data) and not _whole_float(record.data):
            return []  # jsonschema-rs takes 42.0 as an integer: such records go through _Draft's strict type
        validator = self._validators[record.kind]
        return [_diagnostic(record, error) for error in validator.iter_errors(record.data)]


def _most_relevant(error: ValidationError) -> ValidationError:
    """Descend into oneOf/anyOf to the failure of the branch the value was meant for.

    jsonschema's `best_match` stops at the oneOf when two failures tie (a date that fails both its pattern and
    its format). Branches that fail only because the value has another type (the null branch of an optional
    field) are not what the author meant, so they are set aside; when exactly one branch remains, its failure is
    reported, otherwise the intent is unclear and the oneOf failure itself is.
    """
    error = best_match([error])
    while error.validator in ("oneOf", "anyOf") and error.context:
        meant = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        if not meant:  # the value has the type of no branch: the non-null ones were meant
            meant = [e for e in error.context if error.validator_value[e.schema_path[0]] != {"type": "null"}]
        if len({e.schema_path[0] for e in meant}) != 1:
            break
        error = best_match(meant)
    return error


def _types(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[union-attr]


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _diagnostic(record: Record, error: ValidationError) -> Diagnostic:
    error = _most_relevant(error)
    where = tuple(error.absolute_path)
    rule = _RULE_BY_KEYWORD.get(str(error.validator), "schema-invalid")
    field = ".".join(str(p) for p in where) or "the record"
    if rule == "schema-invalid" and error.context and all(e.validator == "type" and not e.relative_path
                                                          for e in error.context):
        # no shape has the value's type (a number for text that may also be given per language): say which do
        types = sorted({t for e in error.context for t in _types(e.validator_value)})
        return record.diagnostic(where, "schema-type",
                                 f"{field}: {_short(error.instance)} is not of type {' or '.join(map(repr, types))}")
    if rule == "schema-unknown-field":
        known = error.schema.get("properties", {})
        unknown = sorted(k for k in error.instance if k not in known)
        return record.diagnostic(
            where + (unknown[0],), rule,
            f"unknown field '{unknown[0]}' in {field}" + (f" (also: {', '.join(unknown[1:])})" if unknown[1:] else "")
            + f"; allowed: {', '.join(known)}",
            key=True,
        )
    if rule == "schema-required":
        return record.diagnostic(where, rule, f"{field}: {error.message}")
    if rule == "schema-enum":
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        message = f"{field}: {_short(error.instance)} is not one of: {', '.join(map(str, allowed))}"
    elif rule == "schema-pattern":
        examples = error.schema.get("examples")
        message = f"{field}: {_short(error.instance)} does not have the required form" + (
            f" (example: {examples[0]})" if examples else f" (pattern {error.validator_value})"
        )
    elif rule == "schema-date":
        message = f"{field}: {_short(error.instance)} is not a real date"
    elif rule == "schema-type":
        message = f"{field}: {_short(error.instance)} is not of type {error.validator_value!r}"
    elif rule == "schema-length":
        size = len(error.instance)
        message = f"{field}: length {size} is outside the limit ({error.validator} {error.validator_value})"
    elif rule == "schema-invalid":
        message = f"{field}: {_short(error.instance)} matches none of the allowed shapes"
    else:
        message = f"{field}: {error.message}"
    return record.diagnostic(where, rule, message)
