"""A fresh reading of a study merged into the record already held, keeping what people curated.

The sync owns the registry's values and the provenance of ClinicalTrials.gov records. It never writes the curated
fields, never rewrites its own first classification (diabetes types, cell type) once a record exists, only adds
secondary ids, and appends to the status history when the status changes. A record the sync wrote whose values are
unchanged is returned as it was (its retrieval date included), so a second run changes nothing; a record curated
from other pages gets the registry's provenance the first time the sync reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import classify
from .client import API
from .mapping import DATE_FIELDS, verified_fields

CURATED = ("therapy", "publications", "notes", "excluded", "sponsor_country")
#: The order fields are written in (the schema's); fields of a held record keep their own order.
ORDER = ("id", "registry", "registry_id", "secondary_ids", "title", "official_title", "conditions", "diabetes_types",
         "intervention", "cell_type", "therapy", "phases", "status", "enrollment", "start", "primary_completion",
         "completion", "sponsor", "sponsor_country", "countries", "sites", "results_posted", "last_update_posted",
         "publications", "status_history", "provenance", "notes", "excluded")


@dataclass(frozen=True)
class Delta:
    """What one merge changed."""

    id: str
    new: bool = False
    changed: bool = False
    status: tuple[str | None, str] | None = None  #: (before, after) when the status changed
    dates: tuple[tuple[str, str, str], ...] = field(default=())  #: (field, before, after) as text


def merge(held: dict[str, Any] | None, fields: dict[str, Any], today: str) -> tuple[dict[str, Any], Delta]:
    """The record to write and what changed; `today` is the date of the run (YYYY-MM-DD)."""
    seen = {"status": fields["status"], "date": today, "source": "sync"}
    if held is None:
        texts = [*(fields["conditions"] or []), fields["title"]]
        record = {
            **fields,
            "diabetes_types": classify.diabetes_types(texts),
            "cell_type": classify.cell_type(fields["intervention"], fields["title"]),
            "therapy": None,
            "publications": [],
            "status_history": [seen],
            "provenance": _provenance(fields, fields["secondary_ids"], today),
        }
        return _ordered(record, ()), Delta(fields["id"], new=True, changed=True, status=(None, fields["status"]))
    kept = list(held.get("secondary_ids") or [])
    updates = {**fields, "secondary_ids": kept + [i for i in fields["secondary_ids"] if i not in kept]}
    if is_synced(held) and all(held.get(key) == value for key, value in updates.items()):
        return held, Delta(fields["id"])
    record = {**held, **updates, "provenance": _provenance(fields, updates["secondary_ids"], today)}
    status = None
    if held.get("status") != fields["status"]:
        status = (held.get("status"), fields["status"])
        record["status_history"] = [*held.get("status_history", []), seen]
    dates = tuple(
        (name, _shown(held.get(name)), _shown(fields[name]))
        for name in DATE_FIELDS if held.get(name) != fields[name]
    )
    return _ordered(record, tuple(held)), Delta(fields["id"], changed=True, status=status, dates=dates)


def _provenance(fields: dict[str, Any], secondary_ids: list[str], today: str) -> dict[str, Any]:
    """Read today on the study's API record; the secondary ids are verified when all of them were read there."""
    verified = verified_fields(fields)
    if secondary_ids and secondary_ids == fields["secondary_ids"]:
        verified.insert(1, "secondary_ids")
    return {
        "retrieved": today,
        "read_on": [study_url(fields["registry_id"])],
        "page_kind": "registry",
        "verified_fields": verified,
    }


def study_url(registry_id: str) -> str:
    """Where the sync reads a study: its record in API v2."""
    return f"{API}/{registry_id}"


def is_synced(record: dict[str, Any]) -> bool:
    """Whether the record was last written by the sync (rather than curated from other pages)."""
    provenance = record.get("provenance") or {}
    return provenance.get("page_kind") == "registry" and provenance.get("read_on") == [study_url(record["registry_id"])]


def _shown(value: Any) -> str:
    if not isinstance(value, dict) or value.get("date") is None:
        return "none"
    return value["date"] + (f" ({value['type'].lower()})" if value.get("type") else "")


def _ordered(record: dict[str, Any], held_order: tuple[str, ...]) -> dict[str, Any]:
    keys = [*held_order, *(k for k in ORDER if k not in held_order), *(k for k in record if k not in ORDER)]
    return {k: record[k] for k in dict.fromkeys(keys) if k in record}
