"""The data as files readers can download: JSON per kind, CSL-JSON for sources, CSV tables, an index.

Pure: records and the model in, file contents out. Records keep the fields authors wrote, so each validates
against the published schema once the atlas's `computed` block is set aside; sources are CSL-JSON items.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .. import i18n, messages, vocabulary
from ..model import KINDS, Atlas, Study
from . import bibliography, values
from .links import DATA_DIR, ENTITY_KINDS, entity_src, url_of

#: Files and what they hold, in the order the Data page lists them.
CSV_KINDS = ("therapies", "studies", "registrations")
SCHEMA_DIR = f"{DATA_DIR}/schemas"
INDEX_SCHEMA = "index.download.schema.json"
REFERENCE_FILES = {"bibtex": "sources.bib", "ris": "sources.ris"}  #: the sources for reference managers


def download_schema(kind: str) -> str:
    """The file name (in schemas/) of the schema of data/<kind>.json, beside the content schemas it refers to."""
    return f"{kind}.download.schema.json"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _date_parts(value: str | None) -> dict[str, Any] | None:
    return None if value is None else {"date-parts": [[int(p) for p in value.split("-")]]}


CSL_FIELDS = ("type", "title", "author", "container-title", "container-title-short", "publisher", "volume",
              "issue", "page", "DOI", "PMID", "PMCID", "URL")
ATLAS_SOURCE_FIELDS = ("category", "et_al", "registry_id", "summary", "verified", "quality", "provenance")


def csl_item(record: Mapping[str, Any], site_url: str) -> dict[str, Any]:
    """A source record as a CSL-JSON item; fields CSL lacks go under `custom` (CSL-JSON 1.0.2)."""
    item: dict[str, Any] = {"id": record["id"]}
    for field in CSL_FIELDS:
        if record.get(field) is not None:
            item[field] = record[field]
    for field in ("issued", "accessed"):
        if record.get(field) is not None:
            item[field] = _date_parts(record[field])
    item["custom"] = {f: record[f] for f in ATLAS_SOURCE_FIELDS if f in record}
    item["custom"]["page"] = site_url + url_of(entity_src("sources", record["id"]))
    return item


def computed(atlas: Atlas, kind: str, record_id: str, site_url: str) -> dict[str, Any]:
    """Values the atlas derives from a record (never typed by authors)."""
    out: dict[str, Any] = {}
    if kind in ENTITY_KINDS:
        out["page"] = site_url + url_of(entity_src(kind, record_id))
    if kind == "registrations":
        reg = atlas.registrations[record_id]
        out.update(region=reg.region, region_basis=reg.region_basis)
    if kind == "studies":
        study = atlas.studies[record_id]
        out["region"] = study.region
        out["evidence_level"] = study.evidence.code
        out["evidence_name"] = study.evidence.name
    if kind == "therapies":
        out["studies"] = [s.id for s in atlas.studies_of(record_id)]
    return out


def kind_items(atlas: Atlas, kind: str, records: Sequence[Mapping[str, Any]], site_url: str) -> list[dict[str, Any]]:
    """The items of data/<kind>.json: CSL-JSON items for sources, else the records with their `computed` block."""
    if kind == "sources":
        return [csl_item(r, site_url) for r in records]
    return [{**r, "computed": computed(atlas, kind, r["id"], site_url)} for r in records]


def kind_json(atlas: Atlas, kind: str, records: Sequence[Mapping[str, Any]], site_url: str) -> str:
    """data/<kind>.json: a JSON array of the records of one kind."""
    return _json(kind_items(atlas, kind, records, site_url))


def index_json(atlas: Atlas, commit: str, built: str) -> str:
    """data/index.json: counts per kind, the commit built and the build date, and where each file is."""
    counts = atlas.counts()
    return _json({
        "name": "Diabetes Cell Therapy Atlas",
        "commit": commit,
        "built": built,
        "counts": counts,
        "files": {kind: f"{kind}.json" for kind in KINDS},
        "schemas": {kind: f"schemas/{download_schema(kind)}" for kind in KINDS},  #: each file's own schema
        "record_schemas": {kind: f"schemas/{kind}.schema.json" for kind in KINDS},  #: records as authored
        "index_schema": f"schemas/{INDEX_SCHEMA}",
        "csv": {kind: f"{kind}.csv" for kind in CSV_KINDS},
        "bibliography": dict(REFERENCE_FILES),
    })


def _flag(value: Any) -> str:
    if value is None or value.value is None:
        return "unknown"
    return "yes" if value.value else "no"


THERAPY_CSV: dict[str, Any] = {
    "id": lambda t, a: t.id, "name": lambda t, a: t.name, "short_name": lambda t, a: t.short_name,
    "cell_source": lambda t, a: t.cell_source.text, "origin": lambda t, a: t.origin,
    "cell_type": lambda t, a: t.cell_type, "mechanism": lambda t, a: t.mechanism,
    "delivery_route": lambda t, a: t.delivery_route, "delivery_site": lambda t, a: t.delivery_site or "",
    "immunosuppression": lambda t, a: _flag(t.immunosuppression),
    "diabetes_types": lambda t, a: "; ".join(t.diabetes_types), "stage": lambda t, a: t.stage,
    "regions": lambda t, a: "; ".join(t.regions), "regulatory_status": lambda t, a: t.regulatory_status.text,
    "studies": lambda t, a: len(a.studies_of(t.id)),
    "sources": lambda t, a: "; ".join(a.citations.sources_of("therapies", t.id)),
}


def _participants(s: Study) -> str:
    return "" if s.participants is None else str(s.participants.value)


STUDY_CSV: dict[str, Any] = {
    "id": lambda s, a: s.id, "title": lambda s, a: s.title, "therapy": lambda s, a: s.therapy,
    "therapy_name": lambda s, a: a.therapies[s.therapy].short_name,
    "countries": lambda s, a: "; ".join(vocabulary.country(c) for c in s.countries),
    "region": lambda s, a: vocabulary.STUDY_REGION[s.region], "design": lambda s, a: s.design, "phase": lambda s, a: s.phase or "",
    "control": lambda s, a: s.control, "reported_in": lambda s, a: s.reported_in,
    "participants": lambda s, a: _participants(s),
    "participants_precision": lambda s, a: "" if s.participants is None else s.participants.precision,
    "follow_up_months": lambda s, a: "" if s.follow_up is None else f"{s.follow_up.months:.1f}",
    "follow_up_precision": lambda s, a: "" if s.follow_up is None else s.follow_up.precision,
    "key_outcome": lambda s, a: "" if s.key_outcome is None else f"{s.key_outcome.measure}: {s.key_outcome.result}",
    "deaths": lambda s, a: "" if s.adverse_events is None or s.adverse_events.deaths is None else s.adverse_events.deaths,
    "immunosuppression": lambda s, a: _flag(s.immunosuppression),
    "registry_ids": lambda s, a: "; ".join(s.registry_ids),
    "evidence_level": lambda s, a: s.evidence.code, "evidence_name": lambda s, a: s.evidence.name,
    "design_words": lambda s, a: vocabulary.DESIGN[s.design],
    "sources": lambda s, a: "; ".join(a.citations.sources_of("studies", s.id)),
}


def _opt(value: object) -> object:
    return "" if value is None else value


REGISTRATION_CSV: dict[str, Any] = {
    "id": lambda r, a: r.id, "registry": lambda r, a: r.registry, "registry_id": lambda r, a: r.registry_id,
    "secondary_ids": lambda r, a: "; ".join(r.secondary_ids), "title": lambda r, a: _opt(r.title),
    "diabetes_types": lambda r, a: "; ".join(r.diabetes_types or ()), "cell_type": lambda r, a: _opt(r.cell_type),
    "therapy": lambda r, a: _opt(r.therapy), "phases": lambda r, a: "; ".join(r.phases or ()),
    "status": lambda r, a: _opt(r.status), "enrollment": lambda r, a: _opt(r.enrollment),
    "enrollment_type": lambda r, a: _opt(r.enrollment_type), "start": lambda r, a: _opt(r.start.date),
    "primary_completion": lambda r, a: _opt(r.primary_completion.date),
    "primary_completion_type": lambda r, a: _opt(r.primary_completion.type),
    "sponsor": lambda r, a: _opt(r.sponsor), "sponsor_class": lambda r, a: _opt(r.sponsor_class),
    "countries": lambda r, a: "; ".join(r.countries or ()), "region": lambda r, a: r.region,
    "region_basis": lambda r, a: r.region_basis, "results_posted": lambda r, a: _flag_value(r.results_posted),
    "publications": lambda r, a: "; ".join(r.publications), "verified_fields": lambda r, a: "; ".join(sorted(r.verified)),
    "retrieved": lambda r, a: r.retrieved, "page_kind": lambda r, a: r.page_kind,
}


def _flag_value(value: bool | None) -> str:
    return "" if value is None else "true" if value else "false"


def _csv_safe(value: object) -> str:
    """Text that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def kind_csv(atlas: Atlas, kind: str) -> str:
    """data/<kind>.csv: one row per record, the columns of the comparison tables as plain text (empty = unknown)."""
    columns = {"therapies": THERAPY_CSV, "studies": STUDY_CSV, "registrations": REGISTRATION_CSV}[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in atlas.kind(kind).values():
        writer.writerow(_csv_safe(cell(record, atlas)) for cell in columns.values())
    return buffer.getvalue()


def files(atlas: Atlas, raw: Mapping[str, Sequence[Mapping[str, Any]]], schemas: Mapping[str, str],
          site_url: str, commit: str, built: str) -> dict[str, str]:
    """Every download: docs-relative path -> text. The data is one dataset whichever edition is being built: its
    labels (evidence levels, regions, designs, countries) are the English ones, its texts carry both languages."""
    with messages.speaking(i18n.DEFAULT):
        out = {f"{DATA_DIR}/index.json": index_json(atlas, commit, built)}
        for kind in KINDS:
            items = kind_items(atlas, kind, raw.get(kind, ()), site_url)
            out[f"{DATA_DIR}/{kind}.json"] = _json(items)
            if kind == "sources":
                out[f"{DATA_DIR}/{REFERENCE_FILES['bibtex']}"] = bibliography.bibtex(items)
                out[f"{DATA_DIR}/{REFERENCE_FILES['ris']}"] = bibliography.ris(items)
        for kind in CSV_KINDS:
            out[f"{DATA_DIR}/{kind}.csv"] = kind_csv(atlas, kind)
    for name, text in schemas.items():
        out[f"{SCHEMA_DIR}/{name}"] = text
    return out


DESCRIPTIONS = {
    "index.json": "Counts of records per kind, the commit the site was built from, the build date, and every file "
                  "with its schema.",
    "sources.json": "Every source as CSL-JSON (for reference managers); atlas fields such as `verified` are under `custom`.",
    "sources.bib": "Every source as BibTeX, written from sources.json; fields the atlas has not confirmed are named "
                   "in `annote`.",
    "sources.ris": "Every source as RIS (Zotero, EndNote, Mendeley), written from sources.json; fields the atlas has "
                   "not confirmed are named in its notes.",
    "therapies.json": "Every therapy as written in content/therapies/, plus a `computed` block (page, studies).",
    "studies.json": "Every study as written in content/studies/, plus a `computed` block (page, region, evidence level).",
    "approvals.json": "Every regulatory decision as written in content/approvals/.",
    "claims.json": "Every claim check as written in content/claims/.",
    "glossary.json": "Every glossary term as written in content/glossary/.",
    "exclusions.json": "Every excluded study with its reason, as written in content/exclusions/.",
    "therapies.csv": "The therapy comparison table as plain text, one row per therapy.",
    "studies.csv": "The study table as plain text, one row per study (empty cells are unknown).",
    "registrations.json": "Every trial registration as written in content/registrations/, plus a `computed` block (page, region and what it rests on).",
    "registrations.csv": "The trial finder as plain text, one row per registration (empty cells were not read).",
}


def index_listing(atlas: Atlas, href: Any) -> str:
    """A Markdown table of every download (the Data page); `href(path)` links a file under data/."""
    counts = atlas.counts()
    rows = [messages.header_row("File", "Records", "What it holds")]
    names = ["index.json", *(f"{k}.json" for k in KINDS), *REFERENCE_FILES.values(), *(f"{k}.csv" for k in CSV_KINDS)]
    for name in names:
        kind = name.rsplit(".", 1)[0]
        count = values.uncited("atlas-count", str(counts[kind])) if kind in counts else ""
        rows.append(f"| [{name}]({href(name)}) | {count} | {messages.translate(DESCRIPTIONS[name], 'download')} |")
    schemas = [(INDEX_SCHEMA, messages.translate("The JSON Schema of index.json."))]
    for kind in KINDS:
        generated = messages.translate("The JSON Schema of {kind}.json, as published (generated from "
                                       "{kind}.schema.json).").format(kind=kind)
        schemas.append((download_schema(kind), generated))
        schemas.append((f"{kind}.schema.json", messages.translate(
            "The JSON Schema every {kind} record in content/ is checked against.").format(kind=kind)))
    schemas.append(("common.schema.json", messages.translate("Definitions the schemas share.")))
    rows.extend(f"| [schemas/{name}]({href(f'schemas/{name}')}) | | {what} |" for name, what in schemas)
    return "\n".join(rows)
