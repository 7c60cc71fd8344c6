"""Dates that cannot be true: after the year the site is built, or a study published before it started."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..history import build_date
from .index import RecordIndex

RULES = ("date-future", "date-order")

#: The date fields of each kind that record something that has already happened
DATE_FIELDS = {"sources": ("issued", "accessed"), "studies": ("started", "published"), "approvals": ("date",)}


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    year = build_date()[:4]  # SOURCE_DATE_EPOCH when set: a rebuild of an old commit judges by its own year
    for kind, names in DATE_FIELDS.items():
        for record in index.records(kind):
            for name in names:
                value = record.data.get(name)
                if isinstance(value, str) and value[:4] > year:
                    yield record.diagnostic((name,), "date-future", f"{name} {value} is after {year}, the build year")
    for study in index.records("studies"):
        started, published = study.data.get("started"), study.data.get("published")
        if isinstance(started, str) and isinstance(published, str):
            shared = min(len(started), len(published))  # compare at the precision both have: 2021 vs 2021-03 agree
            if published[:shared] < started[:shared]:
                yield study.diagnostic(("published",), "date-order",
                                       f"published {published}, before the study started ({started})")
