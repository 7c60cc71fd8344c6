"""A claim's verdict rests on evidence, never on the articles that make the claim or on low-quality sources."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("claim-evidence-context",)


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    low = {source.id for source in index.records("sources") if source.data.get("quality") == "low"}
    for claim in index.records("claims"):
        context = set((claim.data.get("context") or {}).get("cite", []))
        for i, source_id in enumerate(claim.data.get("cite", [])):
            if source_id in context:
                why = "is listed in its context (an article making the claim)"
            elif source_id in low:
                why = "is a low-quality source"
            else:
                continue
            yield claim.diagnostic(("cite", i), "claim-evidence-context", f"evidence '{source_id}' {why}")
