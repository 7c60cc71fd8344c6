"""A study's registry ids follow the identifier rule: each is confirmed by a source the study cites."""

from __future__ import annotations

from collections.abc import Iterator

from ..citations import citations
from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("registry-id-unconfirmed",)


def confirmed_registry_ids(index: RecordIndex) -> dict[str, str]:
    """Source id -> the registry id it confirms (filled in and listed in its 'verified')."""
    return {
        source.id: source.data["registry_id"]
        for source in index.records("sources")
        if source.id is not None and source.data.get("registry_id") and "registry_id" in source.data.get("verified", [])
    }


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    """A study citing a source that failed its schema is not judged: that source may be the one confirming the id."""
    confirmed = confirmed_registry_ids(index)
    valid = {source.id for source in index.records("sources")}
    for study in index.records("studies"):
        sources = {source_id for _, source_id in citations(study.data)}
        if sources & index.ids("sources") - valid:
            continue
        cited = {confirmed.get(source_id) for source_id in sources}
        for i, registry_id in enumerate(study.data.get("registry_ids", [])):
            if registry_id not in cited:
                yield study.diagnostic(
                    ("registry_ids", i), "registry-id-unconfirmed",
                    f"registry id {registry_id!r} is confirmed by none of the sources this study cites",
                )
