"""A page per study, per source and per claim check, generated from the model: facts with footnotes, evidence,
backlinks. (Every therapy has a page written by hand in docs/therapies/, which draws the same facts with
`therapy_sheet`.)

Pure: the atlas in, Markdown out, one call per build for every page, each with the sources it cites in footnote
order. Which pages of the whole site cite a source is only known once every page has rendered, so source pages
carry a marker that the site adapter fills with `cited_on()`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import messages, vocabulary
from ..messages import translate as _
from ..model import Atlas, Claim, Source, Study
from . import badges, claims, escape, subjects, values
from .citations import PageCitations
from .links import DATA_DIR, entity_src, linker, relative
from .references import vancouver

CITED_ON_MARKER = "<!-- atlas:cited-on -->"
LEGEND_SRC = "studies/index.md"
CLAIMS_SRC = "claims.md"  #: the claim check: every claim in one table, and the verdicts' counts
#: The facts of a study page, in order (render/subjects.py).
PAGE_FACTS = ("therapy", "countries", "region", "sites", "registry_ids", "design", "phase", "control", "reported_in",
              "participants", "population", "diabetes_types", "follow_up", "immunosuppression", "started", "published")


@dataclass(frozen=True)
class Page:
    markdown: str
    cited: tuple[str, ...]  #: the sources its footnotes cite, in footnote order


def pages(atlas: Atlas) -> dict[str, Page]:
    """Every generated page: docs-relative path -> page."""
    out: dict[str, Page] = {}
    for study in atlas.studies.values():
        out[entity_src("studies", study.id)] = study_page(atlas, study)
    for source in atlas.sources.values():
        out[entity_src("sources", source.id)] = source_page(atlas, source)
    for claim in atlas.claims.values():
        out[entity_src("claims", claim.id)] = claim_page(atlas, claim)
    return out


def claim_title(claim: Claim) -> str:
    """A claim page's title (plain text): the claim itself, whole (a cut claim would misquote it)."""
    return " ".join(escape.local(claim.claim).split())


def _facts(rows: Iterable[Sequence[str]]) -> str:
    return "\n".join([messages.header_row("Fact", "Value"), *(f"| {name} | {value} |" for name, value in rows)])


def _data(table: str) -> str:
    """A data table the site script makes sortable and filterable (plain HTML without it)."""
    return f'<div class="atlas-data" markdown>\n\n{table}\n\n</div>'


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _download(src: str, *names: str) -> str:
    links = " · ".join(f"[{escape.text(n)}]({relative(src, f'{DATA_DIR}/{n}')})" for n in names)
    return _("Download the data: {links} (see [Data]({data})).").format(links=links, data=relative(src, "data.md"))


def _facts_block(facts: str) -> str:
    return f'<div class="atlas-facts" markdown>\n\n{facts}\n\n</div>'


def study_page(atlas: Atlas, study: Study) -> Page:
    src = entity_src("studies", study.id)
    cite = PageCitations(atlas.sources)
    link = linker(src)
    ae = study.adverse_events
    facts = _facts(subjects.rows("studies", study, atlas, PAGE_FACTS, cite, link))
    outcomes = "\n".join([
        messages.header_row("Measure", "Result"),
        *(f"| {values.uncited('atlas-category', escape.text(o.measure))} | {escape.text(o.result)}"
          f"{f' ({escape.text(o.timepoint)})' if o.timepoint else ''}{cite(o.cite)} |" for o in study.outcomes),
    ]) if study.outcomes else _("No results reported.")
    harms = _("Nothing about harms was reported in the sources read.") if ae is None else (
        f"{values.data_text(ae.summary)}{cite(ae.cite)}\n\n"
        + _("Deaths: {deaths}.").format(deaths=subjects.deaths(ae, cite)))
    level = study.evidence
    parts = [
        f"# {escape.text(study.title)}", "",
        badges.badge(study), "",
        _facts_block(facts), "",
        _heading(_("Outcomes"), "outcomes"), "", _data(outcomes) if study.outcomes else outcomes, "",
        _heading(_("Adverse events"), "adverse-events"), "", harms, "",
    ]
    if study.limitations:
        parts += [_heading(_("Limitations"), "limitations"), "", _bullets(values.data_text(x) for x in study.limitations),
                  ""]
    parts += [
        _heading(_("Evidence level"), "evidence-level"), "",
        (f"{escape.text(level.code)}{_(', ')}{escape.text(level.name)}{_(': ')}{escape.text(level.rule)} "
         f"[{_('All levels')}]({relative(src, LEGEND_SRC)}#evidence-levels)."), "",
        _heading(_("Sources"), "sources"), "",
        _bullets(f"[{_source_label(atlas.sources[sid])}]({link('sources', sid)})" for sid in study.cite), "",
        _download(src, "studies.json", "studies.csv"),
    ]
    return Page("\n".join(parts) + cite.references(), cite.cited)


#: The records a source page lists as citing it: kind -> (the record's name, what it is).
BACKLINKS = {
    "therapies": (lambda r: r.short_name, "therapy"),
    "studies": (lambda r: r.title, "study"),
    "claims": (claim_title, "claim check"),
}


def _heading(title: str, anchor: str) -> str:
    """A section heading (its title in the edition's language), with the same anchor in both editions."""
    return f"## {escape.text(title)} {{ #{anchor} }}"


def _source_label(source: Source) -> str:
    return escape.foreign(escape.text(source.label), source.label)


