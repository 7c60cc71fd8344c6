"""Regulatory decisions, and a timeline that merges dated decisions with the publication of studies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import messages, vocabulary
from ..model import Approval, Atlas
from . import escape, markdown, values
from .values import Cite


def _date(value: str | None, cites: tuple[str, ...], cite: Cite) -> str:
    return values.UNKNOWN if value is None else escape.text(value) + cite(cites)


def _where(a: Approval) -> str:
    return "International" if a.country is None else escape.text(vocabulary.country(a.country))


def decision(a: Approval) -> str:
    """The decision as shown to readers, saying when it is known only from a copy or from news."""
    known = "" if a.known_from in (None, "issuer") else f" ({vocabulary.KNOWN_FROM[a.known_from]})"
    return vocabulary.sentence(vocabulary.DECISION[a.decision]) + known


def _order(a: Approval) -> tuple[int, str]:
    return (a.date is None, a.date or "")


def approvals_table(atlas: Atlas, approvals: Sequence[Approval], cite: Cite) -> str:
    """Date | Where | Regulator | Decision | Product | Scope, dated decisions first in date order."""
    rows = [
        [_date(a.date, a.cite, cite), _where(a), escape.text(a.regulator), escape.text(decision(a)),
         escape.text(a.product) + cite(a.cite), escape.text(a.scope) + cite(a.cite)]
        for a in sorted(approvals, key=_order)
    ]
    headers = [messages.translate(h, "column") for h in ("Date", "Where", "Regulator", "Decision", "Product", "Scope")]
    return markdown.table(headers, rows,
                          empty=f"*{messages.translate('No regulatory decision in the atlas concerns this.')}*")


@dataclass(frozen=True)
class Event:
    date: str
    kind: str
    text: str
    cite: tuple[str, ...]


def events(atlas: Atlas) -> tuple[list[Event], list[str]]:
    """Dated events in date order, and the labels of decisions left out because their date is unconfirmed."""
    local = escape.local  # data text in the edition's language, before it is joined into one event text
    found = [
        Event(s.published, "Study published", f"{local(s.title)}: {local(s.key_outcome.measure)}, {local(s.key_outcome.result)}"
              if s.key_outcome else s.title, s.cite)
        for s in atlas.studies.values() if s.published
    ]
    found += [
        Event(s.started, "Study started", s.title, s.cite) for s in atlas.studies.values() if s.started
    ]
    found += [
        Event(a.date, decision(a), f"{local(a.regulator)}: {local(a.product)}", a.cite)
        for a in atlas.approvals.values() if a.date
    ]
    undated = [f"{local(a.regulator)}: {local(a.product)}" for a in atlas.approvals.values() if a.date is None]
    return sorted(found, key=lambda e: (e.date, e.kind, e.text)), undated


def timeline(atlas: Atlas, cite: Cite) -> str:
    """Date | Event | What, every dated study and decision; undated decisions are listed below, never dropped."""
    found, undated = events(atlas)
    rows = [[escape.text(e.date) + cite(e.cite), escape.text(e.kind), escape.text(e.text) + cite(e.cite)] for e in found]
    out = markdown.table([messages.translate(h, "column") for h in ("Date", "Event", "What")], rows)
    if undated:
        out += "\n\nDecisions whose date is not confirmed (not placed on the timeline): " + "; ".join(
            escape.text(u) for u in undated) + "."
    return out
