"""Meta-tests: the schemas are complete and self-documenting, and every content file has one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO

from macros.load import SCHEMA_SUFFIX, SHARED_SCHEMAS, discover_kinds, modeline
from macros.model import KINDS

SCHEMA_FILES = sorted((REPO / "schemas").glob(f"*{SCHEMA_SUFFIX}"))


def objects(schema: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that declares properties (not the if/then of a conditional, which only refines them)."""
    if isinstance(schema, dict):
        if "properties" in schema:
            yield where, schema
        for key, value in schema.items():
            if key not in ("if", "then", "else"):
                yield from objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from objects(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema.get("description")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_object_is_closed_and_every_property_documented(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    found = list(objects(schema))
    assert found or path.name == "common.schema.json"
    for where, obj in found:
        assert obj.get("additionalProperties") is False, f"{path.name} {where}: additionalProperties must be false"
        for name, prop in obj["properties"].items():
            target = _target(prop["$ref"], path.name) if "$ref" in prop else {}
            assert prop.get("description") or target.get("description"), f"{path.name} {where}/{name}: no description"
            assert "examples" in prop or "examples" in target, f"{path.name} {where}/{name}: no example"


def _target(ref: str, base: str) -> dict[str, Any]:
    """The subschema a $ref points to (in another schema file, or in `base` itself)."""
    file, _, pointer = ref.partition("#")
    file = file or base
    schema = json.loads((REPO / "schemas" / file).read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        schema = schema[part]
    return schema


def test_kinds_folders_and_schemas_agree() -> None:
    folders = {p.name for p in (REPO / "content").iterdir() if p.is_dir()}
    assert discover_kinds(REPO) == sorted(KINDS)
    assert folders <= set(KINDS), f"folders without a schema: {folders - set(KINDS)}"
    assert {p.name[: -len(SCHEMA_SUFFIX)] for p in SCHEMA_FILES} == set(KINDS) | SHARED_SCHEMAS


def test_every_content_file_has_a_schema_and_its_modeline() -> None:
    files = [p for p in (REPO / "content").rglob("*") if p.is_file()]
    assert files
    for path in files:
        kind = path.parent.name
        assert (REPO / "schemas" / f"{kind}{SCHEMA_SUFFIX}").is_file(), path
        assert path.read_text(encoding="utf-8").split("\n", 1)[0] == modeline(kind), path
