"""Tables of therapies, studies and registrations as HTML data tables (render/datatable.py): rows filtered by a field, columns
chosen by name from the subject's facts (render/subjects.py), with sort keys, detail columns and facets."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import messages, vocabulary
from ..evidence import LEVELS
from ..model import KINDS, Atlas, Dated
from ..registries import status_label
from . import datatable, escape, subjects, values
from .errors import MacroError
from .links import DATA_DIR, Link, relative
from .values import Cite

#: The columns a table can show, by kind: every fact of the subject (render/subjects.py).
COLUMNS = subjects.FACTS

_PHASE_ORDER = {"early-1": 0.5, "1": 1, "1/2": 1.5, "2": 2, "2/3": 2.5, "3": 3, "4": 4}
_LEVEL_RANK = {level.code: rank for rank, level in enumerate(LEVELS, start=1)}
_REGISTRATION_PHASE_ORDER = {"EARLY_PHASE1": 0.5, "PHASE1": 1, "PHASE2": 2, "PHASE3": 3, "PHASE4": 4, "NA": 9}


def _number(value: Any) -> str:
    """The sort key of a Count (or of an int), '' when unknown."""
    return datatable.number_key(None if value is None else getattr(value, "value", value))


#: Columns whose text does not sort right: the sort key of a record's value ('' when unknown) and its type.
SORT_KEYS: dict[str, dict[str, tuple[Callable[[Any, Atlas], str], str]]] = {
    "therapies": {"studies": (lambda t, a: _number(len(a.studies_of(t.id))), "number")},
    "studies": {
        "phase": (lambda s, a: datatable.number_key(_PHASE_ORDER.get(s.phase)), "number"),
        "participants": (lambda s, a: _number(s.participants), "number"),
        "follow_up": (lambda s, a: datatable.number_key(s.follow_up and s.follow_up.months), "number"),
        "deaths": (lambda s, a: _number(s.adverse_events and s.adverse_events.deaths), "number"),
        "evidence": (lambda s, a: datatable.number_key(_LEVEL_RANK[s.evidence.code]), "number"),
    },
    "registrations": {
        "phases": (lambda r, a: datatable.number_key(
            min((_REGISTRATION_PHASE_ORDER[p] for p in r.phases if p in _REGISTRATION_PHASE_ORDER), default=None)
            if r.phases else None), "number"),
        "enrollment": (lambda r, a: datatable.number_key(r.enrollment), "number"),
        "sites": (lambda r, a: datatable.number_key(r.sites), "number"),
        "start": (lambda r, a: _date(r.start), "date"),
        "primary_completion": (lambda r, a: _date(r.primary_completion), "date"),
        "completion": (lambda r, a: _date(r.completion), "date"),
        "last_update_posted": (lambda r, a: r.last_update_posted or "", "date"),
    },
}


def _date(value: Dated) -> str:
    """An ISO date key ('' when unknown): a partial date sorts at the start of its year or month."""
    return value.date or ""

#: Columns that wait in a row's expandable details at desktop width, unless a page names its own `details`.
DETAILS: dict[str, frozenset[str]] = {
    "therapies": frozenset({"cell_source", "delivery"}),
    "studies": frozenset({"design", "key_outcome", "immunosuppression", "registry_ids"}),
    "registrations": frozenset({"therapy", "countries", "sponsor_class", "enrollment", "primary_completion"}),
}


@dataclass(frozen=True)
class Facet:
    label: str
    values: Callable[[Any], tuple[str, ...]]


SOURCE_FACETS = {"category": "Category", "quality": "Quality"}  #: the sources table's filter controls
#: The filter controls of each kind's tables: facet key -> label and a record's values (closed vocabularies).
FACETS: dict[str, dict[str, Facet]] = {
    "therapies": {
        "diabetes": Facet("Diabetes type", lambda t: tuple(vocabulary.DIABETES_TYPE[d] for d in t.diabetes_types)),
        "region": Facet("Pursued in", lambda t: tuple(vocabulary.REGION[r] for r in t.regions)),
        "stage": Facet("Stage", lambda t: (vocabulary.STAGE[t.stage],)),
    },
    "studies": {
        "diabetes": Facet("Diabetes type", lambda s: tuple(vocabulary.DIABETES_TYPE[d] for d in s.diabetes_types)),
        "region": Facet("Region", lambda s: (vocabulary.STUDY_REGION[s.region],)),
        "design": Facet("Design", lambda s: (vocabulary.DESIGN[s.design],)),
        "evidence": Facet("Evidence level", lambda s: (f"{s.evidence.code} {s.evidence.name}",)),
        "phase": Facet("Phase", lambda s: (messages.translate("n/a") if s.phase is None else vocabulary.PHASE[s.phase],)),
    },
    "registrations": {
        "diabetes": Facet("Diabetes type", lambda r: tuple(vocabulary.DIABETES_TYPE[d] for d in r.diabetes_types or ())
                          or (messages.translate(vocabulary.UNREAD),)),
        "cells": Facet("Cells", lambda r: (vocabulary.REGISTRATION_CELL_TYPE[r.cell_type],)),
        "region": Facet("Region", lambda r: (vocabulary.REGISTRATION_REGION[r.region],)),
        "country": Facet("Country", lambda r: tuple(vocabulary.country(c) for c in r.countries or ())
                         or (messages.translate(vocabulary.UNREAD),)),
        "phase": Facet("Phase", lambda r: tuple(vocabulary.REGISTRATION_PHASE.get(p, p) for p in r.phases or ())
                       or (messages.translate(vocabulary.UNREAD),)),
        "status": Facet("Status", lambda r: (messages.translate(vocabulary.UNREAD) if r.status is None else status_label(r.status),)),
        "sponsor": Facet("Sponsor class", lambda r: (vocabulary.SPONSOR_CLASS[r.sponsor_class],)),
    },
}


def _matches(record: Any, field: str, wanted: Any) -> bool:
    if field.startswith("_") or not hasattr(record, field):
        raise MacroError(f"cannot filter on {field!r}: {type(record).__name__} has no such field")
    value = getattr(record, field)
    if isinstance(value, tuple):
        return wanted in value
    return value == wanted


def select(atlas: Atlas, kind: str, where: Mapping[str, Any] | None = None, allow_empty: bool = False) -> list[Any]:
    """Records of `kind` whose fields equal (or, for lists, contain) every value in `where`.

    A filter that matches nothing is a MacroError (a typo of a region, a number compared with text) unless the
    call says an empty result is intended with `allow_empty=True`; so is an unknown kind or field.
    """
    if kind not in KINDS:
        raise MacroError(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    if where is not None and not isinstance(where, Mapping):
        raise MacroError(f"where= must be a mapping such as {{\"regions\": \"china\"}}, not {where!r}")
    rows = list(atlas.kind(kind).values())
    for field, wanted in (where or {}).items():
        rows = [r for r in rows if _matches(r, field, wanted)]
    if where and not rows and not allow_empty:
        raise MacroError(f"where={dict(where)!r} matches no {kind}; check the field and value (a number is not "
                         "text), or pass allow_empty=True if an empty result is intended")
    return rows


def table(atlas: Atlas, kind: str, rows: Sequence[Any], columns: Sequence[str], cite: Cite,
          link: Link | None = None, details: Sequence[str] | None = None,
          extra: Mapping[str, tuple[subjects.Fact, Facet]] | None = None) -> str:
    """An HTML data table (macros/render/datatable.py); an unknown column name is an error naming the valid ones.

    With `link`, names of records link to their pages. `details` names the columns that wait in a row's
    expandable details at desktop width (by default the kind's DETAILS). `extra` adds columns a page computes
    (name -> the column's fact and its facet), such as a flag that depends on the build date.
    """
    if kind not in COLUMNS:
        raise ValueError(f"no table for kind {kind!r}; tables exist for: {', '.join(COLUMNS)}")
    extra = dict(extra or {})
    available = {**COLUMNS[kind], **{name: fact for name, (fact, _) in extra.items()}}
    unknown = [c for c in (*columns, *(details or ())) if c not in available]
    if unknown:
        raise ValueError(f"unknown {kind} column(s) {', '.join(unknown)}; choose from: {', '.join(available)}")
    if not rows:
        return f"*{messages.translate('No records match.')}*"
    chosen = [available[c] for c in columns]
    hidden = [c in (DETAILS[kind] if details is None else details) for c in columns]
    sorts = SORT_KEYS[kind]
    headers = [datatable.Header(messages.translate(col.label, "column"), sorts[name][1] if name in sorts else "text", detail)
               for name, col, detail in zip(columns, chosen, hidden, strict=True)]
    facets = {**FACETS[kind], **{name: facet for name, (_, facet) in extra.items()}}
    body = [datatable.Row([datatable.Cell(subjects.shown(available[name], row, atlas, cite, link),
                                          sorts[name][0](row, atlas) if name in sorts else None) for name in columns],
                          {key: facet.values(row) for key, facet in facets.items()}) for row in rows]
    return datatable.render(headers, body, messages.translate(f"Table of {kind}"),
                            {k: messages.translate(f.label, "facet") for k, f in facets.items()})


DEFAULT_STUDY_COLUMNS = ("title", "therapy", "countries", "design", "participants", "follow_up", "key_outcome",
                         "registry_ids", "evidence")


def data_table(markdown: str, kind: str, src: str) -> str:
    """A table the site script makes sortable and filterable, with links to the same data as files; it is left out
    of the search index (each row's record is found on its own page)."""
    data = f"{DATA_DIR}/{kind}"
    files = [f"[JSON]({relative(src, data + '.json')})"]
    if kind in ("therapies", "studies", "registrations"):
        files.insert(0, f"[CSV]({relative(src, data + '.csv')})")
    return (f'<div class="atlas-data" data-search-exclude="" markdown>\n\n{markdown}\n\n</div>\n\n'
            f"Download all {kind}: {' · '.join(files)} ([about the data]({relative(src, 'data.md')})).")


def source_table(atlas: Atlas, link: Link) -> str:
    """Every source: its title linked to its page, category, year, and how many therapies and studies cite it."""
    if not atlas.sources:
        return "*No sources yet.*"
    cited = {sid: len(atlas.citations.cited_by(sid, ("therapies", "studies"))) for sid in atlas.sources}
    headers = [datatable.Header(messages.translate(h, "column"), t) for h, t in (
        ("Source", "text"), ("Category", "text"), ("Quality", "text"), ("Cited by therapies and studies", "number"))]
    rows = [
        datatable.Row([
            datatable.Cell(values.uncited("atlas-name", escape.foreign(_link(s.label, link("sources", s.id)), s.label))),
            datatable.Cell(escape.text(_category(s.category))),
            datatable.Cell(values.term("sources", "quality", s.quality)),
            datatable.Cell(values.uncited("atlas-count", str(cited.get(s.id, 0))), datatable.number_key(cited.get(s.id, 0))),
        ], {"category": (_category(s.category),), "quality": (vocabulary.QUALITY[s.quality],)})
        for s in atlas.sources.values()
    ]
    return datatable.render(headers, rows, messages.translate("Table of sources"),
                            {key: messages.translate(label, "facet") for key, label in SOURCE_FACETS.items()})


def _category(category: str) -> str:
    return vocabulary.sentence(vocabulary.CATEGORY[category])


def _link(label: str, target: str) -> str:
    return f"[{escape.text(label)}]({target})"
