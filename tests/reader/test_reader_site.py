"""The generated parts of the real site, built strictly: entity pages, navigation, downloads, feed, JSON-LD."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from conftest import REPO as ROOT
from sitebuild import build, copy_site, read_config

ENTITY_KINDS = ("therapies", "studies", "sources", "claims")


def _yaml_ids(root: Path, kind: str) -> set[str]:
    folder = root / "content" / kind
    return {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()


def _hand_written(kind: str) -> set[str]:
    """Records whose page is written by hand in docs/<kind>/<id>.md (it replaces the generated one)."""
    return {p.stem for p in (ROOT / "docs" / kind).glob("*.md")} - {"index"}


def _entity_pages(site: Path, kind: str) -> set[str]:
    return {p.parent.name for p in (site / kind).glob("*/index.html")}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.nav_hrefs: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav":
            self._nav_depth += 1
        if tag == "a" and values.get("href"):
            (self.nav_hrefs if self._nav_depth else self.hrefs).append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav_depth -= 1


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_page_per_yaml_record(site: Path) -> None:
    for kind in ENTITY_KINDS:
        assert _entity_pages(site, kind) == _yaml_ids(ROOT, kind), kind


def test_index_counts_equal_yaml_files_per_kind(site: Path) -> None:
    index = json.loads((site / "data" / "index.json").read_text())
    for kind, count in index["counts"].items():
        assert count == len(list((ROOT / "content" / kind).glob("*.yaml"))) if (ROOT / "content" / kind).is_dir() \
            else count == 0, kind
        assert len(json.loads((site / "data" / f"{kind}.json").read_text())) == count
    assert set(index["counts"]) >= {"therapies", "studies", "sources", "approvals", "claims", "glossary"}
    assert re.fullmatch(r"[0-9a-f]{40}|unknown", index["commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", index["built"])


def test_adding_and_deleting_a_yaml_file_adds_and_removes_its_page(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    studies = project / "content" / "studies"
    first = min(studies.glob("*.yaml"))
    added = studies / "zz_added_study.yaml"
    added.write_text(first.read_text(encoding="utf-8").replace(f"id: {first.stem}\n", "id: zz_added_study\n"),
                     encoding="utf-8")
    site = tmp_path / "site"
    done = build(project, site, chinese=False)
    assert done.returncode == 0, done.stderr
    pages = _entity_pages(site, "studies")
    assert "zz_added_study" in pages and pages == _yaml_ids(project, "studies")
    index = json.loads((site / "data" / "index.json").read_text())
    assert index["counts"]["studies"] == len(pages)
    assert index["commit"] == "unknown", "a copy outside git has no commit"
    assert "zz_added_study/" in (site / "studies" / "index.html").read_text(), "the index table links the new page"
    added.unlink()
    done = build(project, site, chinese=False)
    assert done.returncode == 0, done.stderr
    assert "zz_added_study" not in _entity_pages(site, "studies")
    assert json.loads((site / "data" / "index.json").read_text())["counts"]["studies"] == len(pages) - 1


def test_a_page_written_by_hand_replaces_the_generated_one_but_a_data_file_may_not(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    study = min((project / "content" / "studies").glob("*.yaml")).stem
    (project / "docs" / "studies" / f"{study}.md").write_text("---\nreplaces_generated: true\n---\n# Written by hand\n")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nnot_in_nav: |\n  /studies/{study}.md\n")
    done = build(project, tmp_path / "site", chinese=False)
    assert done.returncode == 0, done.stderr
    assert "Written by hand" in (tmp_path / "site" / "studies" / study / "index.html").read_text()
    (project / "docs" / "data").mkdir()
    (project / "docs" / "data" / "studies.json").write_text("[]")
    done = build(project, tmp_path / "site", chinese=False)
    assert done.returncode != 0
    assert "docs/data/studies.json is written by hand" in done.stderr + done.stdout


def test_generated_pages_edit_their_yaml_record(site: Path) -> None:
    for kind in ENTITY_KINDS:
        for record in _yaml_ids(ROOT, kind) - _hand_written(kind):
            hrefs = re.findall(r'href="([^"]+)" title="Edit this page"', (site / kind / record / "index.html").read_text())
            assert len(hrefs) == 1 and hrefs[0].endswith(f"/edit/main/content/{kind}/{record}.yaml"), hrefs


def test_entity_pages_are_not_in_the_sidebar_but_reached_from_index_tables(site: Path) -> None:
    home = _links(site / "index.html")
    for kind in ENTITY_KINDS:
        ids = _yaml_ids(ROOT, kind) - _hand_written(kind)  # pages written by hand may be in the nav
        in_nav = [h for h in home.nav_hrefs if any(h.rstrip("/").endswith(f"{kind}/{i}") for i in ids)]
        assert not in_nav, f"the sidebar lists entity pages: {in_nav}"
        index = _links(site / kind / "index.html")
        linked = {h.rstrip("/").rsplit("/", 1)[-1] for h in index.hrefs}
        assert ids <= linked, f"{kind}/index lacks links to {ids - linked}"


def test_every_download_is_linked_from_the_data_page_and_from_its_table(site: Path) -> None:
    data_page = _links(site / "data" / "index.html").hrefs
    published = {p.relative_to(site / "data").as_posix() for p in (site / "data").rglob("*") if p.is_file()}
    published.discard("index.html")
    assert {"index.json", "studies.csv", "therapies.csv", "sources.json", "schemas/studies.schema.json"} <= published
    assert published == {h for h in data_page if not h.startswith(("http", "#", ".."))} & published
    for kind, files in {"studies": ("studies.csv", "studies.json"), "therapies": ("therapies.csv", "therapies.json"),
                        "sources": ("sources.json",)}.items():
        hrefs = _links(site / kind / "index.html").hrefs
        for name in files:
            assert f"../data/{name}" in hrefs, f"{kind}/ does not link {name}"


def test_downloaded_schemas_are_the_project_schemas(site: Path) -> None:
    for schema in (ROOT / "schemas").glob("*.schema.json"):
        assert (site / "data" / "schemas" / schema.name).read_bytes() == schema.read_bytes()


def _jsonld(page: Path) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.DOTALL)
    assert len(found) == 1, page
    return json.loads(found[0])


def test_json_ld_on_study_source_and_claim_pages(site: Path) -> None:
    for study in _yaml_ids(ROOT, "studies") - _hand_written("studies"):
        data = _jsonld(site / "studies" / study / "index.html")
        assert data["@type"] in ("MedicalStudy", "MedicalTrial") and data["url"].endswith(f"/studies/{study}/")
    for source in _yaml_ids(ROOT, "sources") - _hand_written("sources"):
        data = _jsonld(site / "sources" / source / "index.html")
        assert data["@context"] == "https://schema.org" and data["url"].endswith(f"/sources/{source}/")
    for claim in _yaml_ids(ROOT, "claims"):
        data = _jsonld(site / "claims" / claim / "index.html")
        assert data["@type"] == "ClaimReview" and data["url"].endswith(f"/claims/{claim}/")
        assert data["reviewRating"]["alternateName"] and data["claimReviewed"]


def test_feed_lists_every_study_and_claim_check_and_is_announced(site: Path) -> None:
    ns = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(site / "feed.xml").getroot()
    links = {e.find(f"{ns}link").get("href") for e in root.findall(f"{ns}entry")}
    for kind in ("studies", "claims"):
        for record in _yaml_ids(ROOT, kind):
            assert any(link.endswith(f"/{kind}/{record}/") for link in links), (kind, record)
    assert not [link for link in links if "/data/" in link], "entries link pages, not downloads"
    assert 'type="application/atom+xml"' in (site / "index.html").read_text()


def test_source_pages_list_the_pages_that_cite_them(site: Path) -> None:
    compare = (ROOT / "docs" / "compare.md").read_text()
    cited_by_hand = set(re.findall(r'cite\("([a-z0-9_-]+)"', compare))
    assert cited_by_hand, "compare.md cites a source by hand"
    for source in cited_by_hand:
        hrefs = _links(site / "sources" / source / "index.html").hrefs
        assert "../../compare/" in hrefs, f"sources/{source} does not list compare.md among the pages citing it"


def test_chart_on_the_studies_page(site: Path) -> None:
    html = (site / "studies" / "index.html").read_text()
    svg = re.search(r"<svg class=\"atlas-chart\".*?</svg>", html, re.DOTALL)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert root.find("{http://www.w3.org/2000/svg}desc") is not None


def test_scripts_and_styles_come_from_the_site_itself(site: Path) -> None:
    assert "://" not in (site / "assets" / "tables.js").read_text(), "tables.js loads nothing from elsewhere"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
        loaded = re.findall(r'<link[^>]+rel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]+href="([^"]+)"', html)
        external = [u for u in scripts + loaded if "://" in u or u.startswith("//")]
        assert not external, f"{page.relative_to(site)} loads {external}"
    assert '<script src="../assets/tables.js"></script>' in (site / "studies" / "index.html").read_text()


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.descriptions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content") or "")


def test_every_page_has_its_own_description(site: Path) -> None:
    default = " ".join(read_config(ROOT)["site_description"].split())
    seen: dict[str, str] = {}
    for page in sorted(site.rglob("index.html")):
        parser = _Meta()
        parser.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(site).as_posix()
        assert len(parser.descriptions) == 1, name
        text = parser.descriptions[0]
        assert text and text != default, f"{name} has the site's default description"
        assert text not in seen, f"{name} and {seen.get(text)} share a description: {text}"
        seen[text] = name
    assert {"index.html", "claims/index.html", "studies/index.html"} <= set(seen.values())
    assert len(seen) > len(_yaml_ids(ROOT, "studies")) + len(_yaml_ids(ROOT, "claims"))


def test_the_404_page_offers_search_home_and_every_main_section(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    root = "/" + read_config(ROOT)["site_url"].split("://", 1)[1].split("/", 1)[1]
    assert '<label class="md-button" for="__search">' in page and 'id="__search"' in page
    assert '<meta name="robots" content="noindex">' in page
    content = page.split('<h1>Page not found</h1>', 1)[1].split("</article>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', content)
    assert hrefs[0] == root, "Home comes first"
    for href in hrefs:
        assert href.startswith(root) and (site / href[len(root):] / "index.html").is_file(), href
    for entry in read_config(ROOT)["nav"]:
        title = next(iter(entry))
        assert f">{title}<" in content or f"<li>{title}: " in content, title


def _yaml_records(kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content" / kind).glob("*.yaml"))]


def test_home_page_counts_are_the_contents(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    glance = page.split('id="at-a-glance"', 1)[1].split('id="latest-changes"', 1)[0]
    count = '<span class="atlas-count">{}</span>'
    studies = [set(s["countries"]) for s in _yaml_records("studies")]
    china = sum(c == {"CN"} for c in studies)
    both = sum("CN" in c and len(c) > 1 for c in studies)
    assert (f"holds {count.format(len(_yaml_records('therapies')))} " in glance
            and f"and {count.format(len(studies))} " in glance)
    assert (f": {count.format(china)} in China, {count.format(len(studies) - china - both)} elsewhere and "
            f"{count.format(both)} in China and elsewhere together") in glance
    decisions = [a["decision"] for a in _yaml_records("approvals")]
    assert f"Approved.</strong> {count.format(decisions.count('approved'))} approval" in glance
    stages = [t["stage"] for t in _yaml_records("therapies")]
    in_trials = sum(s in ("first-in-human", "early-clinical", "late-clinical") for s in stages)
    assert f"In trials.</strong> {count.format(in_trials)} therap" in glance
    assert f"Sold without evidence.</strong> {count.format(stages.count('unregulated'))} kind" in glance
    assert f"{count.format(decisions.count('guidance'))} warnings and guidance" in glance
    for item in re.findall(r"<li>(.*?)</li>", glance, re.DOTALL):
        assert 'class="footnote-ref"' in item, f"a statement without a citation: {item[:200]}"
    typed = re.search(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty\w*)\s+"
                      r"(therapies|approaches|studies|trials|registrations|sources|claims)\b",
                      (ROOT / "docs" / "index.md").read_text(encoding="utf-8"), re.IGNORECASE)
    assert typed is None, f"a count typed by hand on the home page: {typed.group(0) if typed else ''}"


def test_home_page_lists_the_latest_changes_linked(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    latest = page.split('id="latest-changes"', 1)[1].split("</ul>", 1)[0]
    hrefs = re.findall(r'<li>\d{4}-\d\d-\d\d: (?:new|updated), <a href="([^"]+)"', latest)
    assert 1 <= len(hrefs) <= 5 and all((site / h / "index.html").is_file() for h in hrefs), hrefs


def test_source_pages_are_titled_by_the_source_never_its_id(site: Path) -> None:
    for record in _yaml_records("sources"):
        page = (site / "sources" / record["id"] / "index.html").read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1))
        heading = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL).group(1)))
        assert record["id"] not in title and record["id"] not in heading, record["id"]
        expected = " ".join((record["title"] or "Title not confirmed").split())
        assert title.startswith(expected) and heading.startswith(expected), (title, heading)


def _site_hook() -> Any:
    spec = importlib.util.spec_from_file_location("atlas_site_pages_hook", ROOT / "hooks" / "site_pages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_generated_page_without_a_record_description_is_described_after_its_title() -> None:
    """Pages other generators add (and that render/descriptions.py does not know) still get a description of their
    own: their title, then their first paragraph."""
    hook = _site_hook()
    generated = SimpleNamespace(descriptions={"studies/s.md": 'A "study"'}, titles={"trials/t.md": "NCT1 &amp; co",
                                                                                   "studies/s.md": "S"})
    def page(src: str, content: str, **meta: str) -> SimpleNamespace:
        return SimpleNamespace(file=SimpleNamespace(src_uri=src), meta=meta, content=content)
    config = SimpleNamespace(plugins={"macros": SimpleNamespace(config={"on_error_fail": True})})
    assert hook._description(page("trials/t.md", "<p>Read on a day.</p>"), generated, config) == \
        "NCT1 &amp; co: Read on a day."
    assert hook._description(page("studies/s.md", "<p>x</p>"), generated, config) == "A &quot;study&quot;"
    assert hook._description(page("a.md", "<p>x</p>", description="<b>Own</b>"), generated, config) == \
        "&lt;b&gt;Own&lt;/b&gt;"
    with pytest.raises(Exception, match="docs/b.md has no paragraph of prose"):
        hook._description(page("b.md", "<ul><li>only a list</li></ul>"), generated, config)
