"""Records grouped by kind, with the lookups that cross-file rules share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import Record, Where


@dataclass(frozen=True)
class RecordIndex:
    """Schema-valid records by kind, in file order."""

    by_kind: dict[str, list[Record]]

    @classmethod
    def of(cls, records: list[Record], kinds: list[str]) -> RecordIndex:
        by_kind: dict[str, list[Record]] = {kind: [] for kind in kinds}
        for record in records:
            by_kind[record.kind].append(record)
        return cls(by_kind)

    def records(self, kind: str | None = None) -> Iterator[Record]:
        if kind is not None:
            yield from self.by_kind.get(kind, [])
            return
        for items in self.by_kind.values():
            yield from items

    def ids(self, kind: str) -> set[str]:
        return {r.id for r in self.records(kind) if r.id is not None}


def citations(data: Any, where: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every (position path, source id) under a `cite` key, however deep."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "cite" and isinstance(value, list):
                yield from ((where + (key, i), item) for i, item in enumerate(value) if isinstance(item, str))
            else:
                yield from citations(value, where + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from citations(item, where + (i,))
