"""One fact inline, with its citation: the value of one field of one record."""

from __future__ import annotations

from ..model import Atlas, CitedFlag, CitedText, Count, Duration
from . import escape, values
from .values import Cite


def fact(atlas: Atlas, kind: str, record_id: str, field: str, cite: Cite) -> str:
    """A field's value as inline Markdown, with footnotes where the value carries citations."""
    records = atlas.kind(kind)
    if record_id not in records:
        raise KeyError(f"no {kind} record with id {record_id!r}")
    record = records[record_id]
    if not hasattr(record, field):
        raise AttributeError(f"{kind} records have no field {field!r}")
    value = getattr(record, field)
    own = _own(value, field, cite)
    if own is not None:
        return own
    record_cite = getattr(record, "cite", ())
    if value is None:
        return values.UNKNOWN
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return escape.text(value) + (cite(record_cite) if record_cite else "")
    raise TypeError(f"{kind}.{field} is not a single value that can be shown inline")


def _own(value: object, field: str, cite: Cite) -> str | None:
    """Values that carry their own citations."""
    if isinstance(value, Count) or (value is None and field == "participants"):
        return values.count(value, cite)
    if isinstance(value, Duration) or (value is None and field == "follow_up"):
        return values.duration(value, cite)
    if isinstance(value, CitedFlag):
        return values.flag(value, cite)
    if isinstance(value, CitedText):
        return values.cited_text(value, cite)
    return None
