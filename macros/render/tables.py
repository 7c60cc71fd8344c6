"""Markdown tables of therapies and studies: rows filtered by a field, columns chosen by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..evidence import LEVELS
from ..model import Atlas, Study, Therapy
from . import badges, datatable, escape, values
from .citations import cites_of
from .links import DATA_DIR, Link, relative
from .references import CATEGORY_LABELS, registry_link
from .values import Cite

PHASE_ORDER = {"early-1": 0.5, "1": 1, "1/2": 1.5, "2": 2, "2/3": 2.5, "3": 3, "4": 4}
COUNTRY_NAMES = {
    "BE": "Belgium", "BR": "Brazil", "CA": "Canada", "CH": "Switzerland", "CN": "China", "DE": "Germany",
    "FR": "France", "GB": "United Kingdom", "IN": "India", "IR": "Iran", "IT": "Italy", "JP": "Japan", "NL": "Netherlands",
    "NO": "Norway", "PL": "Poland", "SA": "Saudi Arabia", "SE": "Sweden", "US": "United States",
}
REGION_NAMES = {"china": "China", "elsewhere": "Elsewhere", "both": "China and elsewhere"}


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any, Atlas, Cite], str]
    #: For a column that names a record: its name and (kind, id), so the name can link to the record's page.
    #: The cell then holds what follows the name (its footnotes).
    names: Callable[[Any, Atlas], tuple[str, str, str]] | None = None
    #: The sort key of a record's value ("" when unknown; None: the script sorts by the cell's text), and its type.
    sort: Callable[[Any, Atlas], str] | None = None
    sort_type: str = "text"
    #: At desktop width a detail column waits in the row's expandable details (a page may choose otherwise).
    detail: bool = False


def _number(value: Any) -> str:
    """The sort key of a Count (or of an int), '' when unknown."""
    return datatable.number_key(None if value is None else getattr(value, "value", value))


_LEVEL_RANK = {level.code: rank for rank, level in enumerate(LEVELS, start=1)}


def _countries(codes: Iterable[str]) -> str:
    return escape.text(", ".join(COUNTRY_NAMES.get(c, c) for c in codes))


def _list(items: Iterable[str]) -> str:
    return ", ".join(values.words(i) for i in items)


THERAPY_COLUMNS: dict[str, Column] = {
    "name": Column("Therapy", lambda t, a, c: "", names=lambda t, a: (t.short_name, "therapies", t.id)),
    "cell_source": Column("Cell source", lambda t, a, c: values.cited_text(t.cell_source, c), detail=True),
    "origin": Column("Autologous or allogeneic", lambda t, a, c: values.words(t.origin)),
    "mechanism": Column("Mechanism", lambda t, a, c: values.words(t.mechanism)),
    "delivery": Column("Delivery", lambda t, a, c: escape.text(t.delivery_route) + (
        f" ({escape.text(t.delivery_site)})" if t.delivery_site else "") + c(t.delivery_cite), detail=True),
    "immunosuppression": Column("Immunosuppression", lambda t, a, c: values.flag(t.immunosuppression, c)),
    "diabetes_types": Column("Diabetes", lambda t, a, c: values.diabetes_types(t.diabetes_types)),
    "stage": Column("Stage", lambda t, a, c: values.words(t.stage)),
    "regions": Column("Pursued in", lambda t, a, c: escape.text(", ".join(REGION_NAMES[r] for r in t.regions))),
    "regulatory_status": Column("Regulatory status", lambda t, a, c: values.cited_text(t.regulatory_status, c)),
    "studies": Column("Studies", lambda t, a, c: values.uncited("atlas-count", str(len(a.studies_of(t.id)))),
                      sort=lambda t, a: _number(len(a.studies_of(t.id))), sort_type="number"),
}


def _key_outcome(s: Study, a: Atlas, c: Cite) -> str:
    outcome = s.key_outcome
    if outcome is None:
        return "No results reported"
    when = f" ({escape.text(outcome.timepoint)})" if outcome.timepoint else ""
    return f"{escape.text(outcome.measure)}: {escape.text(outcome.result)}{when}{c(outcome.cite)}"


STUDY_COLUMNS: dict[str, Column] = {
    "title": Column("Study", lambda s, a, c: c(s.cite), names=lambda s, a: (s.title, "studies", s.id)),
    "therapy": Column("Therapy", lambda s, a, c: "",
                      names=lambda s, a: (a.therapies[s.therapy].short_name, "therapies", s.therapy)),
    "countries": Column("Country", lambda s, a, c: _countries(s.countries)),
    "region": Column("Region", lambda s, a, c: REGION_NAMES[s.region]),
    "design": Column("Design", lambda s, a, c: values.words(s.design), detail=True),
    "phase": Column("Phase", lambda s, a, c: "n/a" if s.phase is None else escape.text(s.phase.replace("-", " ")) + c(s.cite),
                    sort=lambda s, a: datatable.number_key(PHASE_ORDER.get(s.phase)), sort_type="number"),
    "diabetes_types": Column("Diabetes", lambda s, a, c: values.diabetes_types(s.diabetes_types)),
    "participants": Column("n", lambda s, a, c: values.count(s.participants, c),
                           sort=lambda s, a: _number(s.participants), sort_type="number"),
    "follow_up": Column("Follow-up", lambda s, a, c: values.duration(s.follow_up, c),
                        sort=lambda s, a: datatable.number_key(s.follow_up and s.follow_up.months), sort_type="number"),
    "key_outcome": Column("Key outcome", _key_outcome, detail=True),
    "deaths": Column("Deaths", lambda s, a, c: values.UNKNOWN if s.adverse_events is None or s.adverse_events.deaths is None
                     else f"{s.adverse_events.deaths}{c(s.adverse_events.cite)}",
                     sort=lambda s, a: _number(s.adverse_events and s.adverse_events.deaths), sort_type="number"),
    "immunosuppression": Column("Immunosuppression", lambda s, a, c: values.flag(s.immunosuppression, c), detail=True),
    "registry_ids": Column("Registry", lambda s, a, c: ", ".join(
        values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or "None named", detail=True),
    "evidence": Column("Evidence", lambda s, a, c: badges.badge(s),
                       sort=lambda s, a: datatable.number_key(_LEVEL_RANK[s.evidence.code]), sort_type="number"),
}

COLUMNS: dict[str, dict[str, Column]] = {"therapies": THERAPY_COLUMNS, "studies": STUDY_COLUMNS}


@dataclass(frozen=True)
class Facet:
    label: str
    values: Callable[[Any], tuple[str, ...]]


#: The filter controls of each kind's tables: facet key -> label and a record's values (closed vocabularies).
FACETS: dict[str, dict[str, Facet]] = {
    "therapies": {
        "diabetes": Facet("Diabetes type", lambda t: tuple(values.DIABETES[d] for d in t.diabetes_types)),
        "region": Facet("Pursued in", lambda t: tuple(REGION_NAMES[r] for r in t.regions)),
        "stage": Facet("Stage", lambda t: (t.stage.replace("-", " "),)),
    },
    "studies": {
        "diabetes": Facet("Diabetes type", lambda s: tuple(values.DIABETES[d] for d in s.diabetes_types)),
        "region": Facet("Region", lambda s: (REGION_NAMES[s.region],)),
        "design": Facet("Design", lambda s: (badges.design(s.design),)),
        "evidence": Facet("Evidence level", lambda s: (f"{s.evidence.code} {s.evidence.name}",)),
        "phase": Facet("Phase", lambda s: ("n/a" if s.phase is None else s.phase.replace("-", " "),)),
    },
}


def _matches(record: Any, field: str, wanted: Any) -> bool:
    if not hasattr(record, field):
        raise ValueError(f"cannot filter on {field!r}: {type(record).__name__} has no such field")
    value = getattr(record, field)
    if isinstance(value, tuple):
        return wanted in value
    return value == wanted


def select(atlas: Atlas, kind: str, where: Mapping[str, Any] | None = None) -> list[Any]:
    """Records of `kind` whose fields equal (or, for lists, contain) every value in `where`."""
    rows = list(atlas.kind(kind).values())
    for field, wanted in (where or {}).items():
        rows = [r for r in rows if _matches(r, field, wanted)]
    return rows


def _cell(column: Column, row: Any, atlas: Atlas, cite: Cite, link: Link | None) -> datatable.Cell:
    name = ""
    if column.names is not None:
        label, kind, record_id = column.names(row, atlas)
        name = escape.text(label) if link is None else f"[{escape.text(label)}]({link(kind, record_id)})"
        name = values.uncited("atlas-name", name)
    return datatable.Cell(name + column.cell(row, atlas, cite),
                          None if column.sort is None else column.sort(row, atlas))


def table(atlas: Atlas, kind: str, rows: Sequence[Therapy | Study], columns: Sequence[str], cite: Cite,
          link: Link | None = None, details: Sequence[str] | None = None) -> str:
    """An HTML data table (macros/render/datatable.py); an unknown column name is an error naming the valid ones.

    With `link`, names of therapies and studies link to their pages. `details` names the columns that wait in a
    row's expandable details at desktop width (by default each column's own `detail`).
    """
    available = COLUMNS.get(kind)
    if available is None:
        raise ValueError(f"no table for kind {kind!r}; tables exist for: {', '.join(COLUMNS)}")
    unknown = [c for c in (*columns, *(details or ())) if c not in available]
    if unknown:
        raise ValueError(f"unknown {kind} column(s) {', '.join(unknown)}; choose from: {', '.join(available)}")
    if not rows:
        return "*No records match.*"
    chosen = [available[c] for c in columns]
    hidden = [available[c].detail for c in columns] if details is None else [c in details for c in columns]
    headers = [datatable.Header(col.header, col.sort_type, detail) for col, detail in zip(chosen, hidden, strict=True)]
    facets = FACETS[kind]
    body = [datatable.Row([_cell(col, row, atlas, cite, link) for col in chosen],
                          {key: facet.values(row) for key, facet in facets.items()}) for row in rows]
    return datatable.render(headers, body, f"Table of {kind}", {k: f.label for k, f in facets.items()})


DEFAULT_STUDY_COLUMNS = ("title", "therapy", "countries", "design", "participants", "follow_up", "key_outcome",
                         "registry_ids", "evidence")


def data_table(markdown: str, kind: str, src: str) -> str:
    """A table the site script makes sortable and filterable, with links to the same data as files."""
    data = f"{DATA_DIR}/{kind}"
    files = [f"[JSON]({relative(src, data + '.json')})"]
    if kind in ("therapies", "studies"):
        files.insert(0, f"[CSV]({relative(src, data + '.csv')})")
    return (f'<div class="atlas-data" markdown>\n\n{markdown}\n\n</div>\n\n'
            f"Download all {kind}: {' · '.join(files)} ([about the data]({relative(src, 'data.md')})).")


def source_table(atlas: Atlas, link: Link) -> str:
    """Every source: its title linked to its page, category, year, and how many therapies and studies cite it."""
    if not atlas.sources:
        return "*No sources yet.*"
    cited: dict[str, int] = {}
    for record in (*atlas.therapies.values(), *atlas.studies.values()):
        for source_id in set(cites_of(record)):
            cited[source_id] = cited.get(source_id, 0) + 1
    headers = [datatable.Header("Source"), datatable.Header("Category"), datatable.Header("Quality"),
               datatable.Header("Cited by therapies and studies", "number")]
    rows = [
        datatable.Row([
            datatable.Cell(values.uncited("atlas-name", _link(s.title or s.id, link("sources", s.id)))),
            datatable.Cell(escape.text(_category(s.category))),
            datatable.Cell(escape.text(s.quality)),
            datatable.Cell(values.uncited("atlas-count", str(cited.get(s.id, 0))), datatable.number_key(cited.get(s.id, 0))),
        ], {"category": (_category(s.category),), "quality": (s.quality,)})
        for s in atlas.sources.values()
    ]
    return datatable.render(headers, rows, "Table of sources", {"category": "Category", "quality": "Quality"})


def _category(category: str) -> str:
    return CATEGORY_LABELS[category] or "Journal article"


def _link(label: str, target: str) -> str:
    return f"[{escape.text(label)}]({target})"
