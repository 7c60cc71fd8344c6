"""jsonschema-rs (the fast yes/no answer) and jsonschema (the diagnostics) judge every record alike."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from macros.load import SCHEMA_SUFFIX, load_file, load_text
from macros.validate import FORMAT_CHECKER, Validator, _Draft, fast_validators, load_schemas

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = load_schemas(REPO)


def agree(schema: Any, instance: Any, others: dict[str, Any] | None = None) -> tuple[bool, bool]:
    schemas = {f"{name}{SCHEMA_SUFFIX}": s for name, s in {"main": schema, **(others or {})}.items()}
    registry: Registry = Registry().with_resources(
        (name, DRAFT202012.create_resource(s)) for name, s in schemas.items()
    )
    slow = _Draft(schema, registry=registry, format_checker=FORMAT_CHECKER)  # the validator validate.py uses
    return fast_validators(schemas)["main"].is_valid(instance), slow.is_valid(instance)


CASES: list[tuple[Any, list[Any]]] = [
    ({"type": "integer"}, [1, 1.0, 1.5, True, False, "1", None, -0, 10**30]),
    ({"type": "number"}, [1, 1.5, True, "1", None]),
    ({"type": ["boolean", "null"]}, [True, None, 0, "true"]),
    ({"type": "object"}, [{}, [], "x"]),
    ({"type": "array"}, [[], {}, "x"]),
    ({"enum": ["a", 1, None]}, ["a", 1, 1.0, True, None, "b", [1]]),
    ({"enum": [False]}, [False, 0, 0.0, None]),
    ({"const": 1}, [1, 1.0, True, "1"]),
    ({"pattern": "^[a-z]+$"}, ["abc", "aBc", "", 5, None]),
    ({"pattern": "b"}, ["abc", "xyz"]),  # search, not match
    ({"pattern": "^[^\\n]+$"}, ["abc", "abc\n", "a\nb"]),  # `$` is the end of the text (ECMA-262), not before a final newline
    ({"pattern": "^a\\$"}, ["a$", "a"]),
    ({"format": "partial-date"}, ["2024", "2024-02", "2024-02-29", "2023-02-29", "2024-13", "24", 2024, None]),
    ({"minLength": 2, "maxLength": 3}, ["a", "ab", "abcd", "ééé", 12345, ["a"]]),
    ({"minItems": 1, "maxItems": 2}, [[], [1], [1, 2, 3], "abc"]),
    ({"minProperties": 1}, [{}, {"a": 1}, []]),
    ({"minimum": 0, "maximum": 10}, [-1, 0, 10, 10.5, True, "5"]),
    ({"exclusiveMinimum": 0, "exclusiveMaximum": 1}, [0, 0.5, 1, False]),
    ({"uniqueItems": True}, [[1, 2], [1, 1], [1, True], [1, 1.0], [{"a": 1}, {"a": 1}], [[1], [True]], "aa"]),
    ({"uniqueItems": False}, [[1, 1]]),
    ({"required": ["a", "b"]}, [{"a": 1, "b": None}, {"a": 1}, [], "ab"]),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False},
     [{"a": "x"}, {"a": 1}, {"b": 1}, {}, "x"]),
    ({"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}, [{"a": "x", "b": 1}, {"b": "x"}]),
    ({"items": {"type": "integer"}}, [[1, 2], [1, "2"], [], {"a": "b"}]),
    ({"oneOf": [{"type": "null"}, {"type": "integer"}, {"type": "number"}]}, [None, 1, 1.5, "x"]),
    ({"anyOf": [{"type": "null"}, {"minimum": 3}]}, [None, 2, 3, "x"]),
    ({"allOf": [{"minimum": 1}, {"maximum": 2}]}, [0, 1, 3]),
    ({"not": {"type": "string"}}, ["x", 1]),
    (True, [1, None]),
    (False, [1, None]),
    ({"$defs": {"d": {"type": "string", "minLength": 1}}, "properties": {"a": {"$ref": "#/$defs/d"}}},
     [{"a": "x"}, {"a": ""}, {"a": 1}]),
    ({"properties": {"a": {"$ref": "other.schema.json#/$defs/id", "description": "sibling annotations are fine"}}},
     [{"a": "ok"}, {"a": "NO"}]),
    ({"title": "t", "description": "d", "examples": [1], "default": 0, "$comment": "c", "type": "integer"}, [1, "x"]),
]
OTHERS = {"other": {"$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}}}}


@pytest.mark.parametrize(("schema", "instances"), CASES, ids=[str(s)[:50] for s, _ in CASES])
def test_each_keyword_agrees_with_jsonschema(schema: Any, instances: list[Any]) -> None:
    for instance in instances:
        fast, slow = agree(schema, instance, OTHERS)
        assert fast == slow, f"{schema!r} on {instance!r}: fast {fast}, jsonschema {slow}"


def _formats(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        return ({schema["format"]} if isinstance(schema.get("format"), str) else set()).union(
            *(_formats(v) for v in schema.values()))
    return set().union(*(_formats(v) for v in schema)) if isinstance(schema, list) else set()


def test_the_schemas_use_only_the_format_both_validators_check() -> None:
    """jsonschema-rs asserts its built-in formats (email, date, ...), the atlas's jsonschema checker only
    partial-date: a schema using another format would be judged differently, so none does."""
    assert set().union(*(_formats(s) for s in SCHEMAS.values())) == {"partial-date"}


def test_a_record_the_fast_check_rejects_gets_its_diagnostics_from_jsonschema() -> None:
    validator = Validator(SCHEMAS)
    record, found = load_text("# yaml-language-server: $schema=../../schemas/glossary.schema.json\nid: x\nterm: 1\n",
                              "content/glossary/x.yaml", "glossary")
    assert record is not None and not found
    assert [(d.rule, d.line) for d in validator.validate(record)] == [("schema-required", 2), ("schema-type", 3)]


# --- generated records: every real record, mutated at random, judged alike by both ---------------------------------

RECORDS = [
    (path.parent.name, load_file(path, path.name, path.parent.name)[0].data)  # as the loader gives them
    for base in (REPO / "content", REPO / "tests" / "fixtures" / "base" / "content")
    for path in sorted(base.glob("*/*.yaml"))
]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2, allow_nan=False), st.sampled_from([1.0, 0.0]),
    st.sampled_from(["", "x", "T1D", "china", "2024-02-30", "2024-02", "NCT01234567", "10.1000/x", "a" * 201,
                     "single-arm", "exact", "months", "src", "line\nbreak", "trailing\n", "x\n"]),
    st.just([]), st.just({}), st.lists(st.sampled_from(["T1D", "T2D", "china", "x"]), max_size=3),
)


def _paths(value: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [where]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, where + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, where + (i,))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    kind, record = draw(st.sampled_from(RECORDS))
    record = copy.deepcopy(record)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(_paths(record)))
        if not where:
            continue
        parent = record
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(VALUES)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "note", "key", "cite", "precision"]))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return kind, record


VALIDATOR = Validator(SCHEMAS)


@settings(max_examples=600, deadline=None, database=None)
@given(mutated())
def test_generated_records_are_judged_as_jsonschema_judges_them(case: tuple[str, Any]) -> None:
    kind, record = case
    assert VALIDATOR._fast[kind].is_valid(record) == VALIDATOR._validators[kind].is_valid(record)
