"""Every record's id equals its file name, and no two records of one kind share an id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("id-filename", "duplicate-id")


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for kind, records in index.by_kind.items():
        first: dict[str, str] = {}
        for record in records:
            stem = PurePosixPath(record.path).stem
            if record.id != stem:
                yield record.diagnostic(("id",), "id-filename", f"id '{record.id}' but the file is '{stem}.yaml'")
            if record.id in first:
                yield record.diagnostic(
                    ("id",), "duplicate-id", f"{kind} id '{record.id}' is already used by {first[record.id]}"
                )
            else:
                first[record.id] = record.path
