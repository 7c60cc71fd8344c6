"""A registration's id is its registry id folded, its statuses are in its registry's vocabulary, it confirms
only fields that have a value, and a trial registered twice names each record from the other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic
from ..registries import fold_id, status_problem
from .index import RecordIndex

RULES = ("registration-id", "registration-status", "registration-verified-null", "registration-secondary")


def verified_value(data: dict[str, Any], field: str) -> Any:
    """The value a `verified_fields` entry names: 'start' is the date, 'start.type' the type."""
    name, _, part = field.partition(".")
    value = data.get(name)
    if isinstance(value, dict):
        return value.get(part or {"enrollment": "count", "sponsor": "name"}.get(name, "date"))
    return value


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    records = list(index.records("registrations"))
    by_registry_id = {r.data["registry_id"]: r for r in records}
    for record in records:
        data = record.data
        if fold_id(data["registry_id"]) != record.id:
            yield record.diagnostic(("registry_id",), "registration-id",
                                    f"registry id {data['registry_id']!r} folds to '{fold_id(data['registry_id'])}', "
                                    f"not to the record's id '{record.id}'")
        statuses = [(("status",), data["status"])] + [
            (("status_history", i, "status"), h["status"]) for i, h in enumerate(data["status_history"])
        ]
        for where, status in statuses:
            if status is not None and (problem := status_problem(data["registry"], status)):
                yield record.diagnostic(where, "registration-status", problem)
        for i, field in enumerate(data["provenance"]["verified_fields"]):
            if verified_value(data, field) is None:
                yield record.diagnostic(("provenance", "verified_fields", i), "registration-verified-null",
                                        f"'{field}' is verified but has no value")
        for i, other_id in enumerate(data["secondary_ids"]):
            other = by_registry_id.get(other_id)
            if other_id == data["registry_id"]:
                yield record.diagnostic(("secondary_ids", i), "registration-secondary",
                                        f"{other_id} is this record's own registry id")
            elif other is not None and data["registry_id"] not in other.data["secondary_ids"]:
                yield record.diagnostic(("secondary_ids", i), "registration-secondary",
                                        f"{other_id} has a record ({other.path}) that does not name "
                                        f"{data['registry_id']} back in its secondary_ids")
