"""No record takes an id whose page the site writes by hand: `<kind>/index.md` is the listing of the kind."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("id-reserved",)

RESERVED_IDS = frozenset({"index"})


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for record in index.records():
        if record.id in RESERVED_IDS:
            yield record.diagnostic(("id",), "id-reserved", f"'{record.id}' is reserved: content/{record.kind}/"
                                    f"{record.id}.yaml would lose its page to docs/{record.kind}/{record.id}.md")
