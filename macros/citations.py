"""Who cites what: the one walker of citations, and the index built from it.

`citations()` finds every source id under a `cite` key of a record as authors wrote it, with its position (for
diagnostics). `CitationIndex` holds, for every record, the sources it cites in order of first citation, and for
every source the records citing it; the cross-file checks (unknown and orphan sources) and the model (the
`Atlas.citations` every renderer reads) build it from the same walk. Which page cites a source, under which
footnote number, is known while a page renders (`render.citations.PageCitations.cited`): `footnotes()` numbers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .load import Where

RecordKey = tuple[str, str]  #: (kind, id)


def citations(data: Any, where: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every (position path, source id) under a `cite` key, however deep, in document order."""
    found: list[tuple[Where, str]] = []
    _collect(data, where, found)
    return iter(found)


def _collect(data: Any, where: Where, found: list[tuple[Where, str]]) -> None:
    # a list rather than nested generators: `yield from` costs every item once per level of nesting
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "cite" and isinstance(value, list):
                found.extend((where + (key, i), item) for i, item in enumerate(value) if isinstance(item, str))
            elif isinstance(value, (dict, list)):
                _collect(value, where + (key,), found)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, (dict, list)):
                _collect(item, where + (i,), found)


@dataclass(frozen=True)
class CitationIndex:
    """The sources each record cites (in order of first citation) and the records citing each source (in file
    order, kinds in the order given)."""

    by_record: Mapping[RecordKey, tuple[str, ...]]
    by_source: Mapping[str, tuple[RecordKey, ...]]

    @classmethod
    def of(cls, records: Iterable[tuple[str, Mapping[str, Any]]]) -> CitationIndex:
        """From (kind, data) of every record."""
        by_record: dict[RecordKey, tuple[str, ...]] = {}
        by_source: dict[str, dict[RecordKey, None]] = {}
        for kind, data in records:
            key = (kind, str(data.get("id")))
            cited = tuple(dict.fromkeys(source_id for _, source_id in citations(data)))
            by_record[key] = cited
            for source_id in cited:
                by_source.setdefault(source_id, {})[key] = None
        return cls(MappingProxyType(by_record),
                   MappingProxyType({sid: tuple(keys) for sid, keys in by_source.items()}))

    def sources_of(self, kind: str, record_id: str) -> tuple[str, ...]:
        return self.by_record.get((kind, record_id), ())

    def cited_by(self, source_id: str, kinds: Sequence[str] | None = None) -> tuple[RecordKey, ...]:
        """The records citing a source, only those of `kinds` when given."""
        found = self.by_source.get(source_id, ())
        return found if kinds is None else tuple(key for key in found if key[0] in kinds)

    def is_cited(self, source_id: str) -> bool:
        return source_id in self.by_source


def footnotes(cited: Sequence[str]) -> dict[str, int]:
    """Source id -> footnote number on a page that cites `cited` in this order (numbered in order of first use)."""
    return {source_id: number for number, source_id in enumerate(cited, 1)}
