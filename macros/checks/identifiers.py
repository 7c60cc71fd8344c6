"""A source shows an identifier only once it is confirmed, and confirms only fields that have a value."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("identifier-unverified", "verified-null")

IDENTIFIERS = ("DOI", "PMID", "PMCID", "registry_id")


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for source in index.records("sources"):
        data = source.data
        verified = data.get("verified", [])
        for name in IDENTIFIERS:
            if data.get(name) is not None and name not in verified:
                yield source.diagnostic(
                    (name,), "identifier-unverified", f"{name} {data[name]!r} is not listed in 'verified'"
                )
        for i, name in enumerate(verified):
            if data.get(name) is None:
                yield source.diagnostic(("verified", i), "verified-null", f"'{name}' is verified but has no value")
