"""Markdown tables of therapies and studies: rows filtered by a field, columns chosen by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import messages, vocabulary
from ..model import Atlas, Study, Therapy
from . import badges, escape, values
from .links import DATA_DIR, Link, relative
from .references import registry_link
from .values import Cite


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any, Atlas, Cite], str]
    #: For a column that names a record: its name and (kind, id), so the name can link to the record's page.
    #: The cell then holds what follows the name (its footnotes).
    names: Callable[[Any, Atlas], tuple[str, str, str]] | None = None


def countries(codes: Iterable[str]) -> str:
    return escape.text(", ".join(vocabulary.country(c) for c in codes))


def regions(codes: Iterable[str]) -> str:
    return escape.text(", ".join(vocabulary.REGION[r] for r in codes))


THERAPY_COLUMNS: dict[str, Column] = {
    "name": Column("Therapy", lambda t, a, c: "", names=lambda t, a: (t.short_name, "therapies", t.id)),
    "cell_source": Column("Cell source", lambda t, a, c: values.cited_text(t.cell_source, c)),
    "origin": Column("Autologous or allogeneic", lambda t, a, c: values.term("therapies", "origin", t.origin)),
    "mechanism": Column("Mechanism", lambda t, a, c: values.term("therapies", "mechanism", t.mechanism)),
    "delivery": Column("Delivery", lambda t, a, c: escape.text(t.delivery_route) + (
        f" ({escape.text(t.delivery_site)})" if t.delivery_site else "") + c(t.delivery_cite)),
    "immunosuppression": Column("Immunosuppression", lambda t, a, c: values.flag(t.immunosuppression, c)),
    "diabetes_types": Column("Diabetes", lambda t, a, c: values.diabetes_types(t.diabetes_types)),
    "stage": Column("Stage", lambda t, a, c: values.term("therapies", "stage", t.stage)),
    "regions": Column("Pursued in", lambda t, a, c: regions(t.regions)),
    "regulatory_status": Column("Regulatory status", lambda t, a, c: values.cited_text(t.regulatory_status, c)),
    "studies": Column("Studies", lambda t, a, c: values.uncited("atlas-count", str(len(a.studies_of(t.id))))),
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
    "countries": Column("Country", lambda s, a, c: countries(s.countries)),
    "region": Column("Region", lambda s, a, c: escape.text(vocabulary.STUDY_REGION[s.region])),
    "design": Column("Design", lambda s, a, c: values.term("studies", "design", s.design)),
    "phase": Column("Phase", lambda s, a, c: "n/a" if s.phase is None else values.term("studies", "phase", s.phase) + c(s.cite)),
    "diabetes_types": Column("Diabetes", lambda s, a, c: values.diabetes_types(s.diabetes_types)),
    "participants": Column("n", lambda s, a, c: values.count(s.participants, c)),
    "follow_up": Column("Follow-up", lambda s, a, c: values.duration(s.follow_up, c)),
    "key_outcome": Column("Key outcome", _key_outcome),
    "deaths": Column("Deaths", lambda s, a, c: values.UNKNOWN if s.adverse_events is None or s.adverse_events.deaths is None
                     else f"{s.adverse_events.deaths}{c(s.adverse_events.cite)}"),
    "immunosuppression": Column("Immunosuppression", lambda s, a, c: values.flag(s.immunosuppression, c)),
    "registry_ids": Column("Registry", lambda s, a, c: ", ".join(
        values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or "None named"),
    "evidence": Column("Evidence", lambda s, a, c: badges.badge(s)),
}

COLUMNS: dict[str, dict[str, Column]] = {"therapies": THERAPY_COLUMNS, "studies": STUDY_COLUMNS}


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


def _cell(column: Column, row: Any, atlas: Atlas, cite: Cite, link: Link | None) -> str:
    name = ""
    if column.names is not None:
        label, kind, record_id = column.names(row, atlas)
        name = escape.text(label) if link is None else f"[{escape.text(label)}]({link(kind, record_id)})"
        name = values.uncited("atlas-name", name)
    return name + column.cell(row, atlas, cite)


def table(atlas: Atlas, kind: str, rows: Sequence[Therapy | Study], columns: Sequence[str], cite: Cite,
          link: Link | None = None) -> str:
    """A Markdown table; an unknown column name is an error naming the valid ones.

    With `link`, names of therapies and studies link to their pages.
    """
    available = COLUMNS.get(kind)
    if available is None:
        raise ValueError(f"no table for kind {kind!r}; tables exist for: {', '.join(COLUMNS)}")
    unknown = [c for c in columns if c not in available]
    if unknown:
        raise ValueError(f"unknown {kind} column(s) {', '.join(unknown)}; choose from: {', '.join(available)}")
    if not rows:
        return f"*{messages.translate('No records match.')}*"
    header = "| " + " | ".join(messages.translate(available[c].header, "column") for c in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(_cell(available[c], row, atlas, cite, link) for c in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body])

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
    cited = {sid: len(atlas.citations.cited_by(sid, ("therapies", "studies"))) for sid in atlas.sources}
    rows = [
        f"| {values.uncited('atlas-name', _link(s.title or s.id, link('sources', s.id)))} | "
        f"{escape.text(vocabulary.sentence(vocabulary.CATEGORY[s.category]))} | "
        f"{values.term('sources', 'quality', s.quality)} | {values.uncited('atlas-count', str(cited.get(s.id, 0)))} |"
        for s in atlas.sources.values()
    ]
    return "\n".join(["| Source | Category | Quality | Cited by therapies and studies |", "|---|---|---|---|", *rows])


def _link(label: str, target: str) -> str:
    return f"[{escape.text(label)}]({target})"
