"""The two editions of one build (mkdocs-static-i18n, hooks/site_pages.py, hooks/editions.py): English at the site
root, Chinese under zh/, every page in both, each linking to its counterpart, each with its own language."""

from __future__ import annotations

import html
import html.parser
import json
import re
from pathlib import Path

import pytest
from conftest import REPO

from hooks import search_index
from macros import i18n, messages
from macros.pipeline import load_atlas_cached

LANG = re.compile(r'<html lang="([^"]+)"')
HAN = re.compile(r"[\u4e00-\u9fff]")


class Alternates(html.parser.HTMLParser):
    """The hreflang links of a page: those in <head> and those of the language switcher."""

    def __init__(self) -> None:
        super().__init__()
        self.head: dict[str, str] = {}
        self.switcher: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.head[a["hreflang"] or ""] = a.get("href") or ""
        if tag == "a" and "md-select__link" in (a.get("class") or "") and a.get("hreflang"):
            self.switcher[a["hreflang"] or ""] = a.get("href") or ""


def alternates(page: Path) -> Alternates:
    parser = Alternates()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def english_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "zh")


def test_every_page_exists_in_both_editions_in_its_language(site: Path) -> None:
    pages = english_pages(site)
    assert len(pages) > 50
    for page in pages:
        chinese = site / "zh" / page.relative_to(site)
        assert chinese.is_file(), f"{page.relative_to(site)} has no Chinese counterpart"
        assert LANG.search(page.read_text(encoding="utf-8"))[1] == "en", page
        assert LANG.search(chinese.read_text(encoding="utf-8"))[1] == "zh", chinese


def test_generated_pages_are_built_for_both_editions_and_the_english_ones_stay_english(site: Path) -> None:
    """mkdocs-static-i18n crashes on File.generated pages (its issue 263) and, left alone, its Chinese pass
    writes its generated pages over the English ones (which then say lang="zh")."""
    study = next((site / "studies").glob("*/index.html"))
    therapy_source = next((site / "sources").glob("*/index.html"))
    for page in (study, therapy_source):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="en"' in text and "Not medical advice" in text, page
        chinese = site / "zh" / page.relative_to(site)
        assert '<html lang="zh"' in chinese.read_text(encoding="utf-8"), chinese


def test_every_page_links_to_its_counterpart_in_head_and_switcher(site: Path) -> None:
    for english in english_pages(site):
        chinese = site / "zh" / english.relative_to(site)
        expected = {"en": english.resolve(), "zh-Hans": chinese.resolve()}
        for page in (english, chinese):
            found = alternates(page)
            for links in (found.head, found.switcher):
                assert {lang: (page.parent / href / "index.html").resolve() for lang, href in links.items()} \
                    == expected, f"{page.relative_to(site)}: {links}"


