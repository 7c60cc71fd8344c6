"""Golden tests of the generated reference pages: the data model (from schemas/) and the error codes."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from test_render import golden

from macros.diagnostics import RULES, Rule, Severity
from macros.model import KINDS
from macros.render import rules_reference, schema_reference
from macros.validate import load_schemas

FIXTURE = REPO / "tests" / "fixtures" / "schema_reference"


def fixture_schemas() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE.glob("*.schema.json"))}


def test_schema_reference_golden() -> None:
    golden("schema_reference.md", schema_reference.reference(fixture_schemas(), ["things"]))


def test_fields_follow_refs_into_other_files_and_nest() -> None:
    fields = {f.path: f for f in schema_reference.fields(fixture_schemas(), "things")}
    assert list(fields) == ["id", "colour", "size", "size.value", "size.cite", "seen", "flags", "parts",
                            "parts[].name", "parts[].code"]
    assert fields["id"].description == "Thing id (overrides the shared description)."
    assert fields["id"].example == "abc"  # from the shared definition
    assert fields["size"].type == "object or null" and fields["size"].required
    assert fields["size.cite"].type == "list of text" and fields["size.cite"].required
    assert fields["seen"].type == "date (YYYY, YYYY-MM or YYYY-MM-DD)" and not fields["seen"].required
    assert fields["flags"].type == "true/false or null"
    assert fields["colour"].allowed == ("red", "green", None)
    assert fields["parts[].name"].alternative and fields["parts[].name"].required


def test_a_kind_without_a_schema_is_an_error() -> None:
    with pytest.raises(KeyError, match="no schema for: widgets"):
        schema_reference.reference(fixture_schemas(), ["things", "widgets"])


def _paths(schemas: dict, node: dict, base: str, prefix: str) -> set[str]:
    """Every property path of the real schemas, found independently of the renderer (by brute force)."""
    found: set[str] = set()
    if "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        target = schemas[file or base]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        found |= _paths(schemas, target, file or base, prefix)
    for key in ("oneOf", "anyOf"):
        for alternative in node.get(key, []):
            found |= _paths(schemas, alternative, base, prefix)
    if "items" in node:
        found |= _paths(schemas, node["items"], base, prefix + "[]")
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        found.add(path)
        found |= _paths(schemas, child, base, path)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_real_schemas_is_documented(kind: str) -> None:
    schemas = load_schemas(REPO)
    name = kind + ".schema.json"
    fields = {f.path: f for f in schema_reference.fields(schemas, kind)}
    assert set(fields) == _paths(schemas, schemas[name], name, "")
    for required in schemas[name]["required"]:
        assert fields[required].required, required
    for field in fields.values():
        assert field.description, f"{kind}: {field.path} has no description in the schema"
    page = schema_reference.reference(schemas, KINDS)
    assert f"{{#{kind}}}" in page


def test_rules_reference_golden() -> None:
    rules = [Rule("yaml-tab", Severity.ERROR, "a tab in indentation", "Indent with spaces <only>."),
             Rule("uncited-source", Severity.WARNING, "a source | nothing cites", "Cite it {{ somewhere }}.")]
    golden("rules_reference.md", rules_reference.reference(rules))


def test_every_rule_is_listed_once() -> None:
    page = rules_reference.reference(RULES.values())
    for rule in RULES.values():
        assert page.count(f'<code id="{rule.id}">') == 1
        assert f"| {rule.severity.value} |" in page