def _read_on(read_on: str | None) -> str:
    """Where the confirmed fields were read (provenance.read_on), or that this is not recorded."""
    return _(" (where they were read is not recorded)") if read_on is None else _(", ") + vocabulary.READ_ON[read_on]


def source_page(atlas: Atlas, source: Source) -> Page:
    src = entity_src("sources", source.id)
    link = linker(src)
    facts = _facts([
        (_("Category", "column"), escape.text(vocabulary.sentence(vocabulary.CATEGORY[source.category]))),
        (_("Quality", "column"), values.term("sources", "quality", source.quality)),
        (_("Confirmed fields", "column"), (escape.text(_(", ", "list").join(
            vocabulary.VERIFIED_FIELD.get(f, f) for f in sorted(source.verified))) or escape.text(_("none")))
         + _read_on(source.read_on)),
    ])
    records = atlas.citations.cited_by(source.id, tuple(BACKLINKS))
    backlinks = _bullets(
        f"[{escape.text(BACKLINKS[kind][0](atlas.kind(kind)[rid]))}]({link(kind, rid)}) "
        f"({escape.text(_(BACKLINKS[kind][1], 'backlink'))})" for kind, rid in records
    ) or _("No therapy, study or claim check cites it.")
    parts = [
        f"# {_source_label(source)}", "",
        vancouver(source), "",
    ]
    if source.summary:
        parts += [f"**{escape.text(_('Summary (atlas editors):'))}** {values.data_text(source.summary)}", ""]
    parts += [
        _facts_block(facts), "",
        _heading(_("Therapies, studies and claim checks citing it"), "therapies-studies-and-claim-checks-citing-it"), "",
        backlinks, "",
        _heading(_("Cited on these pages"), "cited-on-these-pages"), "", CITED_ON_MARKER, "",
        _download(src, "sources.json"),
    ]
    return Page("\n".join(parts) + "\n", ())


def _origin(claim: Claim) -> str:
    name = values.data_text(claim.origin_name)
    where = _("{name}, paragraph {n}").format(name=name, n=claim.origin_paragraph) if claim.origin_paragraph \
        else _("the title of {name}").format(name=name)
    return values.uncited("atlas-claim", _("Claimed in {where}.").format(where=where))


def claim_page(atlas: Atlas, claim: Claim) -> Page:
    """The claim as made, its verdict with what the verdict means, the evidence and why, context, the studies."""
    src = entity_src("claims", claim.id)
    cite = PageCitations(atlas.sources)
    link = linker(src)
    parts = [
        f"# {values.uncited('atlas-claim', values.data_text(claim.claim))}", "",
        _origin(claim), "",
        _heading(_("Verdict"), "verdict"), "",
        (f"{claims.verdict(claim.verdict)}{_(': ')}{escape.text(vocabulary.MEANINGS['verdict'][claim.verdict])} "
         f"[{_('All verdicts')}]({relative(src, CLAIMS_SRC)}#verdicts)."), "",
        _heading(_("The evidence"), "the-evidence"), "",
        f"{values.data_text(claim.reasoning)}{cite(claim.cite)}", "",
    ]
    if claim.studies:
        parts += [_heading(_("Studies that bear on it"), "studies-that-bear-on-it"), "", _bullets(
            f"[{escape.text(atlas.studies[sid].title)}]({link('studies', sid)}){_(': evidence ')}"
            f"{values.evidence(atlas.studies[sid].evidence)}{cite(atlas.studies[sid].cite)}" for sid in claim.studies
        ), ""]
    if claim.context is not None:
        parts += [_heading(_("Context, not evidence"), "context-not-evidence"), "",
                  f"{values.data_text(claim.context.text)}{cite(claim.context.cite)}", ""]
    parts += [
        _heading(_("Sources of the evidence"), "sources-of-the-evidence"), "",
        _bullets(f"[{_source_label(atlas.sources[sid])}]({link('sources', sid)})" for sid in claim.cite), "",
        _("Every claim checked: {link}.").format(link=f"[{_('Claim check')}]({relative(src, CLAIMS_SRC)})") + " "
        + _download(src, "claims.json"),
    ]
    return Page("\n".join(parts) + cite.references(), cite.cited)


def titles(atlas: Atlas) -> dict[str, str]:
    """Every generated page's title as HTML text, for the page's <title> and header.

    MkDocs takes a page's title from its heading as HTML text, and Material's template passes it through Jinja's
    `striptags`, which decodes character references: an escaped `&lt;/title&gt;` from data would come alive in the
    <head>. Generated pages therefore set their title explicitly (page.meta.title, printed as is)."""
    out = {entity_src("studies", s.id): escape.local(s.title) for s in atlas.studies.values()}
    out.update({entity_src("sources", s.id): s.label for s in atlas.sources.values()})
    out.update({entity_src("claims", c.id): claim_title(c) for c in atlas.claims.values()})
    return {src: html.escape(" ".join(title.split())) for src, title in out.items()}


def cited_on(pages: Sequence[tuple[str, str]]) -> str:
    """HTML list of (title, href) of the pages that cite a source, to replace CITED_ON_MARKER.

    Titles are HTML text as MkDocs gives them (character references kept); they are decoded and escaped again."""
    if not pages:
        return f"<p>{html.escape(_('No page cites it yet.'))}</p>"
    items = "".join(f'<li><a href="{html.escape(href)}">{html.escape(html.unescape(title))}</a></li>'
                    for title, href in pages)
    return f"<ul>{items}</ul>"
