"""Records grouped by kind, with the lookups that cross-file rules share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import Record, Where


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
