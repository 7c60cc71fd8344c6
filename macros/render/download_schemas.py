"""JSON Schemas (draft 2020-12) of the JSON downloads as they are, generated from the content schemas.

A content schema (schemas/<kind>.schema.json) describes a record as authors write it and forbids any other field;
a download adds what the atlas computes (`computed`) or, for sources, is a CSL-JSON item with the atlas's fields
under `custom`. Each download schema is derived from its kind's content schema, so the two cannot drift apart.
They are published beside the content schemas (data/schemas/), whose shared definitions they reference.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from .. import i18n, messages, vocabulary
from ..evidence import LEVELS
from ..model import KINDS
from .downloads import ATLAS_SOURCE_FIELDS, CSL_FIELDS, CSV_KINDS, INDEX_SCHEMA, REFERENCE_FILES, download_schema
from .links import ENTITY_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ID = {"$ref": "common.schema.json#/$defs/id"}
_PAGE = {"type": "string", "format": "uri", "description": "The address of the record's page on the site."}
_DATE_PARTS = {
    "type": "object", "additionalProperties": False, "required": ["date-parts"],
    "description": "A CSL date: [[year, month, day]], as far as known.",
    "properties": {"date-parts": {"type": "array", "minItems": 1, "maxItems": 1, "items": {
        "type": "array", "minItems": 1, "maxItems": 3, "items": {"type": "integer", "minimum": 1}}}},
}


def computed_schema(kind: str) -> dict[str, Any]:
    """The `computed` block that downloads.computed adds to a record of `kind`."""
    properties: dict[str, Any] = {}
    if kind in ENTITY_KINDS:
        properties["page"] = _PAGE
    if kind == "studies":
        properties["region"] = {"enum": list(vocabulary.STUDY_REGION), "description": "Derived from the countries."}
        properties["evidence_level"] = {"enum": [level.code for level in LEVELS]}
        properties["evidence_name"] = {"enum": [level.name for level in LEVELS]}
    if kind == "registrations":
        properties["region"] = {"enum": list(vocabulary.REGISTRATION_REGION),
                                "description": "From the sites' countries, else the sponsor's, else the registry."}
        properties["region_basis"] = {"enum": list(vocabulary.REGION_BASIS), "description": "What the region rests on."}
    if kind == "therapies":
        properties["studies"] = {"type": "array", "items": _ID, "description": "Ids of the studies of the therapy."}
    return {"type": "object", "additionalProperties": False, "required": list(properties), "properties": properties,
            "description": "Values the atlas computes from the record; never typed by authors."}


def _nullable(schema: Mapping[str, Any]) -> bool:
    return {"type": "null"} in schema.get("oneOf", ())


def _without_null(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A property schema without its `null` branch: a download leaves unknown CSL fields out instead."""
    if not _nullable(schema):
        return dict(schema)
    rest = [branch for branch in schema["oneOf"] if branch != {"type": "null"}]
    out = {k: v for k, v in schema.items() if k not in ("oneOf", "examples")}
    return {**out, **rest[0]} if len(rest) == 1 else {**out, "oneOf": rest}


def _record(kind: str, content: Mapping[str, Any]) -> dict[str, Any]:
    record = {k: copy.deepcopy(v) for k, v in content.items() if k != "$schema"}
    record["properties"]["computed"] = computed_schema(kind)
    record["required"] = [*record["required"], "computed"]
    return record


def _csl_item(content: Mapping[str, Any]) -> dict[str, Any]:
    fields, required = content["properties"], set(content["required"])
    properties: dict[str, Any] = {"id": copy.deepcopy(fields["id"])}
    properties.update({f: _without_null(copy.deepcopy(fields[f])) for f in CSL_FIELDS})
    properties.update({f: {**_DATE_PARTS, "description": fields[f]["description"]} for f in ("issued", "accessed")})
    custom = {f: copy.deepcopy(fields[f]) for f in ATLAS_SOURCE_FIELDS}
    properties["custom"] = {
        "type": "object", "additionalProperties": False, "description": "The atlas's fields, which CSL lacks.",
        "required": [*(f for f in ATLAS_SOURCE_FIELDS if f in required), "page"],
        "properties": {**custom, "page": _PAGE},
    }
    return {
        "title": "Source (CSL-JSON item)", "type": "object", "additionalProperties": False,
        "description": "A source as a CSL-JSON item: fields the atlas does not know are left out.",
        "required": [f for f in properties if f in required and not _nullable(fields[f])] + ["custom"],
        "properties": properties,
    }


def kind_schema(kind: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """The schema of data/<kind>.json, from the content schema of `kind`."""
    item = _csl_item(content) if kind == "sources" else _record(kind, content)
    return {"$schema": DRAFT, "title": f"data/{kind}.json",
            "description": f"Every {kind} record as published; the authored form is {kind}.schema.json.",
            "type": "array", "items": item}


def _map(keys: tuple[str, ...], value: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(keys),
            "properties": {k: dict(value) for k in keys}}


def index_schema() -> dict[str, Any]:
    """The schema of data/index.json (downloads.index_json)."""
    path = {"type": "string", "pattern": r"^[a-z0-9/._-]+$"}
    return {
        "$schema": DRAFT, "title": "data/index.json", "type": "object", "additionalProperties": False,
        "description": "What the data folder holds: counts, the commit and date of the build, and every file.",
        "required": ["name", "commit", "built", "counts", "files", "schemas", "record_schemas", "index_schema",
                     "csv", "bibliography"],
        "properties": {
            "name": {"type": "string"},
            "commit": {"type": "string", "pattern": "^([0-9a-f]{40}|unknown)$"},
            "built": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
            "counts": _map(KINDS, {"type": "integer", "minimum": 0}),
            "files": _map(KINDS, path), "schemas": _map(KINDS, path), "record_schemas": _map(KINDS, path),
            "index_schema": path, "csv": _map(CSV_KINDS, path), "bibliography": _map(tuple(REFERENCE_FILES), path),
        },
    }


def published(content: Mapping[str, str]) -> dict[str, str]:
    """File name -> text of every download schema; `content` maps the content schemas' file names to their text.
    The labels they list are English, as the downloads' are (downloads.files)."""
    with messages.speaking(i18n.DEFAULT):
        out = {download_schema(kind): kind_schema(kind, json.loads(content[f"{kind}.schema.json"])) for kind in KINDS}
        out[INDEX_SCHEMA] = index_schema()
    return {file: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for file, schema in out.items()}
