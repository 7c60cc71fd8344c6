"""Every JSON download of the built site validates against the schema published beside it (JSON Schema 2020-12),
which data/index.json names; the download schemas are generated from the content schemas, and are not vacuous."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO as ROOT
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from macros.model import KINDS
from macros.render import download_schemas, downloads


def _validators(schemas: dict[str, dict[str, Any]]) -> dict[str, Draft202012Validator]:
    """A validator per schema file; references between the files resolve by file name, as they are published."""
    registry: Registry = Registry().with_resources(
        (name, DRAFT202012.create_resource(schema)) for name, schema in schemas.items())
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    return {name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()}


def _published(site: Path) -> dict[str, Draft202012Validator]:
    folder = site / "data" / "schemas"
    return _validators({p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")})


def _errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator.iter_errors(instance)]


def test_every_json_download_validates_against_its_own_schema(site: Path) -> None:
    data = site / "data"
    validators = _published(site)
    index = json.loads((data / "index.json").read_text(encoding="utf-8"))
    assert not _errors(validators[index["index_schema"].removeprefix("schemas/")], index)
    checked = {"index.json"}
    for kind, name in index["files"].items():
        schema = index["schemas"][kind]
        assert (data / schema).is_file() and schema != index["record_schemas"][kind]
        records = json.loads((data / name).read_text(encoding="utf-8"))
        assert len(records) == index["counts"][kind] > 0 or kind == "exclusions"
        assert not _errors(validators[schema.removeprefix("schemas/")], records), name
        checked.add(name)
    downloads_ = {p.relative_to(data).as_posix() for p in data.glob("*.json")}
    assert downloads_ == checked, "a JSON download without a schema in index.json"
    named = [index["index_schema"], *(path for key in ("files", "schemas", "record_schemas", "csv", "bibliography")
                                      for path in index[key].values())]
    assert all((data / path).is_file() for path in named), [p for p in named if not (data / p).is_file()]


def test_the_record_schemas_describe_the_records_without_their_computed_block(site: Path) -> None:
    """What the Data page says: take `computed` away and each record is a valid record of content/."""
    validators = _published(site)
    for kind in KINDS:
        if kind == "sources":
            continue
        for record in json.loads((site / "data" / f"{kind}.json").read_text(encoding="utf-8")):
            record.pop("computed")
            assert not _errors(validators[f"{kind}.schema.json"], record), (kind, record["id"])


def _content_schemas() -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schemas").glob("*.schema.json")}


def _generated(content: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    texts = {name: json.dumps(schema) for name, schema in content.items()}
    return {name: json.loads(text) for name, text in download_schemas.published(texts).items()}


def test_download_schemas_are_generated_from_the_content_schemas() -> None:
    """A field added to a content schema appears in its download schema: nothing is copied by hand."""
    content = _content_schemas()
    generated = _generated(content)
    for kind in KINDS:
        item = generated[downloads.download_schema(kind)]["items"]
        fields = content[f"{kind}.schema.json"]["properties"]
        if kind == "sources":
            assert set(item["properties"]) == {"id", *downloads.CSL_FIELDS, "issued", "accessed", "custom"}
            assert set(item["properties"]["custom"]["properties"]) == {*downloads.ATLAS_SOURCE_FIELDS, "page"}
            assert {"id", *downloads.CSL_FIELDS, *downloads.ATLAS_SOURCE_FIELDS} <= set(fields)
        else:
            assert set(item["properties"]) == {*fields, "computed"}
    for kind, field in (("studies", "new_field"), ("sources", "summary")):
        changed = copy.deepcopy(content)
        changed[f"{kind}.schema.json"]["properties"][field] = {"type": "string", "maxLength": 7}
        item = _generated(changed)[downloads.download_schema(kind)]["items"]
        props = item["properties"]["custom"]["properties"] if kind == "sources" else item["properties"]
        assert props[field] == {"type": "string", "maxLength": 7}


@pytest.fixture(scope="module")
def generated() -> dict[str, Draft202012Validator]:
    return _validators({**_content_schemas(), **_generated(_content_schemas())})


def test_the_download_schemas_refuse_what_the_downloads_never_hold(site: Path,
                                                                   generated: dict[str, Draft202012Validator]) -> None:
    studies = json.loads((site / "data" / "studies.json").read_text(encoding="utf-8"))
    sources = json.loads((site / "data" / "sources.json").read_text(encoding="utf-8"))
    study, source = studies[0], sources[0]
    check = generated[downloads.download_schema("studies")]
    assert not _errors(check, [study])
    broken = [
        {k: v for k, v in study.items() if k != "computed"},
        {**study, "unknown": 1},
        {**study, "computed": {**study["computed"], "evidence_level": "L9"}},
        {**study, "computed": {**study["computed"], "extra": True}},
    ]
    for record in broken:
        assert _errors(check, [record]), record.keys()
    check = generated[downloads.download_schema("sources")]
    assert not _errors(check, [source])
    for item in ({**source, "title": None}, {**source, "custom": {}}, {**source, "issued": "2020"},
                 {k: v for k, v in source.items() if k != "type"}, {**source, "note": "x"}):
        assert _errors(check, [item]), item


def test_the_downloads_and_their_schemas_are_english_in_the_chinese_pass(site: Path) -> None:
    """One dataset whichever edition is being built: made while the Chinese pass is under way (as the Chinese pages'
    words are), the downloads and their schemas are still the English ones."""
    from macros import messages
    from macros.pipeline import load_atlas_cached

    result = load_atlas_cached(ROOT)
    texts = {name: json.dumps(schema) for name, schema in _content_schemas().items()}
    english = download_schemas.published(texts), downloads.files(result.atlas, result.data, {}, "/", "c", "2026-01-01")
    with messages.speaking("zh"):
        assert messages.translate("Randomised controlled trial", "evidence-level") == "随机对照试验"
        chinese = download_schemas.published(texts), downloads.files(result.atlas, result.data, {}, "/", "c", "2026-01-01")
    assert chinese == english