def test_theme_pages_and_downloads_are_not_overwritten_by_the_chinese_pass(site: Path) -> None:
    assert '<html lang="en"' in (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in (site / "zh" / "404.html").read_text(encoding="utf-8")
    downloads = sorted(p.name for p in (site / "data").iterdir() if p.suffix in {".json", ".csv"})
    assert downloads and not any((site / "zh" / "data").glob("*.json")), "downloads are one dataset, at data/"
    assert (site / "feed.xml").is_file() and (site / "zh" / "feed.xml").is_file()


def test_chinese_pages_carry_the_chinese_disclaimer_and_site_name(site: Path) -> None:
    text = (site / "zh" / "therapies" / "msc" / "index.html").read_text(encoding="utf-8")
    assert "<strong>不构成医疗建议。</strong>" in text
    assert "糖尿病细胞治疗图谱" in text
    assert "间充质基质细胞" in text


def test_counterparts_map_both_ways() -> None:
    assert i18n.counterparts("") == {"en": "", "zh": "zh/"}
    assert i18n.counterparts("zh/therapies/msc/") == {"en": "therapies/msc/", "zh": "zh/therapies/msc/"}
    assert i18n.split("zhou/") == ("en", "zhou/")
    with pytest.raises(ValueError, match="unknown language"):
        i18n.prefix("fr")


def test_search_index_segments_chinese_and_splits_on_zero_width_space(site: Path) -> None:
    """Material inserts U+200B between the words jieba finds; a separator without it indexes a Chinese sentence as
    one word, and Chinese search then finds nothing, silently."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "zh"]
    assert re.split(index["config"]["separator"], "间充质\u200b基质\u200b细胞") == ["间充质", "基质", "细胞"]
    msc = [d for d in index["docs"] if d["location"] == "zh/therapies/msc/"]
    assert msc and "\u200b" in msc[0]["title"] + msc[0]["text"]
    english = [d for d in index["docs"] if d["location"] == "therapies/msc/"]
    assert english and not re.search(r"[\u4e00-\u9fff]", english[0]["title"])


def test_no_page_is_listed_twice_in_the_search_index(site: Path) -> None:
    """hooks/search_index.py: a Chinese entry that repeats the English one at the same address is left out (a page not
    yet written in Chinese), one that differs is kept; on the real site, no entry repeats another."""
    english = {"location": "a/", "title": "A", "text": "Same"}
    docs = [english, {**english, "location": "zh/a/"}, {"location": "zh/b/", "title": "B", "text": "乙"},
            {"location": "b/", "title": "B", "text": "B"}, {**english, "location": "zh/c/"}]
    assert search_index.without_copies(docs) == [english, *docs[2:]]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert search_index.without_copies(index) == index
    assert any(d["location"].startswith("zh/") for d in index) and any(not d["location"].startswith("zh/") for d in index)


def test_chinese_tables_have_no_english_engine_words(site: Path) -> None:
    """Every table header is Chinese (or a therapy's name, from the data) and 'unknown' reads 未知; the data's own
    text is not translated yet and is not checked here."""
    names = {name for t in load_atlas_cached(REPO).atlas.therapies.values()
             for name in (t.short_name, t.short_name.in_language("zh"))}  # a name may be the same in Chinese
    checked = 0
    for page in sorted((site / "zh").rglob("index.html")):
        if "reference" in page.relative_to(site).parts:
            continue  # the data-model and error-code references describe the YAML, in English
        text = page.read_text(encoding="utf-8")
        headers = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", text, re.DOTALL)]
        checked += len(headers)
        english = [h for h in headers if not HAN.search(h) and h not in names and h]
        assert not english, f"{page.relative_to(site)}: English headers {english}"
        assert ">unknown</span>" not in text, page.relative_to(site)
    assert checked > 100


class ShownText(html.parser.HTMLParser):
    """The text a reader of a page sees in the page's own language: no <head>, scripts or styles, nothing inside an
    element marked as another language (lang="en") or as not yet translated, and not the header's echo of the page
    title (a source's page is titled by the source's own title, as published)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        hide = (tag in ("head", "script", "style") or (a.get("lang") or "").startswith(i18n.DEFAULT)
                or "atlas-untranslated" in classes or "md-header__topic" in classes)
        self.stack.append(hide)
        self.hidden += hide

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.hidden -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _translated_english(node: object, found: set[str]) -> None:
    """The English of every translated field ({en, zh}) under `node`, where the Chinese does not quote it."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("zh"), str):
            english = " ".join(node["en"].split())
            if english not in " ".join(node["zh"].split()):
                found.add(english)
            return
        for value in node.values():
            _translated_english(value, found)
    elif isinstance(node, list):
        for value in node:
            _translated_english(value, found)


def test_translated_data_text_never_reaches_a_chinese_page_in_english(site: Path) -> None:
    """Where the data holds a field's Chinese, a Chinese page never shows that field's English unmarked: every
    renderer takes the edition's text (escape.local), not the English str the model also is. English of fewer than
    four words (a product or programme name, 'HbA1c') is left out, as is English in brackets right after Chinese
    (a gloss, 干细胞教育疗法（Stem Cell Educator）): both may rightly stand in Chinese text."""
    english: set[str] = set()
    for records in load_atlas_cached(REPO).data.values():
        _translated_english(list(records), english)
    english = {e for e in english if len(re.findall(r"[A-Za-z]{2,}", e)) >= 4}
    assert len(english) > 500
    pattern = re.compile("|".join(re.escape(e) for e in sorted(english, key=len, reverse=True)))
    leaks: dict[str, list[str]] = {}
    for page in sorted((site / "zh").rglob("*.html")):
        if "reference" in page.relative_to(site).parts:
            continue  # the data-model and error-code references describe the YAML, in English
        shown = ShownText()
        shown.feed(page.read_text(encoding="utf-8"))
        text = " ".join(" ".join(shown.parts).split())
        for match in pattern.finditer(text):
            if text[max(0, match.start() - 1):match.start()] in ("（", "("):
                continue
            leaks.setdefault(str(page.relative_to(site)), []).append(match.group(0))
    assert not leaks, "\n".join(f"{page}: {found[:3]}" for page, found in sorted(leaks.items())[:20])


#: Elements whose text is not the engine's prose: code, and what the browser does not show as text.
NOT_PROSE = frozenset({"code", "pre", "kbd", "script", "style"})
VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "rect", "path", "line", "col", "source"})
PLACEHOLDER = re.compile(r"\{[^}]*\}")
SEPARATORS = re.compile(r"[：；。]|: |; ")  #: between the parts of a composed text


class ReaderText(html.parser.HTMLParser):
    """The text runs a reader of a page sees in its <article> and <title>, and its meta description, leaving out
    code and every element marked lang="en" (text from the data shown in English, marked so)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[bool] = []
        self.inside = 0
        self.runs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.runs.append(a.get("content") or "")
        if tag in VOID:
            return
        outer = bool(self.skipping and self.skipping[-1])
        self.skipping.append(outer or tag in NOT_PROSE or (a.get("lang") or "").startswith("en"))
        self.inside += tag in ("article", "title")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.skipping:
            return
        self.skipping.pop()
        self.inside -= tag in ("article", "title")

    def handle_data(self, data: str) -> None:
        if self.inside and not (self.skipping and self.skipping[-1]):
            self.runs.append(" ".join(data.split()))


def engine_phrases() -> set[str]:
    """The engine's English words of three or more words: each message of the Chinese catalogue, cut at its
    placeholders (a phrase this long is the engine's own wording, not a label that data might also use)."""
    phrases = set()
    for message in messages.catalogue("zh"):
        for piece in PLACEHOLDER.split(message.id if isinstance(message.id, str) else ""):
            piece = " ".join(piece.strip(" ,.;:()*-[]").split())
            if len(re.findall(r"[A-Za-z]+", piece)) >= 3:
                phrases.add(piece)
    return phrases


def data_text() -> list[str]:
    """Every text value of the data: a page may quote any of it in English."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(" ".join(node.split()))
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk([list(records) for records in load_atlas_cached(REPO).data.values()])
    return found


def engine_words_in(run: str, phrases: set[str], quoting: dict[str, list[str]]) -> list[str]:
    """The phrases in a run of text once the data values that hold them are taken out of it (a value cut short, as
    a meta description cuts it, counts when the piece between separators that holds the phrase is part of one)."""
    found = []
    for phrase in phrases:
        if phrase in run:
            rest = run
            for value in quoting[phrase]:
                rest = rest.replace(value, "")
            pieces = [p.strip(" …") for p in SEPARATORS.split(rest) if phrase in p]
            found += [phrase] if any(not any(p in v for v in quoting[phrase]) for p in pieces) else []
    return found


def test_no_english_engine_words_reach_a_chinese_page(site: Path) -> None:
    """Every generated and hand-written page of the Chinese edition (trial pages and finder, claim pages, the 404
    page, the home page's glance, the glossary line under tables, the Data page, meta descriptions): none holds a
    phrase of the engine's English messages outside text marked lang="en"; the data's own English text may."""
    phrases, data = engine_phrases(), data_text()
    quoting = {p: sorted((v for v in data if p in v), key=len, reverse=True) for p in phrases}
    assert {"Completed, no results", "Page not found"} <= phrases and "Status history" not in phrases  # 2 words
    checked, problems = set(), []
    for page in sorted((site / "zh").rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("zh/reference/"):
            continue  # the data-model and error-code references describe the YAML, in English
        reader = ReaderText()
        reader.feed(page.read_text(encoding="utf-8"))
        for run in reader.runs:
            found = engine_words_in(run, phrases, quoting)
            if found:
                problems.append(f"{relative}: {found[0]!r} in {run[:120]!r}")
        checked.add(relative.split("/")[1])
    assert not problems, "\n".join(problems[:20])
    assert {"trials", "claims", "404.html", "index.html", "data", "studies", "sources", "therapies"} <= checked


def test_chinese_trial_claim_and_404_pages_read_in_chinese(site: Path) -> None:
    """The page types the registry and wayfinding work added, in their Chinese words."""
    zh = site / "zh"
    finder = (zh / "trials" / "index.html").read_text(encoding="utf-8")
    assert "试验查找" in finder and 'aria-label="注册记录表"' in finder and 'data-facet-status="状态"' in finder
    trial = next(p for p in sorted((zh / "trials").glob("*/index.html")))
    text = trial.read_text(encoding="utf-8")
    assert "状态历史" in text and "来源说明" in text and "Status history" not in text
    flagged = [p for p in (zh / "trials").glob("*/index.html") if "已完成，无结果" in p.read_text(encoding="utf-8")]
    assert flagged, "no Chinese trial page carries the completed-no-results warning"
    assert "未找到页面" in (zh / "404.html").read_text(encoding="utf-8")
    home = (zh / "index.html").read_text(encoding="utf-8")
    assert "本图谱收录" in home and "最近更新" in home
    claim = next(p for p in sorted((zh / "claims").glob("*/index.html")))
    assert '<meta name="description" content="说法核查' in claim.read_text(encoding="utf-8")


def test_each_edition_has_its_own_sitemap(site: Path) -> None:
    """sitemap.xml lists the English pages and zh/sitemap.xml the Chinese ones, each page once with its last change
    (a sitemap lists addresses under its own folder), and neither repeats the hreflang alternates that every page's
    head has: Material's bundle parses the sitemap as each page starts, so its size is main-thread time."""
    editions = ((site / "sitemap.xml", english_pages(site), "/atlas/"),
                (site / "zh" / "sitemap.xml", list((site / "zh").rglob("index.html")), "/atlas/zh/"))
    for path, pages, prefix in editions:
        text = path.read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        assert len(locs) == len(set(locs)) == len(pages) == text.count("<lastmod>"), path
        assert all(prefix in loc for loc in locs) and any(loc.endswith(prefix + "trials/") for loc in locs), path
        assert "alternate" not in text and "changefreq" not in text, path
    assert not [loc for loc in re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
                if "/atlas/zh/" in loc], "the English sitemap lists Chinese pages"
