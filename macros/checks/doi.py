"""A DOI never ends in the punctuation that followed it in running text (a full stop, comma, bracket…)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("doi-punctuation",)

TRAILING = ".,;:!?'\""
CLOSING = {")": "(", "]": "["}  #: a closing bracket is punctuation only when it closes nothing in the DOI


def trailing_punctuation(doi: str) -> bool:
    last = doi[-1:]
    if last in CLOSING:
        return doi.count(last) > doi.count(CLOSING[last])
    return last != "" and last in TRAILING


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for source in index.records("sources"):
        doi = source.data.get("DOI")
        if isinstance(doi, str) and trailing_punctuation(doi):
            yield source.diagnostic(("DOI",), "doi-punctuation", f"DOI {doi!r} ends in {doi[-1]!r}")
