"""Every source is cited somewhere (a warning: an orphan is not wrong, but it is probably forgotten)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex, citations

RULES = ("uncited-source",)


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    cited = {source_id for record in index.records() for _, source_id in citations(record.data)}
    for source in index.records("sources"):
        if source.id not in cited:
            yield source.diagnostic(("id",), "uncited-source", f"source '{source.id}' is never cited")
