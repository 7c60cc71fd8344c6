"""Both editions in a real browser: Chinese search finds the pages that hold a query (jieba segmentation, a
separator with U+200B), English search is unchanged, and the language switcher leads to the same page in the
other edition, with a full page load, after instant navigation too (hooks/editions.py, docs/assets/editions.js)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from reader.test_reader_browser import CHROMIUM, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need Debian's Chromium at /usr/bin/chromium")

#: query -> a page that holds it and must be among the results
CHINESE_QUERIES = {
    "糖尿病": "zh/",
    "干细胞": "zh/therapies/ahsct/",
    "胰岛": "zh/therapies/cipsc_islets/",  # one of the 60-odd pages holding it (all data is in Chinese too)
    "间充质": "zh/therapies/msc/",
    "免疫抑制": "zh/therapies/hypoimmune_islets/",
}

#: Material's "search.result.initializer" in each edition: the search box says so until the index is built
INITIALIZING = ("Initializing search", "正在初始化搜索引擎")


def search(tab: Any, start: str, query: str) -> list[str]:
    """The result URLs (without ?h= highlight or #section) that Material's search lists for `query`, from `start`."""
    tab.goto(start)
    box = tab.locator("input.md-search__input")
    box.click()
    # The worker has built the index ("Type to start searching"), then the query arrives as one input event with
    # no key release, as an input method commits Chinese text or a mouse pastes it (docs/assets/editions.js)
    tab.wait_for_function("names => !names.includes(document.querySelector('.md-search-result__meta')"
                          ".textContent.trim())", arg=list(INITIALIZING), timeout=60_000)
    box.fill(query)
    tab.wait_for_selector(".md-search-result__item", timeout=10_000)
    items = tab.locator(".md-search-result__item")
    shown = -1
    while shown != items.count():  # Material lists ten results more each time the list is scrolled to its end
        shown = items.count()
        tab.locator(".md-search__scrollwrap").first.evaluate("wrap => { wrap.scrollTop = wrap.scrollHeight; }")
        tab.wait_for_timeout(300)
    hrefs = tab.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    return sorted({href.split("#")[0].split("?")[0] for href in hrefs})


@pytest.mark.parametrize("query", CHINESE_QUERIES)
def test_chinese_search_finds_the_pages_holding_the_query(page: Any, served: str, site: Path,  # noqa: F811
                                                          query: str) -> None:
    """The page named is listed, and the best match holds the whole query (lower results may hold only one of the
    words the browser's segmenter splits it into)."""
    found = search(page, served + "zh/", query)
    assert served + CHINESE_QUERIES[query] in found, found
    best = page.locator(".md-search-result__item > a.md-search-result__link").first.evaluate("a => a.href")
    path = best.split("#")[0].split("?")[0][len(served):]
    text = re.sub(r"<[^>]+>", "", (site / path / "index.html").read_text(encoding="utf-8"))
    assert query in text, f"the best result for {query}, {path}, does not hold it"


def test_english_search_is_unchanged(page: Any, served: str) -> None:  # noqa: F811
    """One index serves both editions (docs/methodology.md, "Two editions and search")."""
    found = search(page, served, "zimislecel")
    assert served + "therapies/zimislecel/" in found


def test_switcher_leads_to_the_same_page_in_the_other_edition(page: Any, served: str) -> None:  # noqa: F811
    page.goto(served + "therapies/msc/")
    page.locator(".md-select__link[hreflang='zh-Hans']").evaluate("a => a.click()")
    page.wait_for_url("**/zh/therapies/msc/")
    assert page.evaluate("() => document.documentElement.lang") == "zh"
    assert "糖尿病细胞治疗图谱" in page.locator(".md-header__topic").first.inner_text()
    page.locator(".md-select__link[hreflang='en']").evaluate("a => a.click()")
    page.wait_for_url(served + "therapies/msc/")
    assert page.evaluate("() => document.documentElement.lang") == "en"


def test_switcher_follows_instant_navigation(page: Any, served: str) -> None:  # noqa: F811
    page.goto(served)
    page.locator("a[href$='studies/']:visible").first.click()  # a tab or the nav, by the window's width
    page.wait_for_url("**/studies/")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    link = page.locator(".md-select__link[hreflang='zh-Hans']").evaluate("a => a.href")
    assert link == urljoin(served, "zh/studies/")
