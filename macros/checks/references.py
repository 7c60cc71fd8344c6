"""References between records (a study's therapy, a claim's studies, a term's see-also) resolve."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("unknown-reference",)

#: (kind, field) -> the kind it refers to. A list field refers with each item; null means "none".
REFERENCES: dict[tuple[str, str], str] = {
    ("studies", "therapy"): "therapies",
    ("approvals", "therapy"): "therapies",
    ("claims", "studies"): "studies",
    ("glossary", "see_also"): "glossary",
    ("exclusions", "study"): "studies",
}


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for (kind, field), target in REFERENCES.items():
        known = index.ids(target)
        for record in index.records(kind):
            value = record.data.get(field)
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                if item is not None and item not in known:
                    where = (field,) if i is None else (field, i)
                    yield record.diagnostic(where, "unknown-reference", f"{field} '{item}' matches no record in {target}")
