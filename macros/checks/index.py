"""Records grouped by kind, with the lookups that cross-file rules share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..load import Record


@dataclass(frozen=True)
class RecordIndex:
    """Schema-valid records by kind, in file order, and the ids of every loaded record.

    Rules check only schema-valid records, but look ids up among all loaded ones, so that one record failing its
    schema does not make every reference to it fail too.
    """

    by_kind: dict[str, list[Record]]
    loaded_ids: dict[str, set[str]]

    @classmethod
    def of(
        cls, valid: list[Record], loaded: list[Record], kinds: list[str], unreadable: set[tuple[str, str]] = frozenset()
    ) -> RecordIndex:
        """`unreadable` holds (kind, file stem) of files that failed to load: their ids count as known."""
        by_kind: dict[str, list[Record]] = {kind: [] for kind in kinds}
        for record in valid:
            by_kind[record.kind].append(record)
        loaded_ids: dict[str, set[str]] = {kind: set() for kind in kinds}
        for record in loaded:
            if record.id is not None:
                loaded_ids[record.kind].add(record.id)
        for kind, stem in unreadable:
            loaded_ids[kind].add(stem)
        return cls(by_kind, loaded_ids)

    def records(self, kind: str | None = None) -> Iterator[Record]:
        if kind is not None:
            yield from self.by_kind.get(kind, [])
            return
        for items in self.by_kind.values():
            yield from items

    def ids(self, kind: str) -> set[str]:
        """Ids of every loaded record of `kind`, valid or not."""
        return self.loaded_ids.get(kind, set())
