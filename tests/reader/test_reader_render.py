"""The reader-experience renderers, tested without MkDocs: pages, badges, chart, downloads, feed, JSON-LD."""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from macros import i18n, vocabulary
from macros.evidence import LEVELS
from macros.generate import entries
from macros.history import UNKNOWN_COMMIT, History, read
from macros.load import Record
from macros.model import KINDS, Atlas, build_atlas
from macros.pipeline import load_atlas
from macros.render import badges, chart, descriptions, downloads, entities, feed, jsonld, links, not_found
from macros.translations import Text
from macros.validate import Validator, load_schemas

ROOT = Path(__file__).resolve().parents[2]
EVIL = '</script><script>alert(1)</script> {{ 7*7 }} [^x] <!-- & "q" \u2028'
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def shipped() -> dict[str, list[dict[str, Any]]]:
    result = load_atlas(ROOT)
    assert result.atlas is not None, [d.format() for d in result.diagnostics]
    return {kind: [dict(r) for r in records] for kind, records in result.data.items()}


def _as_model(node: Any) -> Any:
    """Authored text per language, {en: ..., zh: ...}, as the model receives it (macros.translations.Text)."""
    if isinstance(node, dict):
        if i18n.DEFAULT in node and set(node) <= set(i18n.LANGUAGES):
            return Text(node[i18n.DEFAULT], {k: v for k, v in node.items() if k != i18n.DEFAULT})
        return {k: _as_model(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_model(v) for v in node]
    return node


def _atlas(data: dict[str, list[dict[str, Any]]]) -> Atlas:
    return build_atlas(_as_model(data))


def _with_evil_study(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The shipped data plus one study whose texts try to break out of every context."""
    data = copy.deepcopy(data)
    evil = copy.deepcopy(data["studies"][0])
    evil.update(id="evil_study", title=EVIL)
    evil["outcomes"][0]["result"] = EVIL
    data["studies"].append(evil)
    return data


# links -----------------------------------------------------------------------------------------------------

def test_links_between_pages() -> None:
    assert links.entity_src("studies", "x") == "studies/x.md"
    assert links.relative("studies/index.md", "studies/x.md") == "x.md"
    assert links.relative("compare.md", "studies/x.md") == "studies/x.md"
    assert links.linker("therapies/a.md")("studies", "b") == "../studies/b.md"
    assert links.url_of("studies/x.md") == "studies/x/"
    assert links.url_of("studies/index.md") == "studies/"
    assert links.url_of("index.md") == ""
    with pytest.raises(ValueError, match="no pages are generated"):
        links.entity_src("glossary", "x")


# badges ----------------------------------------------------------------------------------------------------

def test_badge_shows_level_design_and_n(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    for study in atlas.studies.values():
        html = badges.badge(study)
        assert f'data-level="{study.evidence.code}"' in html
        assert vocabulary.DESIGN[study.design].split()[0] in html
        assert (f"{study.participants.value}" in html) if study.participants else ("n unknown" in html)


def test_badge_marks_approximate_and_unknown_counts(shipped: dict[str, Any]) -> None:
    data = copy.deepcopy(shipped)
    data["studies"][0]["participants"] = {**data["studies"][0]["participants"], "precision": "at-least"}
    data["studies"][1]["participants"] = None
    atlas = _atlas(data)
    first, second = list(atlas.studies.values())[:2]
    assert "n &#61; " not in badges.badge(first) and "n ≥ " in badges.badge(first)
    assert "n unknown" in badges.badge(second)


def test_legend_lists_every_level() -> None:
    legend = badges.legend()
    for level in LEVELS:
        assert f'data-level="{level.code}"' in legend
    assert sum(line.startswith("| ") for line in legend.splitlines()) == len(LEVELS) + 1  # header + levels


# entity pages ----------------------------------------------------------------------------------------------

def test_a_page_per_study_source_and_claim(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    pages = entities.pages(atlas)
    expected = {f"{kind}/{rid}.md" for kind in ("studies", "sources", "claims") for rid in atlas.kind(kind)}
    assert set(pages) == expected


def test_study_page_knows_what_it_cites(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    for src, page in entities.pages(atlas).items():
        cited = set(re.findall(r"\[\^([a-z0-9_-]+)\](?!:)", page.markdown))
        defined = set(re.findall(r"^\[\^([a-z0-9_-]+)\]:", page.markdown, re.MULTILINE))
        assert cited == defined == set(page.cited), src
        assert list(page.cited) == list(dict.fromkeys(re.findall(r"\[\^([a-z0-9_-]+)\](?!:)", page.markdown))), src


def test_study_page_has_facts_badge_outcomes_and_sources(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    for study in atlas.studies.values():
        page = entities.study_page(atlas, study).markdown
        assert badges.badge(study) in page
        assert f"(../therapies/{study.therapy}.md)" in page
        for source_id in study.cite:
            assert f"(../sources/{source_id}.md)" in page
            assert f"[^{source_id}]:" in page, "the design is cited to the study's sources"
        assert page.count("\n| ") >= len(study.outcomes)


def test_source_page_backlinks(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    pages = entities.pages(atlas)
    for source in atlas.sources.values():
        page = pages[f"sources/{source.id}.md"].markdown
        assert entities.CITED_ON_MARKER in page
        for kind, rid in atlas.citations.cited_by(source.id, ("therapies", "studies", "claims")):
            assert f"(../{kind}/{rid}.md)" in page
    study = next(iter(atlas.studies.values()))
    assert ("studies", study.id) in atlas.citations.cited_by(study.cite[0])


def test_cited_on_lists_pages_or_says_none() -> None:
    assert entities.cited_on([]) == "<p>No page cites it yet.</p>"
    html = entities.cited_on([("A &#40;b&#41; <i>", "../../x/"), ('"q"', "../y/?a=1&b=2")])
    assert "A (b) &lt;i&gt;" in html and "<i>" not in html
    assert 'href="../y/?a=1&amp;b=2"' in html and "&quot;q&quot;" in html


def test_page_titles_are_html_text_that_striptags_cannot_revive(shipped: dict[str, Any]) -> None:
    data = _with_evil_study(shipped)
    data["studies"][-1]["title"] = "A </title><script>x()</script> &lt;b&gt;"
    titles = entities.titles(_atlas(data))
    assert set(titles) == set(entities.pages(_atlas(data)))
    assert titles["studies/evil_study.md"] == "A &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp;lt;b&amp;gt;"


def test_data_from_yaml_stays_inert_on_entity_pages(shipped: dict[str, Any]) -> None:
    data = _with_evil_study(shipped)
    evil = copy.deepcopy(data["claims"][0])
    evil.update(id="evil_claim", claim=EVIL, reasoning=EVIL, context={"text": EVIL, "cite": []})
    evil["origin"] = {"name": EVIL}
    data["claims"].append(evil)
    atlas = _atlas(data)
    for page in (entities.study_page(atlas, atlas.studies["evil_study"]).markdown,
                 entities.claim_page(atlas, atlas.claims["evil_claim"]).markdown):
        assert "<script" not in page and "{{" not in page and "[^x]" not in page and "<!--" not in page
    assert "&lt;/script&gt;" in entities.titles(atlas)["claims/evil_claim.md"]


def test_a_claim_page_has_the_claim_verdict_meaning_evidence_and_studies(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    for claim in atlas.claims.values():
        page = entities.claim_page(atlas, claim).markdown
        assert page.startswith("# <span class=\"atlas-claim\">") and vocabulary.MEANINGS["verdict"][claim.verdict] in page
        assert f"atlas-verdict-{claim.verdict}" in page and "(../claims.md#verdicts)" in page
        for source_id in claim.cite:
            assert f"(../sources/{source_id}.md)" in page and f"[^{source_id}]:" in page
        for study_id in claim.studies:
            assert f"(../studies/{study_id}.md)" in page
        assert ("## Context, not evidence" in page) == (claim.context is not None)


def test_descriptions_are_cut_at_a_word() -> None:
    assert descriptions.shorten("short  claim", 90) == "short claim"
    cut = descriptions.shorten("word " * 40, 30)
    assert cut.endswith("…") and len(cut) <= 30 and cut[:-1] == cut[:-1].rstrip()


# chart -----------------------------------------------------------------------------------------------------

def test_chart_is_accessible_svg_with_a_point_per_study(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    root = ET.fromstring(chart.svg(atlas))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    points = root.findall(f".//{SVG}g[@class='atlas-chart__point']")
    placed, missing = chart.plotted(atlas)
    assert len(points) == len(placed) and len(placed) + len(missing) == len(atlas.studies)


def test_chart_escapes_data_and_explains_studies_it_cannot_place(shipped: dict[str, Any]) -> None:
    data = _with_evil_study(shipped)
    data["studies"][0]["participants"] = None
    atlas = _atlas(data)
    svg = chart.svg(atlas)
    root = ET.fromstring(svg)  # still well-formed XML
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert any(t and t.startswith(EVIL) for t in tips)
    assert "<script" not in svg
    missing = len(chart.plotted(atlas)[1])
    assert missing >= 1
    assert f"{missing} studies with unknown participants or follow-up are not shown" in root.find(f"{SVG}desc").text
    figure = chart.figure(atlas, links.linker("studies/index.md"), lambda ids: "")
    table = figure.split("</figure>", 1)[1]
    assert table.count("\n| ") == len(atlas.studies) + 1, "the fallback table lists every study, placed or not"


# JSON-LD ---------------------------------------------------------------------------------------------------

def test_jsonld_cannot_close_its_script_element() -> None:
    data = {"name": EVIL, "nested": [EVIL]}
    element = jsonld.script(data)
    assert element.startswith('<script type="application/ld+json">') and element.endswith("</script>")
    inner = element[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == data


def test_jsonld_types_and_confirmed_fields_only(shipped: dict[str, Any]) -> None:
    data = copy.deepcopy(shipped)
    data["sources"][0]["verified"] = [f for f in data["sources"][0]["verified"] if f != "title"]
    atlas = _atlas(data)
    source = next(iter(atlas.sources.values()))
    ld = jsonld.source(source, "https://x.invalid/s/")
    assert ld["@type"] == "ScholarlyArticle" and "name" not in ld
    study = next(iter(atlas.studies.values()))
    ld = jsonld.study(atlas, study, "https://x.invalid/st/", {s: f"https://x.invalid/{s}/" for s in atlas.sources})
    assert ld["@type"] in ("MedicalStudy", "MedicalTrial") and ld["name"] == study.title
    assert ld["citation"] == [f"https://x.invalid/{s}/" for s in study.cite]


def test_jsonld_claim_review(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    claim = next(iter(atlas.claims.values()))
    ld = jsonld.claim(claim, "https://x.invalid/c/", {s: f"https://x.invalid/{s}/" for s in atlas.sources})
    assert ld["@type"] == "ClaimReview" and ld["claimReviewed"] == claim.claim
    assert ld["reviewRating"]["alternateName"] == vocabulary.sentence(vocabulary.VERDICT[claim.verdict])
    assert ld["citation"] == [f"https://x.invalid/{s}/" for s in claim.cite]


def test_jsonld_study_type_follows_the_design(shipped: dict[str, Any]) -> None:
    data = copy.deepcopy(shipped)
    first, second = data["studies"][0], data["studies"][1]
    first.update(design="randomised-controlled", control="placebo", phase="2")
    second.update(design="case-report", phase=None, control="none")
    atlas = _atlas(data)
    urls = {s: "https://x.invalid/" for s in atlas.sources}
    rct = jsonld.study(atlas, atlas.studies[first["id"]], "https://x.invalid/", urls)
    case = jsonld.study(atlas, atlas.studies[second["id"]], "https://x.invalid/", urls)
    assert rct["@type"] == "MedicalTrial" and rct["phase"] == "Phase 2"
    assert rct["trialDesign"] == ["https://schema.org/RandomizedTrial", "https://schema.org/PlaceboControlledTrial"]
    assert case["@type"] == "MedicalStudy" and "trialDesign" not in case and "phase" not in case


# feed ------------------------------------------------------------------------------------------------------

def test_atom_feed_is_valid_sorted_and_escaped() -> None:
    items = [feed.Entry("https://x.invalid/a/", EVIL, "https://x.invalid/a/", "s & t", "2024-01-01T00:00:00Z",
                        "2024-02-01T00:00:00Z"),
             feed.Entry("https://x.invalid/b/", "B", "https://x.invalid/b/", "b", "2025-01-01T00:00:00Z",
                        "2025-01-01T00:00:00Z")]
    text = feed.atom("Atlas", "https://x.invalid/", "https://x.invalid/feed.xml", "2025-01-02T00:00:00Z", items)
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2005/Atom}"
    titles = [e.find(f"{ns}title").text for e in root.findall(f"{ns}entry")]
    assert titles == ["B", EVIL]
    assert root.find(f"{ns}updated").text == "2025-01-02T00:00:00Z"


def test_feed_entries_per_study_and_claim_dated_by_history(shipped: dict[str, Any]) -> None:
    data = copy.deepcopy(shipped)
    source = data["sources"][0]["id"]
    data["claims"] = [{"id": "c1", "claim": "A claim", "origin": {"name": "A blog"}, "verdict": "partly-supported",
                       "reasoning": "Because", "cite": [source]}]
    atlas = _atlas(data)
    study = next(iter(atlas.studies.values()))
    past = History("abc", "2026-01-01T00:00:00Z",
                   {f"content/studies/{study.id}.yaml": ("2024-01-01T00:00:00Z", "2025-06-01T00:00:00Z")})
    found = {e.link: e for e in entries(atlas, past, "https://x.invalid/")}
    entry = found[f"https://x.invalid/studies/{study.id}/"]
    assert (entry.published, entry.updated) == ("2024-01-01T00:00:00Z", "2025-06-01T00:00:00Z")
    assert entry.title == f"Updated study: {study.title}"
    assert len(found) == len(atlas.studies) + len(atlas.claims)
    others = [e for link, e in found.items() if not link.endswith(f"/{study.id}/")]
    assert all(e.updated == "2026-01-01T00:00:00Z" for e in others), "files unknown to git get the build date"
    assert all(e.title.startswith("New ") for e in others)
    claim = found["https://x.invalid/claims/c1/"]
    assert claim.id == "https://x.invalid/claims/c1/", "a claim check's entry links its own page"
    assert claim.title == "New claim check (partly supported): A claim" and claim.summary == "Because"


# downloads -------------------------------------------------------------------------------------------------

def test_sources_are_csl_json(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    items = json.loads(downloads.kind_json(atlas, "sources", shipped["sources"], "https://x.invalid/"))
    for item, record in zip(items, shipped["sources"], strict=True):
        assert item["id"] == record["id"] and item["type"] == record["type"]
        if record["issued"] is None:
            assert "issued" not in item
        else:
            assert item["issued"]["date-parts"][0][0] == int(record["issued"][:4])
        assert item["custom"]["verified"] == record["verified"]
        assert item["custom"]["page"] == f"https://x.invalid/sources/{record['id']}/"
    assert downloads._date_parts("2024-09-27") == {"date-parts": [[2024, 9, 27]]}


def test_json_records_validate_against_the_published_schemas(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    validator = Validator(load_schemas(ROOT))
    for kind in KINDS:
        if kind == "sources":
            continue
        for item in json.loads(downloads.kind_json(atlas, kind, shipped[kind], "https://x.invalid/")):
            assert "computed" in item
            record = {k: v for k, v in item.items() if k != "computed"}
            found = validator.validate(Record(kind, f"{kind}/{record['id']}.yaml", record, {}, {}))
            assert not found, [d.format() for d in found]
    studies = json.loads(downloads.kind_json(atlas, "studies", shipped["studies"], "https://x.invalid/"))
    assert {s["computed"]["evidence_level"] for s in studies} <= {lv.code for lv in LEVELS}


def test_csv_has_a_row_per_record_and_no_formulas(shipped: dict[str, Any]) -> None:
    data = _with_evil_study(shipped)
    data["studies"][-1]["title"] = "=HYPERLINK(\"https://evil.invalid\")"
    atlas = _atlas(data)
    rows = list(csv.DictReader(io.StringIO(downloads.kind_csv(atlas, "studies"))))
    assert [r["id"] for r in rows] == list(atlas.studies)
    assert rows[-1]["title"].startswith("'=")
    therapies = list(csv.DictReader(io.StringIO(downloads.kind_csv(atlas, "therapies"))))
    assert [r["id"] for r in therapies] == list(atlas.therapies)
    assert all(int(r["studies"]) == len(atlas.studies_of(r["id"])) for r in therapies)


def test_index_counts_commit_and_date(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    index = json.loads(downloads.index_json(atlas, "abc123", "2026-01-01T00:00:00Z"))
    assert index["counts"] == {kind: len(shipped.get(kind, [])) for kind in KINDS}
    assert (index["commit"], index["built"]) == ("abc123", "2026-01-01T00:00:00Z")


# history ---------------------------------------------------------------------------------------------------

def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x.invalid"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_history_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    (tmp_path / "content" / "studies").mkdir(parents=True)
    path = tmp_path / "content" / "studies" / "a.yaml"
    _git(tmp_path, "init", "-q")
    path.write_text("one\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "add", date="2024-01-02T03:04:05+02:00")
    path.write_text("two\n")
    _git(tmp_path, "commit", "-qam", "change", date="2025-05-06T07:08:09+00:00")
    past = read(tmp_path, ("content/studies",))
    assert re.fullmatch(r"[0-9a-f]{40}", past.commit)
    assert past.of("content/studies/a.yaml") == ("2024-01-02T01:04:05Z", "2025-05-06T07:08:09Z")
    assert past.of("content/studies/new.yaml") == ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")


def test_history_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    past = read(tmp_path, ("content/studies",))
    assert past.commit == UNKNOWN_COMMIT and past.built == "2026-01-01T00:00:00Z" and past.dates == {}


# meta descriptions -----------------------------------------------------------------------------------------

def test_every_record_page_has_its_own_description(shipped: dict[str, Any]) -> None:
    atlas = _atlas(shipped)
    found = descriptions.of_records(atlas)
    assert set(found) == set(entities.pages(atlas)) | {f"therapies/{t}.md" for t in atlas.therapies} | {
        links.entity_src("registrations", r) for r in atlas.registrations}
    shown = [descriptions.attribute(text) for text in found.values()]
    assert len(set(shown)) == len(shown), "two pages share a description"
    assert all(len(html.unescape(text)) <= descriptions.LIMIT for text in shown)


def test_descriptions_are_escaped_for_the_attribute(shipped: dict[str, Any]) -> None:
    atlas = _atlas(_with_evil_study(shipped))
    text = descriptions.of_records(atlas)["studies/evil_study.md"]
    shown = descriptions.attribute(text)
    assert not set('<>"') & set(shown) and "&lt;/script&gt;" in shown and "&quot;" in shown
    assert "\u2028" not in shown and "\n" not in shown
    assert html.unescape(shown).startswith(" ".join(EVIL.split())[:40])


def test_the_first_paragraph_of_prose_describes_a_hand_written_page() -> None:
    page = ('<h1>T</h1><div class="admonition warning"><p class="admonition-title">Not advice</p><div><p>x</p></div>'
            '<p>Inside</p></div><table><tr><td><p>cell</p></td></tr></table>'
            '<p>The <em>first</em> words<sup id="fnref:a"><a href="#fn:a">1</a></sup>.<br> &amp; more</p><p>Second</p>')
    assert descriptions.first_paragraph(page) == "The first words. & more"
    assert descriptions.first_paragraph("<h1>Only a heading</h1><ul><li>item</li></ul>") is None


# the 404 page ----------------------------------------------------------------------------------------------

def test_the_404_page_links_home_and_sections_escaped() -> None:
    entry = not_found.Entry
    many = entry("Many", None, tuple(entry(f"p{i}", f"/s/p{i}/") for i in range(not_found.MAX_CHILDREN + 1)))
    out = not_found.page("/s/", [entry("Home", "/s/"), entry('A "<b>"', "/s/a/?x=1&y=2"),
                                 entry("Few", None, (entry("One", "/s/one/"), entry("Two", "/s/two/"))), many])
    assert 'for="__search"' in out and 'href="/s/">Home</a>' in out and out.count('href="/s/"') == 1
    assert '<a href="/s/a/?x=1&amp;y=2">A &quot;&lt;b&gt;&quot;</a>' in out
    assert '<li>Few: <a href="/s/one/">One</a> · <a href="/s/two/">Two</a></li>' in out
    assert '<li><a href="/s/p0/">Many</a></li>' in out and "p1" not in out
