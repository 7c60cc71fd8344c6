"""A page per therapy, study and source, generated from the model: facts with footnotes, evidence, backlinks.

Pure: the atlas in, Markdown out, one call per build for every page. Which hand-written pages cite a source is
only known once the site is rendered, so source pages carry a marker that the site adapter fills with
`cited_on()`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from ..evidence import LEVELS
from ..model import Atlas, Source, Study, Therapy
from . import badges, escape, tables, values
from .citations import PageCitations, cites_of
from .links import DATA_DIR, ENTITY_KINDS, entity_src, linker, relative
from .references import CATEGORY_LABELS, registry_link, vancouver

CITED_ON_MARKER = "<!-- atlas:cited-on -->"
LEGEND_SRC = "studies/index.md"
STUDY_COLUMNS_ON_THERAPY = ("title", "countries", "participants", "follow_up", "key_outcome", "evidence")


def pages(atlas: Atlas) -> dict[str, str]:
    """Every generated page: docs-relative path -> Markdown."""
    out: dict[str, str] = {}
    for therapy in atlas.therapies.values():
        out[entity_src("therapies", therapy.id)] = therapy_page(atlas, therapy)
    for study in atlas.studies.values():
        out[entity_src("studies", study.id)] = study_page(atlas, study)
    cited_by = citing_records(atlas)
    for source in atlas.sources.values():
        out[entity_src("sources", source.id)] = source_page(atlas, source, cited_by.get(source.id, ()))
    return out


def citing_records(atlas: Atlas) -> dict[str, tuple[tuple[str, str], ...]]:
    """For each source id, the (kind, id) of the therapies and studies that cite it, in file order."""
    found: dict[str, dict[tuple[str, str], None]] = {}
    for kind in ("therapies", "studies"):
        for record in atlas.kind(kind).values():
            for source_id in cites_of(record):
                found.setdefault(source_id, {})[(kind, record.id)] = None
    return {sid: tuple(records) for sid, records in found.items()}


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    return "\n".join(["| Fact | Value |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)])


def _data(table: str) -> str:
    """A data table the site script makes sortable and filterable (plain HTML without it)."""
    return f'<div class="atlas-data" markdown>\n\n{table}\n\n</div>'


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _download(src: str, *names: str) -> str:
    links = " · ".join(f"[{escape.text(n)}]({relative(src, f'{DATA_DIR}/{n}')})" for n in names)
    return f"Download the data: {links} (see [Data]({relative(src, 'data.md')}))."


def strongest(studies: Sequence[Study]) -> Study | None:
    """The study with the highest evidence level (first in file order among equals)."""
    order = {level.code: rank for rank, level in enumerate(LEVELS)}
    return min(studies, key=lambda s: order[s.evidence.code], default=None)


def therapy_page(atlas: Atlas, therapy: Therapy) -> str:
    src = entity_src("therapies", therapy.id)
    cite = PageCitations(atlas.sources)
    link = linker(src)
    studies = atlas.studies_of(therapy.id)
    best = strongest(studies)
    facts = _facts([
        ("Full name", values.uncited("atlas-name", escape.text(therapy.name))),
        ("Cell source", values.cited_text(therapy.cell_source, cite)),
        ("Autologous or allogeneic", values.words(therapy.origin)),
        ("Cell type", values.words(therapy.cell_type)),
        ("Mechanism", values.words(therapy.mechanism)),
        ("Delivery", escape.text(therapy.delivery_route)
         + (f" ({escape.text(therapy.delivery_site)})" if therapy.delivery_site else "") + cite(therapy.delivery_cite)),
        ("Immunosuppression", values.flag(therapy.immunosuppression, cite)),
        ("Diabetes", values.uncited("atlas-category", escape.text(", ".join(therapy.diabetes_types)))),
        ("Stage", values.words(therapy.stage)),
        ("Pursued in", escape.text(", ".join(tables.REGION_NAMES[r] for r in therapy.regions))),
        ("Developers", values.uncited("atlas-name", escape.text(", ".join(therapy.developers)))
         if therapy.developers else values.UNKNOWN),
        ("Regulatory status", values.cited_text(therapy.regulatory_status, cite)),
    ])
    evidence = (
        f"Strongest evidence: {badges.badge(best)} from [{escape.text(best.title)}]({link('studies', best.id)}). "
        f"[What the levels mean]({relative(src, LEGEND_SRC)}#evidence-levels)."
        if best else "No study of this therapy is in the atlas yet."
    )
    parts = [
        f"# {escape.text(therapy.short_name)}", "",
        values.cited_text(therapy.summary, cite), "",
        _facts_block(facts), "",
        "## Evidence level", "", evidence, "",
        "## Studies of this therapy", "",
        _data(tables.table(atlas, "studies", list(studies), STUDY_COLUMNS_ON_THERAPY, cite, link))
        if studies else "No study of this therapy is in the atlas yet.", "",
    ]
    if therapy.unknowns:
        parts += ["## What is not known", "", _bullets(escape.text(u) for u in therapy.unknowns), ""]
    parts += [_download(src, "therapies.json", "therapies.csv", "studies.csv")]
    return "\n".join(parts) + cite.references()


def _facts_block(facts: str) -> str:
    return f'<div class="atlas-facts" markdown>\n\n{facts}\n\n</div>'


def study_page(atlas: Atlas, study: Study) -> str:
    src = entity_src("studies", study.id)
    cite = PageCitations(atlas.sources)
    link = linker(src)
    therapy = atlas.therapies[study.therapy]
    ae = study.adverse_events
    facts = _facts([
        ("Therapy", values.uncited("atlas-name", f"[{escape.text(therapy.short_name)}]({link('therapies', therapy.id)})")),
        ("Countries", tables._countries(study.countries)),
        ("Region", tables.REGION_NAMES[study.region]),
        ("Sites", values.cited_text(study.sites, cite)),
        ("Registry", ", ".join(values.uncited("atlas-registry", registry_link(r)) for r in study.registry_ids)
         or "None named"),
        ("Design", escape.text(badges.design(study.design)) + cite(study.cite)),
        ("Phase", "n/a" if study.phase is None else escape.text(study.phase) + cite(study.cite)),
        ("Control", values.words(study.control)),
        ("Reported in", values.words(study.reported_in)),
        ("Participants", values.count(study.participants, cite)),
        ("Population", values.cited_text(study.population, cite)),
        ("Diabetes", values.uncited("atlas-category", escape.text(", ".join(study.diabetes_types)))),
        ("Follow-up", values.duration(study.follow_up, cite)),
        ("Immunosuppression", values.flag(study.immunosuppression, cite)),
        ("Started", values.UNKNOWN if study.started is None else escape.text(study.started) + cite(study.cite)),
        ("Published", values.UNKNOWN if study.published is None else escape.text(study.published) + cite(study.cite)),
    ])
    outcomes = "\n".join([
        "| Measure | Result |", "|---|---|",
        *(f"| {values.uncited('atlas-category', escape.text(o.measure))} | {escape.text(o.result)}"
          f"{f' ({escape.text(o.timepoint)})' if o.timepoint else ''}{cite(o.cite)} |" for o in study.outcomes),
    ]) if study.outcomes else "No results reported."
    harms = "Nothing about harms was reported in the sources read." if ae is None else (
        f"{escape.text(ae.summary)}{cite(ae.cite)}\n\nDeaths: {values.deaths(ae, cite)}."
    )
    level = study.evidence
    parts = [
        f"# {escape.text(study.title)}", "",
        badges.badge(study), "",
        _facts_block(facts), "",
        "## Outcomes", "", _data(outcomes) if study.outcomes else outcomes, "",
        "## Adverse events", "", harms, "",
    ]
    if study.limitations:
        parts += ["## Limitations", "", _bullets(escape.text(x) for x in study.limitations), ""]
    parts += [
        "## Evidence level", "",
        (f"{escape.text(level.code)}, {escape.text(level.name)}: {escape.text(level.rule)} "
         f"[All levels]({relative(src, LEGEND_SRC)}#evidence-levels)."), "",
        "## Sources", "",
        _bullets(f"[{_source_label(atlas.sources[sid])}]({link('sources', sid)})" for sid in study.cite), "",
        _download(src, "studies.json", "studies.csv"),
    ]
    return "\n".join(parts) + cite.references()


def _source_label(source: Source) -> str:
    return escape.text(source.label)


#: Whose pages the confirmed fields were read on (schemas/sources.schema.json, provenance.read_on).
READ_ON = {
    "original": ", read on the publisher's, registry's or regulator's own page",
    "copy": ", read only on copies, mirrors or reports, not on the publisher's, registry's or regulator's own page",
    "both": ", read on the publisher's, registry's or regulator's own page and on copies",
    None: " (where they were read is not recorded)",
}


def source_page(atlas: Atlas, source: Source, cited_by: Sequence[tuple[str, str]]) -> str:
    src = entity_src("sources", source.id)
    link = linker(src)
    category = CATEGORY_LABELS[source.category] or "Journal article"
    facts = _facts([
        ("Category", escape.text(category)),
        ("Quality", escape.text("primary" if source.quality == "primary" else source.quality)),
        ("Confirmed fields", (escape.text(", ".join(sorted(source.verified))) or "none") + READ_ON[source.read_on]),
    ])
    records = [(kind, rid) for kind, rid in cited_by if kind in ENTITY_KINDS]
    backlinks = _bullets(
        f"[{escape.text(atlas.kind(kind)[rid].title if kind == 'studies' else atlas.kind(kind)[rid].short_name)}]"
        f"({link(kind, rid)}) ({'study' if kind == 'studies' else 'therapy'})"
        for kind, rid in records
    ) or "No therapy or study cites it."
    parts = [
        f"# {_source_label(source)}", "",
        vancouver(source), "",
    ]
    if source.summary:
        parts += [f"**Summary (atlas editors):** {escape.text(source.summary)}", ""]
    parts += [
        _facts_block(facts), "",
        "## Therapies and studies citing it", "", backlinks, "",
        "## Cited on these pages", "", CITED_ON_MARKER, "",
        _download(src, "sources.json"),
    ]
    return "\n".join(parts) + "\n"


def titles(atlas: Atlas) -> dict[str, str]:
    """Every generated page's title as HTML text, for the page's <title> and header.

    MkDocs takes a page's title from its heading as HTML text, and Material's template passes it through Jinja's
    `striptags`, which decodes character references: an escaped `&lt;/title&gt;` from data would come alive in the
    <head>. Generated pages therefore set their title explicitly (page.meta.title, printed as is)."""
    out = {entity_src("therapies", t.id): t.short_name for t in atlas.therapies.values()}
    out.update({entity_src("studies", s.id): s.title for s in atlas.studies.values()})
    out.update({entity_src("sources", s.id): s.label for s in atlas.sources.values()})
    return {src: html.escape(" ".join(title.split())) for src, title in out.items()}


def cited_on(pages: Sequence[tuple[str, str]]) -> str:
    """HTML list of (title, href) of the pages that cite a source, to replace CITED_ON_MARKER.

    Titles are HTML text as MkDocs gives them (character references kept); they are decoded and escaped again."""
    if not pages:
        return "<p>No page cites it yet.</p>"
    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(html.unescape(title))}</a></li>'
                    for title, href in pages)
    return f"<ul>{items}</ul>"
