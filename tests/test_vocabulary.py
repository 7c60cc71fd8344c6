"""One vocabulary: every value every schema enumerates has exactly one reader-facing label, and no label names a
value (or an enum, or a schema) that no schema has."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from macros import vocabulary
from macros.load import SCHEMA_SUFFIX

SCHEMAS = sorted((Path(__file__).resolve().parent.parent / "schemas").glob(f"*{SCHEMA_SUFFIX}"))


def _enums() -> dict[tuple[str, str], tuple[object, ...]]:
    found: dict[tuple[str, str], tuple[object, ...]] = {}
    for path in SCHEMAS:
        schema = path.name.removesuffix(SCHEMA_SUFFIX)
        for name, values in vocabulary.schema_enums(json.loads(path.read_text(encoding="utf-8"))):
            assert (schema, name) not in found or found[(schema, name)] == values, f"{schema}.{name} is ambiguous"
            found[(schema, name)] = values
    return found


ENUMS = _enums()


@pytest.mark.parametrize(("schema", "enum"), sorted(ENUMS), ids=lambda v: str(v))
def test_every_value_of_every_enum_has_exactly_one_label(schema: str, enum: str) -> None:
    labels = vocabulary.VOCABULARY.get(schema, {}).get(enum)
    assert labels is not None, f"schemas/{schema}{SCHEMA_SUFFIX} enum {enum!r} has no labels in macros/vocabulary.py"
    values = ENUMS[(schema, enum)]
    missing = [v for v in values if v not in labels]
    extra = [v for v in labels if v not in values]
    assert not missing, f"{schema}.{enum}: no label for {missing}"
    assert not extra, f"{schema}.{enum}: labels for values no schema has: {extra}"
    assert all(isinstance(text, str) and text.strip() for text in labels.values()), f"{schema}.{enum}: empty label"
    assert len(set(labels.values())) == len(labels), f"{schema}.{enum}: two values share a label"
    assert tuple(labels) == values, f"{schema}.{enum}: list the labels in the schema's order (tables follow it)"


def test_meanings_explain_labelled_values() -> None:
    assert list(vocabulary.MEANINGS["verdict"]) == list(vocabulary.VERDICT)
    assert list(vocabulary.MEANINGS["origin"]) == list(vocabulary.ORIGIN)


def test_no_label_for_an_enum_no_schema_has() -> None:
    declared = {(schema, enum) for schema, enums in vocabulary.VOCABULARY.items() for enum in enums}
    assert declared - set(ENUMS) == set()


def test_the_schemas_do_enumerate_values() -> None:
    """The walk finds the enums (a walk that found none would make the tests above pass vacuously)."""
    assert ENUMS[("studies", "design")][0] == "case-report"
    assert ("common", "duration.unit") in ENUMS and ("therapies", "regions") in ENUMS


def test_a_missing_label_is_an_error_naming_the_vocabulary() -> None:
    with pytest.raises(KeyError, match="macros/vocabulary.py"):
        vocabulary.label("studies", "design", "no-such-design")


def test_enum_names() -> None:
    assert vocabulary.enum_name(("properties", "design")) == "design"
    assert vocabulary.enum_name(("properties", "regions", "items")) == "regions"
    assert vocabulary.enum_name(("$defs", "duration", "oneOf", 1, "properties", "unit")) == "duration.unit"
    assert vocabulary.enum_name(("properties", "properties", "enum")) == "properties"


RENDERERS = sorted((Path(__file__).resolve().parent.parent / "macros" / "render").glob("*.py")) + [
    Path(__file__).resolve().parent.parent / "macros" / "generate.py"]


def test_no_renderer_spells_a_label_itself() -> None:
    """Renderers show enumerated values through the vocabulary: none turns a value into words itself, and none
    holds a copy of a label of several words (a second spelling that could drift from the first)."""
    labels = {text for enums in vocabulary.VOCABULARY.values() for labels in enums.values() for text in labels.values()
              if " " in text} | set(vocabulary.STUDY_REGION.values()) - set(vocabulary.REGION.values())
    fields = {name.rsplit(".", 1)[-1] for enums in vocabulary.VOCABULARY.values() for name in enums}
    names = "|".join(sorted(fields))
    reformatted = re.compile(rf"\.({names})\.(replace|title|capitalize)\(")
    for path in RENDERERS:
        source = path.read_text(encoding="utf-8")
        assert not reformatted.search(source), f"{path.name} turns an enum value into words itself"
        copies = sorted(label for label in labels if f'"{label}"' in source or f"'{label}'" in source)
        assert not copies, f"{path.name} spells {copies}: use macros/vocabulary.py"
