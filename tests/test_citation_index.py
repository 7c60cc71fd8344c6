"""One citation index: who cites what, from one walk of the records; "Cited on these pages" from what each page
cited while it rendered."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from macros.citations import CitationIndex, citations, footnotes

THERAPY = {"id": "t", "summary": {"text": "x", "cite": ["a"]}, "delivery": {"cite": ["b", "a"]}}
STUDY = {"id": "s", "outcomes": [{"cite": ["c"]}], "cite": ["a"]}


def test_the_walk_finds_every_citation_with_its_position() -> None:
    assert list(citations(STUDY)) == [(("outcomes", 0, "cite", 0), "c"), (("cite", 0), "a")]


def test_the_index_knows_who_cites_what_in_order() -> None:
    index = CitationIndex.of([("therapies", THERAPY), ("studies", STUDY), ("claims", {"id": "k", "cite": ["a"]})])
    assert index.sources_of("therapies", "t") == ("a", "b")
    assert index.cited_by("a") == (("therapies", "t"), ("studies", "s"), ("claims", "k"))
    assert index.cited_by("a", ("studies",)) == (("studies", "s"),)
    assert index.is_cited("c") and not index.is_cited("z") and index.cited_by("z") == ()


def test_footnotes_are_numbered_in_order_of_first_use() -> None:
    assert footnotes(("b", "a")) == {"b": 1, "a": 2}


def _cited_on(page: Path, site: Path) -> set[str]:
    """The pages a source page lists under "Cited on these pages", as site paths."""
    section = page.read_text(encoding="utf-8").split('id="cited-on-these-pages"', 1)[1].split("</ul>", 1)[0]
    here = posixpath.dirname(page.relative_to(site).as_posix())
    paths = {posixpath.normpath(posixpath.join(here, href))
             for href in re.findall(r'<a href="([^"]+)">', section) if not href.startswith("#")}
    return {"index.html" if path == "." else path + "/index.html" for path in paths}  # "." is the home page


def test_cited_on_lists_exactly_the_pages_whose_footnotes_cite_the_source(site: Path) -> None:
    """In each edition, a source page lists the pages of that edition (zh/ for the Chinese one) that cite it."""
    def edition(path: str) -> str:
        return "zh" if path.startswith("zh/") else "en"

    footnoted: dict[tuple[str, str], set[str]] = {}
    for page in site.rglob("*.html"):
        path = page.relative_to(site).as_posix()
        for source_id in set(re.findall(r'<li id="fn:([^"]+)"', page.read_text(encoding="utf-8"))):
            footnoted.setdefault((edition(path), source_id), set()).add(path)
    sources = sorted([*(site / "sources").glob("*/index.html"), *(site / "zh" / "sources").glob("*/index.html")])
    assert sources
    for page in sources:
        key = (edition(page.relative_to(site).as_posix()), page.parent.name)
        assert _cited_on(page, site) == footnoted.get(key, set()), key
