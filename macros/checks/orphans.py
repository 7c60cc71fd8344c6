"""Every source is cited somewhere (a warning: an orphan is not wrong, but it is probably forgotten)."""

from __future__ import annotations

from collections.abc import Iterator

from ..citations import CitationIndex
from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("uncited-source",)


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    cited = CitationIndex.of((record.kind, record.data) for record in index.records())
    for source in index.records("sources"):
        if not cited.is_cited(source.id):
            yield source.diagnostic(("id",), "uncited-source", f"source '{source.id}' is never cited")
