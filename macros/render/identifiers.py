"""Identifiers in free text (DOIs, PMIDs, PMCIDs, registry ids) and the ones the atlas has confirmed. A page shows
an identifier only once a record confirms it: a source that lists it in `verified`, or a registration whose
`verified_fields` name its id (tests/test_content_site.py scans the built site for any other)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Atlas

Identifier = tuple[str, str]  #: (kind, value): ("DOI", "10.1/x"), ("registry_id", "NCT01234567") ...

_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (  # kind, pattern, the group holding the value
    # a DOI: printable ASCII but " & ' < > (so it ends where markup or non-ASCII text begins)
    ("DOI", re.compile(r"\b10\.\d{4,9}/[!#-%(-;=?-~]+", re.IGNORECASE), 0),
    ("registry_id", re.compile(r"\b(NCT\d{8}|ChiCTR\d{10}|ChiCTR-[A-Z]{2,5}-\d{8})\b"), 1),
    ("PMCID", re.compile(r"\bPMC\d{5,9}\b"), 0),
    ("PMID", re.compile(r"(?:PMID\W{0,40}?|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{6,9})\b",
                        re.IGNORECASE), 1),
)


def _trimmed(kind: str, value: str) -> str:
    """A DOI without the punctuation that ends the sentence around it."""
    return value.rstrip(".,;:)") if kind == "DOI" else value


def _key(kind: str, value: str) -> Identifier:
    return (kind, _trimmed(kind, value).lower()) if kind == "DOI" else (kind, value)


def confirmed(atlas: Atlas) -> frozenset[Identifier]:
    """Every identifier a source or a registration confirms."""
    out: set[Identifier] = set()
    for source in atlas.sources.values():
        for kind, value in (("DOI", source.doi), ("PMID", source.pmid), ("PMCID", source.pmcid),
                            ("registry_id", source.registry_id)):
            if value is not None and source.confirmed(kind):
                out.add(_key(kind, value))
    for reg in atlas.registrations.values():
        if reg.confirmed("registry_id"):
            out.add(("registry_id", reg.registry_id))
        if reg.confirmed("secondary_ids"):
            out |= {("registry_id", r) for r in reg.secondary_ids}
    return frozenset(out)


def spans(text: str) -> Iterator[tuple[int, int, Identifier]]:
    """(start, end, identifier) of each identifier's value in `text`, in order, not overlapping."""
    found = sorted((m.start(group), m.start(group) + len(_trimmed(kind, m.group(group))), _key(kind, m.group(group)))
                   for kind, pattern, group in _PATTERNS for m in pattern.finditer(text))
    end = 0
    for start, stop, ident in found:
        if start >= end:
            yield start, stop, ident
            end = stop


def unconfirmed(text: str, known: frozenset[Identifier]) -> set[Identifier]:
    """The identifiers in `text` that no record confirms."""
    return {ident for _, _, ident in spans(text) if ident not in known}
