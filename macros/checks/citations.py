"""Every citation names a source record."""

from __future__ import annotations

from collections.abc import Iterator

from ..citations import citations
from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("unknown-source",)


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    known = index.ids("sources")
    for record in index.records():
        for where, source_id in citations(record.data):
            if source_id not in known:
                yield record.diagnostic(where, "unknown-source", f"citation '{source_id}' matches no source")
