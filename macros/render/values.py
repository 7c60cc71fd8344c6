"""How values look: unknown (null), no (false) and approximate numbers are always told apart."""

from __future__ import annotations

from collections.abc import Callable

from ..model import CitedFlag, CitedText, Count, Duration
from . import escape

Cite = Callable[[tuple[str, ...]], str]

UNKNOWN = '<span class="atlas-unknown" title="No source read gives this value">unknown</span>'
PRECISION = {"exact": "", "approx": "≈\u202f", "at-least": "≥\u202f", "at-most": "≤\u202f"}
FLAG = {True: "Yes", False: "No"}


def number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def count(value: Count | None, cite: Cite) -> str:
    if value is None:
        return UNKNOWN
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{PRECISION[value.precision]}{value.value}{note}{cite(value.cite)}"


def duration(value: Duration | None, cite: Cite) -> str:
    if value is None:
        return UNKNOWN
    unit = value.unit[:-1] if value.value == 1 else value.unit
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{PRECISION[value.precision]}{number(value.value)} {unit}{note}{cite(value.cite)}"


def flag(value: CitedFlag | None, cite: Cite) -> str:
    if value is None:
        return UNKNOWN
    shown = UNKNOWN if value.value is None else FLAG[value.value]
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{shown}{note}{cite(value.cite)}"


def cited_text(value: CitedText | None, cite: Cite) -> str:
    return UNKNOWN if value is None else f"{escape.text(value.text)}{cite(value.cite)}"


def optional(value: str | None) -> str:
    return UNKNOWN if value is None else escape.text(value)


def words(value: str) -> str:
    """An enum value as words: 'replace-beta-cells' -> 'replace beta cells'."""
    return escape.text(value.replace("-", " "))
