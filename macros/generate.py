"""Everything the site generates from the data, computed once per build: entity pages, their JSON-LD, the
downloads and the feed. The site adapter adds these to the site; nothing here imports MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import history, vocabulary
from .load import CONTENT_DIR, SCHEMA_SUFFIX, SCHEMAS_DIR
from .messages import translate as _
from .model import Atlas
from .pipeline import Result
from .registries import status_label
from .render import descriptions, download_schemas, downloads, entities, feed, ics, jsonld, trials
from .render.links import entity_src, url_of

FEED_PATH = "feed.xml"
FEED_KINDS = ("studies", "claims")


@dataclass(frozen=True)
class Generated:
    pages: dict[str, str]    #: docs-relative Markdown path -> Markdown
    cited: dict[str, tuple[str, ...]]  #: docs-relative Markdown path -> the sources it cites, in footnote order
    jsonld: dict[str, str]   #: docs-relative Markdown path -> <script> element for the page's <head>
    titles: dict[str, str]   #: docs-relative Markdown path -> the page's title as HTML text
    records: dict[str, str]  #: docs-relative Markdown path -> the YAML file it is generated from (repo-relative)
    descriptions: dict[str, str]  #: docs-relative Markdown path -> its meta description (plain text), every page
    #: drawn from one record (the therapies' hand-written pages too)
    files: dict[str, str]    #: docs-relative path -> text (downloads and the feed)


def generate(result: Result, root: Path, site_url: str, title: str, *, with_downloads: bool = True) -> Generated:
    """All generated pages and files of one build; with `with_downloads=False`, of the files only the feed (the
    downloads are one dataset for every edition: a second edition's pass reuses the first's)."""
    atlas = result.atlas
    if atlas is None:
        raise ValueError("content/ has errors: nothing can be generated")
    site_url = site_url.rstrip("/") + "/"
    past = history.read(root, tuple(f"{CONTENT_DIR}/{kind}" for kind in FEED_KINDS))
    today = past.built[:10]
    files = {}
    if with_downloads:
        schemas = {p.name: p.read_text(encoding="utf-8")
                   for p in sorted((root / SCHEMAS_DIR).glob(f"*{SCHEMA_SUFFIX}"))}
        schemas.update(download_schemas.published(schemas))
        files = downloads.files(atlas, result.data, schemas, site_url, past.commit, past.built)
        files.update(calendars(atlas, site_url, today, past.built))
    files[FEED_PATH] = feed.atom(_("{site}: changes to the evidence").format(site=title), site_url, site_url + FEED_PATH, past.built,
                                 entries(atlas, past, site_url) + status_entries(atlas, site_url))
    pages = entities.pages(atlas)
    records = {src: f"{CONTENT_DIR}/{src[:-len('.md')]}.yaml" for src in pages}
    trial_pages = trials.pages(atlas, today)
    records.update({trials.trial_src(r): f"{CONTENT_DIR}/registrations/{r}.yaml" for r in atlas.registrations})
    return Generated(pages={src: page.markdown for src, page in pages.items()} | trial_pages,
                     cited={src: page.cited for src, page in pages.items()} | dict.fromkeys(trial_pages, ()),
                     jsonld=page_jsonld(atlas, site_url), titles=entities.titles(atlas) | trials.titles(atlas),
                     files=files, records=records, descriptions=descriptions.of_records(atlas))


def calendars(atlas: Atlas, site_url: str, today: str, built: str) -> dict[str, str]:
    """The ICS calendars of upcoming primary completions: overall and per therapy."""
    stamp = built[:19].replace("-", "").replace(":", "") + "Z"

    def page(registration_id: str) -> str:
        return site_url + url_of(trials.trial_src(registration_id))

    return {path: ics.calendar(name, regs, today, stamp, page)
            for path, (name, regs) in trials.calendar_groups(atlas).items()}


MAX_STATUS_ENTRIES = 30


def status_entries(atlas: Atlas, site_url: str) -> list[feed.Entry]:
    """One feed entry per change of status in a registration's history (the latest MAX_STATUS_ENTRIES), dated by
    that history; the first status read is not a change."""
    out = []
    for reg in atlas.registrations.values():
        link = site_url + url_of(trials.trial_src(reg.id))
        history = reg.status_history
        for i in range(1, len(history)):
            before, change = history[i - 1], history[i]
            if before.status == change.status:
                continue
            when = trials.period_end(change.date) + "T00:00:00Z"
            was, now = status_label(before.status), status_label(change.status)
            out.append(feed.Entry(
                f"{link}#status-{i}", _("Status changed: {id} is {status}").format(id=reg.registry_id, status=now)[:300],
                link, (_("From {was} to {now} ({date}).").format(was=was, now=now, date=change.date) + " "
                       + (reg.title or "")).strip(), when, when))
    return sorted(out, key=lambda e: (e.updated, e.id), reverse=True)[:MAX_STATUS_ENTRIES]


def page_jsonld(atlas: Atlas, site_url: str) -> dict[str, str]:
    def url(kind: str, record_id: str) -> str:
        return site_url + url_of(entity_src(kind, record_id))

    source_urls = {sid: url("sources", sid) for sid in atlas.sources}
    out = {entity_src("sources", sid): jsonld.script(jsonld.source(s, source_urls[sid]))
           for sid, s in atlas.sources.items()}
    out.update({entity_src("studies", sid): jsonld.script(jsonld.study(atlas, s, url("studies", sid), source_urls))
                for sid, s in atlas.studies.items()})
    out.update({entity_src("claims", cid): jsonld.script(jsonld.claim(c, url("claims", cid), source_urls))
                for cid, c in atlas.claims.items()})
    return out


def entries(atlas: Atlas, past: history.History, site_url: str) -> list[feed.Entry]:
    """One feed entry per study and claim, dated by its file's git history."""
    out = []
    for study in atlas.studies.values():
        published, updated = past.of(f"{CONTENT_DIR}/studies/{study.id}.yaml")
        link = site_url + url_of(entity_src("studies", study.id))
        outcome = study.key_outcome
        summary = _("Evidence {code} ({level}).").format(code=study.evidence.code, level=study.evidence.name) + (
            f" {outcome.measure}{_(': ')}{outcome.result}." if outcome else " " + _("No results reported."))
        out.append(feed.Entry(link, _("{change} study: {title}").format(change=_change(published, updated),
                                                                        title=study.title), link, summary, published,
                              updated))
    for claim in atlas.claims.values():
        published, updated = past.of(f"{CONTENT_DIR}/claims/{claim.id}.yaml")
        link = site_url + url_of(entity_src("claims", claim.id))
        title = _("{change} claim check ({verdict}): {claim}").format(
            change=_change(published, updated), verdict=vocabulary.VERDICT[claim.verdict], claim=claim.claim)
        out.append(feed.Entry(link, title[:300], link, str(claim.reasoning), published, updated))
    return out


def _change(published: str, updated: str) -> str:
    return _("New") if published == updated else _("Updated")
