"""Everything the site generates from the data, computed once per build: entity pages, their JSON-LD, the
downloads and the feed. The site adapter adds these to the site; nothing here imports MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import history, vocabulary
from .load import CONTENT_DIR, SCHEMA_SUFFIX, SCHEMAS_DIR
from .model import Atlas
from .pipeline import Result
from .render import download_schemas, downloads, entities, feed, jsonld
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
    files: dict[str, str]    #: docs-relative path -> text (downloads and the feed)


def generate(result: Result, root: Path, site_url: str, title: str) -> Generated:
    """All generated pages and files of one build."""
    atlas = result.atlas
    if atlas is None:
        raise ValueError("content/ has errors: nothing can be generated")
    site_url = site_url.rstrip("/") + "/"
    past = history.read(root, tuple(f"{CONTENT_DIR}/{kind}" for kind in FEED_KINDS))
    schemas = {p.name: p.read_text(encoding="utf-8") for p in sorted((root / SCHEMAS_DIR).glob(f"*{SCHEMA_SUFFIX}"))}
    schemas.update(download_schemas.published(schemas))
    files = downloads.files(atlas, result.data, schemas, site_url, past.commit, past.built)
    files[FEED_PATH] = feed.atom(title + ": changes to the evidence", site_url, site_url + FEED_PATH, past.built,
                                 entries(atlas, past, site_url))
    pages = entities.pages(atlas)
    records = {src: f"{CONTENT_DIR}/{src[:-len('.md')]}.yaml" for src in pages}
    return Generated(pages={src: page.markdown for src, page in pages.items()},
                     cited={src: page.cited for src, page in pages.items()},
                     jsonld=page_jsonld(atlas, site_url), titles=entities.titles(atlas), files=files, records=records)


def page_jsonld(atlas: Atlas, site_url: str) -> dict[str, str]:
    def url(kind: str, record_id: str) -> str:
        return site_url + url_of(entity_src(kind, record_id))

    source_urls = {sid: url("sources", sid) for sid in atlas.sources}
    out = {entity_src("sources", sid): jsonld.script(jsonld.source(s, source_urls[sid]))
           for sid, s in atlas.sources.items()}
    out.update({entity_src("studies", sid): jsonld.script(jsonld.study(atlas, s, url("studies", sid), source_urls))
                for sid, s in atlas.studies.items()})
    return out


def entries(atlas: Atlas, past: history.History, site_url: str) -> list[feed.Entry]:
    """One feed entry per study and claim, dated by its file's git history."""
    out = []
    for study in atlas.studies.values():
        published, updated = past.of(f"{CONTENT_DIR}/studies/{study.id}.yaml")
        link = site_url + url_of(entity_src("studies", study.id))
        outcome = study.key_outcome
        summary = f"Evidence {study.evidence.code} ({study.evidence.name})." + (
            f" {outcome.measure}: {outcome.result}." if outcome else " No results reported.")
        out.append(feed.Entry(link, f"{_change(published, updated)} study: {study.title}", link, summary, published,
                              updated))
    for claim in atlas.claims.values():
        published, updated = past.of(f"{CONTENT_DIR}/claims/{claim.id}.yaml")
        link = site_url + "data/claims.json"
        title = f"{_change(published, updated)} claim check ({vocabulary.VERDICT[claim.verdict]}): {claim.claim}"
        out.append(feed.Entry(f"{link}#{claim.id}", title[:300], link, claim.reasoning, published, updated))
    return out


def _change(published: str, updated: str) -> str:
    return "New" if published == updated else "Updated"
