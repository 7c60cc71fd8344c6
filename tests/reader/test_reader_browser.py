"""The site as readers see it: headless Chromium from Debian (never a browser downloaded by a test tool), driven
by Playwright, against the built site served on 127.0.0.1. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO as ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
AXE_LOCK_DIR = Path(__file__).parent / "axe"
AXE_CACHE = ROOT / ".cache" / "axe"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: One page of every type the site has.
PAGE_TYPES = {
    "home": "",
    "comparison": "compare/",
    "therapy-index": "therapies/",
    "therapy": "therapies/zimislecel/",
    "study-index": "studies/",
    "study": "studies/gu2012_ahsct_adolescents/",
    "source-index": "sources/",
    "source": "sources/reichman2025_zimislecel_nejm/",
    "data": "data/",
    "claims": "claims/",
    "reference": "reference/data-model/",
    "timeline": "timeline/",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need Debian's Chromium at /usr/bin/chromium: `apt-get install -y chromium` "
           "(.ci/run installs it when CI=true)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def axe_script() -> Path:
    """axe-core, installed from npm at the version pinned in tests/reader/axe/package-lock.json."""
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    lock = json.loads((AXE_LOCK_DIR / "package-lock.json").read_text())
    wanted = lock["packages"]["node_modules/axe-core"]["version"]
    installed = AXE_CACHE / "node_modules" / "axe-core" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core needs npm to be installed (`apt-get install -y npm`)")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(AXE_LOCK_DIR / name, AXE_CACHE / name)
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", str(AXE_CACHE)],
                       check=True, capture_output=True, text=True, timeout=300)
    return script


def _rows(block: Any) -> list[list[str]]:
    """The visible body rows of the table in `block`, as cell texts without footnote numbers."""
    return block.locator("table").evaluate(
        "t => Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => Array.from(r.cells).map(c => {"
        " const copy = c.cloneNode(true); copy.querySelectorAll('sup').forEach(s => s.remove());"
        " return copy.textContent.replace(/\\s+/g, ' ').trim(); }))"
    )


def _number(text: str) -> float | None:
    """The leading number of a cell ('≥ 14 (note)' -> 14.0), or None when the value is unknown."""
    digits = "".join(ch for ch in text.split("(")[0] if ch.isdigit() or ch == ".")
    return float(digits) if digits else None


def _sorted_with_unknown_last(values: list[float | None], reverse: bool = False) -> bool:
    known = [v for v in values if v is not None]
    return known == sorted(known, reverse=reverse) and values == known + [None] * (len(values) - len(known))


def test_home_and_therapy_pages_load(page: Any, served: str) -> None:
    response = page.goto(served)
    assert response.ok
    assert "Diabetes Cell Therapy Atlas" in page.title()
    assert page.locator("text=Not medical advice").first.is_visible()
    page.goto(served + "therapies/zimislecel/")
    assert page.locator("h1").inner_text().startswith("Zimislecel")
    assert page.locator(".atlas-data table a[href*='forward101_zimislecel_phase12']").count() >= 1
    assert page.locator(".atlas-badge").first.is_visible()


def test_sort_a_table_by_clicking_its_header(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    headers = block.locator("thead th")
    names = [h.strip() for h in headers.all_inner_texts()]
    column = names.index("Participants")
    button = headers.nth(column).locator("button.atlas-sort")
    assert headers.nth(column).get_attribute("aria-sort") is None
    button.click()
    assert headers.nth(column).get_attribute("aria-sort") == "ascending"
    ascending = [_number(r[column]) for r in _rows(block)]
    assert _sorted_with_unknown_last(ascending) and len({v for v in ascending if v is not None}) >= 2
    button.press("Enter")  # keyboard works too
    assert headers.nth(column).get_attribute("aria-sort") == "descending"
    descending = [_number(r[column]) for r in _rows(block)]
    assert _sorted_with_unknown_last(descending, reverse=True)
    assert sorted(v for v in descending if v is not None) == sorted(v for v in ascending if v is not None)


def test_filter_a_table_by_text(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    total = len(_rows(block))
    china = [r for r in _rows(block) if "China" in " ".join(r)]
    assert 0 < len(china) < total, "the shipped content should have studies in China and elsewhere"
    block.locator("input[type=search]").fill("china")
    shown = _rows(block)
    assert len(shown) == len(china) and all("China" in " ".join(r) for r in shown)
    assert block.locator("[role=status]").inner_text() == f"{len(china)} of {total} rows"
    block.locator("input[type=search]").fill("")
    assert len(_rows(block)) == total


def test_tables_are_complete_without_javascript(browser: Any, served: str) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served + "studies/")
    studies = tab.context.request.get(served + "data/studies.json").json()
    rows = tab.locator(".atlas-data").first.locator("tbody tr")
    assert rows.count() == len(studies)
    assert tab.locator("button.atlas-sort").count() == 0
    context.close()


def test_enhancement_survives_instant_navigation(page: Any, served: str) -> None:
    page.goto(served)
    page.locator("nav.md-nav--primary a[href$='studies/']").first.click()
    page.wait_for_url("**/studies/")
    page.wait_for_selector(".atlas-data button.atlas-sort")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1, \
        "expected an instant (in-page) navigation, not a full page load"
    assert page.locator(".atlas-data input[type=search]").count() >= 1


def test_footnote_reference_on_hover(page: Any, served: str) -> None:
    page.goto(served + "therapies/zimislecel/")
    page.locator("sup a.footnote-ref").first.hover()
    note = page.locator(".atlas-note")
    note.wait_for(state="visible", timeout=5000)
    assert "Reichman" in note.inner_text()
    page.keyboard.press("Escape")
    note.wait_for(state="hidden", timeout=5000)


def test_tapping_a_footnote_on_a_phone_shows_the_reference_without_jumping(browser: Any, served: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(served + "studies/")
    ref = tab.locator(".atlas-data sup a.footnote-ref").nth(3)
    ref.scroll_into_view_if_needed()
    before = tab.evaluate("() => [window.scrollY, location.hash]")
    target = tab.evaluate("a => document.getElementById(decodeURIComponent(a.hash.slice(1))).innerText", ref.element_handle())
    ref.tap()
    note = tab.locator(".atlas-note")
    note.wait_for(state="visible", timeout=5000)
    shown, box = note.inner_text(), note.bounding_box()
    after = tab.evaluate("() => [window.scrollY, location.hash]")
    tab.locator(".atlas-note__close").tap()
    note.wait_for(state="hidden", timeout=5000)
    context.close()
    assert after == before, "the page jumped"
    assert target.split(".")[0].strip() in shown
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_follow_download_links_and_parse_the_files(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    csv_link = page.locator(".md-content a", has_text="CSV").first
    json_link = page.locator(".md-content a", has_text="JSON").first
    csv_url = page.evaluate("a => a.href", csv_link.element_handle())
    json_url = page.evaluate("a => a.href", json_link.element_handle())
    assert csv_url.endswith("/data/studies.csv") and json_url.endswith("/data/studies.json")
    rows = list(csv.DictReader(io.StringIO(page.context.request.get(csv_url).text())))
    records = page.context.request.get(json_url).json()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert {r["evidence_level"] for r in rows} <= {"L1", "L2", "L3", "L4", "L5", "R"}
    page.goto(served + "data/")
    with page.expect_navigation():
        page.locator(".md-content a[href$='index.json']").first.click()
    index = json.loads(page.locator("body").inner_text())
    assert index["counts"]["studies"] == len(records)


#: axe's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA (target size included).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_serious_accessibility_violations(browser: Any, served: str, axe_script: Path, name: str) -> None:
    """axe-core with the WCAG 2.2 AA rules on every page type, at desktop and phone width, with a screenshot of each."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected as an inline script
        tab = context.new_page()
        assert tab.goto(served + PAGE_TYPES[name]).ok
        tab.wait_for_load_state("networkidle")
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        # Off-screen tables skip rendering (content-visibility: auto), so geometry rules such as target size would
        # measure boxes nobody sees: render everything, as it is once scrolled into view.
        tab.add_style_tag(content=".atlas-data, .atlas-data tr { content-visibility: visible !important; }")
        tab.add_script_tag(path=str(axe_script))
        result = tab.evaluate("async tags => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
                              " resultTypes: ['violations']})", WCAG_TAGS)
        context.close()
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{name} at {width} width:\n" + "\n".join(serious)


# -- Content-Security-Policy (overrides/main.html): every page type loads, runs its scripts and searches without a
# -- single violation, and the policy does block what is not the site's own.

#: Records every violation the page reports, from before its first script runs.
RECORD = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")


def _open(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    tab.add_init_script(RECORD)
    assert tab.goto(url).ok
    tab.wait_for_load_state("networkidle")
    return context, tab, console


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_violation_on_any_page_type(browser: Any, served: str, name: str) -> None:
    context, tab, console = _open(browser, served + PAGE_TYPES[name])
    try:
        assert tab.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
        assert tab.evaluate("() => typeof __md_get === 'function' && document.body.dataset.mdColorScheme !== undefined")
        assert tab.evaluate("() => window.__csp") == [] and console == []
    finally:
        context.close()


def test_search_and_instant_navigation_keep_to_the_policy(browser: Any, served: str) -> None:
    context, tab, console = _open(browser, served)
    try:
        tab.locator(".md-search__input").first.click()
        tab.locator(".md-search__input").press_sequentially("zimislecel", delay=50)  # the search worker runs
        tab.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        tab.locator(".md-search-result__item a").first.click()
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate("() => window.__csp || []") == [] and console == []
    finally:
        context.close()


@pytest.mark.parametrize("attack", [
    "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }",
    "() => { const i = document.createElement('img'); i.src = 'https://example.org/x.png'; document.body.append(i); }",
    "() => { const s = document.createElement('style'); s.textContent = 'body{color:red}'; document.head.append(s); }",
])
def test_the_policy_blocks_what_is_not_the_sites_own(browser: Any, served: str, attack: str) -> None:
    context, tab, _ = _open(browser, served + "compare/")
    try:
        tab.evaluate(attack)
        tab.wait_for_function("() => window.__csp.length > 0", timeout=10_000)
        assert tab.evaluate("() => window.__ran") is None
    finally:
        context.close()


MONTHS = {"day": 12 / 365.25, "week": 12 / 52.18, "month": 1.0, "year": 12.0}


def _months(text: str) -> float | None:
    """'12 weeks (median)' -> 2.76, '≥ 1 year' -> 12.0, 'unknown' -> None."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*(day|week|month|year)s?", text)
    return None if match is None else float(match[1]) * MONTHS[match[2]]


def _header_index(block: Any, name: str) -> int:
    return [h.strip() for h in block.locator("thead th").all_inner_texts()].index(name)


def _visible_headers(tab: Any, selector: str = ".atlas-data .atlas-scroll") -> dict[str, Any]:
    """The headers of the first table shown and whether each is in view without scrolling sideways."""
    return tab.locator(selector).first.evaluate(
        "r => { const box = r.getBoundingClientRect();"
        " const shown = [...r.querySelectorAll('thead th')].filter(th => th.getClientRects().length);"
        " return {overflow: r.scrollWidth - r.clientWidth, in_view: shown.filter(th =>"
        " th.getBoundingClientRect().right <= box.right + 1).map(th => th.innerText.trim())}; }")


def test_desktop_shows_the_compared_columns_and_details_expand(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    view = _visible_headers(page)
    assert view["overflow"] <= 0, "the studies table should not scroll sideways at 1280 px"
    assert {"Study", "Therapy", "Participants", "Follow-up", "Deaths", "Evidence"} <= set(view["in_view"])
    assert "Key outcome" not in view["in_view"]
    block = page.locator(".atlas-data").first
    first = block.locator("tbody tr").first
    first.locator("button.atlas-more").click()
    details = block.locator("tr.atlas-details-row").first
    assert details.is_visible() and "Key outcome" in details.inner_text() and "Registry" in details.inner_text()
    assert first.locator("button.atlas-more").get_attribute("aria-expanded") == "true"
    block.locator("button.atlas-columns").click()
    assert "Key outcome" in _visible_headers(page)["in_view"] or _visible_headers(page)["overflow"] > 0
    assert block.locator("thead th", has_text="Key outcome").is_visible()


def test_first_column_stays_in_view_when_a_table_scrolls_sideways(browser: Any, served: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    tab = context.new_page()
    tab.goto(served + "therapies/")
    region = tab.locator(".atlas-data .atlas-scroll").first
    tab.locator(".atlas-data button.atlas-columns").first.click()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the full therapies table should scroll at 800 px"
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    lefts = "r => [...r.querySelector('tbody tr').cells].slice(0, 2).map(c => c.getBoundingClientRect().left)"
    first_before, second_before = region.evaluate(lefts)
    scrolled = region.evaluate("r => { r.scrollLeft = r.scrollWidth; return r.scrollLeft; }")
    first_after, second_after = region.evaluate(lefts)
    context.close()
    assert scrolled > 50
    assert abs(first_after - first_before) <= 2, "the first column moved away"  # (the table's border scrolls)
    assert abs((second_before - second_after) - scrolled) <= 2, "the other columns did not scroll with the table"


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_rows_read_as_cards(browser: Any, served: str, javascript: bool) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(served + "studies/")
    table = tab.locator(".atlas-data table").first
    cards = table.evaluate(
        "t => [...t.tBodies[0].rows].slice(0, 3).map(r => [...r.cells].map(c => ({label: c.dataset.label,"
        " before: getComputedStyle(c, '::before').content, display: getComputedStyle(c).display,"
        " width: c.getBoundingClientRect().width})))")
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    headers = table.locator("thead th").count()
    context.close()
    assert overflow <= 0, "the page scrolls sideways on a phone"
    for card in cards:
        assert len(card) == headers
        for cell in card:
            assert cell["display"] == "block" and cell["before"] == f'"{cell["label"]}: "'
            assert cell["width"] > 300, "each label: value pair takes the card's width"


def test_sorting_knows_units_and_keeps_unknown_last(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    column = _header_index(block, "Follow-up")
    button = block.locator("thead th").nth(column).locator("button")
    button.click()
    ascending = [_months(r[column]) for r in _rows(block)]
    assert _sorted_with_unknown_last(ascending)
    texts = [r[column] for r in _rows(block)]
    assert any("week" in t for t in texts) and any("month" in t for t in texts) and any("year" in t for t in texts)
    button.click()
    assert _sorted_with_unknown_last([_months(r[column]) for r in _rows(block)], reverse=True)
    evidence = _header_index(block, "Evidence")
    block.locator("thead th").nth(evidence).locator("button").click()
    levels = [r[evidence].split()[0] for r in _rows(block)]
    order = ["L1", "L2", "L3", "L4", "L5", "R"]
    assert levels == sorted(levels, key=order.index)


def test_facets_and_phrases_filter_and_live_in_the_url(page: Any, served: str) -> None:
    studies = page.context.request.get(served + "data/studies.json").json()
    type2 = [s for s in studies if "T2D" in s["diabetes_types"]]
    assert 0 < len(type2) < len(studies)
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    column = _header_index(block, "Diabetes")
    block.locator("select[data-facet=diabetes]").select_option("type 2")
    shown = _rows(block)
    assert len(shown) == len(type2) and all("type 2" in r[column] for r in shown)
    assert block.locator("[role=status]").inner_text() == f"{len(type2)} of {len(studies)} rows"
    assert "diabetes=type+2" in page.url
    block.locator("select[data-facet=diabetes]").select_option("")
    block.locator("input[type=search]").fill("type 2")
    phrase = _rows(block)
    assert len(phrase) < len(studies) and all(re.search(r"\btype 2\b", " ".join(r).lower()) for r in phrase)
    assert {r[0] for r in phrase} >= {r[0] for r in shown}
    block.locator("input[type=search]").fill("")
    block.locator("select[data-facet=region]").select_option("China")
    n = _header_index(block, "Participants")
    block.locator("thead th").nth(n).locator("button").click()
    block.locator("thead th").nth(n).locator("button").click()
    shared = page.url
    assert "region=China" in shared and "sort=participants" in shared and "dir=desc" in shared
    page.goto(shared)  # a shared link opens the same view
    block = page.locator(".atlas-data").first
    assert block.locator("select[data-facet=region]").input_value() == "China"
    assert block.locator("thead th").nth(n).get_attribute("aria-sort") == "descending"
    rows = _rows(block)
    assert rows and all("China" in " ".join(r) for r in rows)
    assert _sorted_with_unknown_last([_number(r[n]) for r in rows], reverse=True)


DISCLAIMER = "Not medical advice."


def _printed(tab: Any, name: str) -> list[str]:
    """The page printed to an A4 PDF (kept in test-artifacts/), read back as text, one string per printed page."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("the print test reads PDFs with pdftotext: `apt-get install -y poppler-utils` (.ci/run does)")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"{name}-print.pdf"
    tab.pdf(path=str(pdf), format="A4")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_printed_pages_carry_the_disclaimer_every_column_links_and_references(page: Any, served: str) -> None:
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    labels = [h.strip() for h in block.locator("thead th").all_inner_texts()]
    rows = len(_rows(block))
    pages = _printed(page, "studies")
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert len(pages) > 1 and all(DISCLAIMER in p for p in pages), "a printed page lacks the disclaimer"
    for label in labels:  # every column, as a label: value pair of each card
        assert len(re.findall(rf"(?<![\w-]){re.escape(label)}: ", text)) >= rows, f"column {label!r} is missing"
    assert re.search(r"<http://127\.0\.0\.1:\d+/studies/\w+/>", flat), "link targets are not written out"
    assert "References" in text and "Reichman" in flat
    for control in ("Filter rows", "Show all columns", "Details", "Sort by", "Table of contents", "Glossary"):
        assert control not in text, f"{control!r} was printed"


#: Lighthouse's BenchmarkIndex of the host (core/lib/page-functions.js computeBenchmarkIndex, restated): string
#: building (with garbage collection) and array copying, each for 500 ms, in iterations per second / 10.
BENCHMARK_INDEX = """() => {
  const rate = (step) => { const start = Date.now(); let n = 0;
    while (n % 10 !== 0 || Date.now() - start < 500) { step(n); n++; }
    return Math.round(n / 10 / ((Date.now() - start) / 1000)); };
  const strings = rate(() => { let s = ""; for (let j = 0; j < 10000; j++) s += "a"; if (s.length === 1) throw 0; });
  const a = [], b = []; for (let i = 0; i < 100000; i++) a[i] = b[i] = i;
  const arrays = rate((n) => { const src = n % 2 ? b : a, dst = n % 2 ? a : b;
    for (let j = 0; j < src.length; j++) dst[j] = src[j]; });
  return (strings + arrays) / 2; }"""
LONG_TASKS = ("window.atlasLongTasks = []; new PerformanceObserver(list => { for (const e of list.getEntries())"
              " window.atlasLongTasks.push([e.startTime, e.duration]); }).observe({type: 'longtask', buffered: true});")
BLOCKING_BUDGET_MS = 200
SCRIPT_BUDGET_MS = 75  #: the atlas script's own main-thread time per page load (a long task is over 50 ms)


def slowdown(index: float) -> float:
    """The CPU slowdown that makes a host of this BenchmarkIndex run like Lighthouse's mobile device: 4x at 1533,
    3x at 1300, 2x at 800, 1x at 150 (Lighthouse's CPU throttling calculator, docs/throttling.md)."""
    if index >= 1300:
        return 3 + (index - 1300) / 233
    if index >= 800:
        return 2 + (index - 800) / 500
    return max(1.0, 1 + (index - 150) / 650)


def _blocking_time(tasks: list[list[float]], fcp: float) -> float:
    """Total blocking time as Lighthouse counts it: of each long task, what lies after first contentful paint,
    beyond 50 ms."""
    return sum(max(0.0, start + length - max(start, fcp) - 50) for start, length in tasks)


@pytest.fixture(scope="module")
def phone_slowdown(browser: Any) -> float:
    tab = browser.new_page()
    indexes = sorted(tab.evaluate(BENCHMARK_INDEX) for _ in range(3))
    tab.close()
    return slowdown(indexes[1])


def _load_on_a_phone(browser: Any, url: str, slowdown: float) -> tuple[float, float]:
    """Total blocking time and the atlas script's own work ("atlas:tables" measures), in ms, of one page load."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.context.new_cdp_session(tab).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    tab.add_init_script(LONG_TASKS)
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(2000)
    tasks, fcp, own = tab.evaluate(
        "() => [window.atlasLongTasks, performance.getEntriesByName('first-contentful-paint')[0].startTime,"
        " performance.getEntriesByName('atlas:tables').reduce((sum, m) => sum + m.duration, 0)]")
    context.close()
    return _blocking_time(tasks, fcp), own


def test_blocking_time_on_a_phone(browser: Any, served: str, phone_slowdown: float) -> None:
    """Every page type at phone emulation (CPU slowed through CDP Emulation.setCPUThrottlingRate to a mid-range
    phone for this host), best of three loads (other jobs on a shared machine only ever add time).

    The atlas's own script never blocks the main thread (under 75 ms per page of this host's CPU, unthrottled: no
    long task of its own, a long task being over 50 ms, with a margin for the other test worker; the calibrated
    phone slowdown varies too much on a shared host to scale a budget by it); total
    blocking time (long tasks after first paint, beyond 50 ms each) is measured for every page type and written to
    test-artifacts/blocking-time.json with the target of 200 ms, which depends on the theme's bundle and the
    host as much as on the atlas."""
    figures: dict[str, Any] = {"cpu_slowdown": round(phone_slowdown, 2), "target_tbt_ms": BLOCKING_BUDGET_MS,
                               "pages": {}}
    for name, path in PAGE_TYPES.items():
        runs = [_load_on_a_phone(browser, served + path, phone_slowdown) for _ in range(3)]
        figures["pages"][name] = {"tbt_ms": round(min(r[0] for r in runs)), "atlas_script_ms": round(min(r[1] for r in runs), 1)}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "blocking-time.json").write_text(json.dumps(figures, indent=2) + "\n")
    assert all(f["atlas_script_ms"] > 0 for f in figures["pages"].values()), "the atlas script did not run"
    slow = {n: f["atlas_script_ms"] for n, f in figures["pages"].items() if f["atlas_script_ms"] / phone_slowdown >= SCRIPT_BUDGET_MS}
    assert not slow, f"the atlas script blocks the main thread at {phone_slowdown:.1f}x CPU slowdown: {slow}"


@pytest.fixture(scope="module")
def served_500(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site plus the benchmark's synthetic records (bench/synth.py), 500 rows in the studies table."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from sitebuild import build, copy_site
    from synth import write_content, write_therapy_pages

    from .conftest import serve

    root = copy_site(tmp_path_factory.mktemp("site500"))
    write_content(root, 800)  # 60% studies: 480 synthetic beside the real ones
    pages = write_therapy_pages(root)  # the synthetic therapies' pages (the site's own are written by hand)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:  # reached from the tables, not the sidebar
        config.write("\nnot_in_nav: |\n" + "".join(f"  /{src}\n" for src in pages))
    out = root / "site"
    done = build(root, out)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    with serve(out) as url:
        yield url


def _main_thread_cpu_ms(browser: Any, tab: Any, action: str, *args: Any) -> float:
    """CPU time of the page's main thread (trace events' thread time) while `action` runs in the page: unlike
    wall time, other jobs on the machine do not add to it."""
    browser.start_tracing(page=tab, categories=["toplevel", "devtools.timeline",
                                                "disabled-by-default-devtools.timeline"])
    tab.evaluate(action, list(args))
    tab.wait_for_timeout(300)  # the rendering the change causes
    events = json.loads(browser.stop_tracing())["traceEvents"]
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    return sum(e.get("tdur", 0) for e in events
               if e.get("name") == "RunTask" and e.get("ph") == "X" and (e["pid"], e["tid"]) in mains) / 1000


def test_studies_table_stays_responsive_at_500_rows(browser: Any, served_500: str, phone_slowdown: float) -> None:
    """At 500 rows, setting the table up, sorting it and filtering it each take under 200 ms of main-thread CPU on
    this host (a 'good' interaction). The same figures scaled by the phone's slowdown (as Lighthouse simulates
    throttling) go to test-artifacts/responsiveness-500.json; on a shared host that scale is not stable enough to
    assert."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(served_500 + "studies/", wait_until="load")
    block = tab.locator(".atlas-data").first
    rows = block.locator("tbody tr").count()
    setup = tab.evaluate("() => performance.getEntriesByName('atlas:tables')[0].duration") * phone_slowdown
    column = _header_index(block, "Follow-up") + 1
    click = "([selector]) => document.querySelector(selector).click()"
    typing = ("([text]) => { const input = document.querySelector('.atlas-data input[type=search]');"
              " input.value = text; input.dispatchEvent(new Event('input')); }")
    button = f".atlas-data thead th:nth-child({column}) button"
    figures = {
        "rows": rows, "cpu_slowdown": round(phone_slowdown, 2), "setup_ms": round(setup, 1),
        "sort_ms": round(_main_thread_cpu_ms(browser, tab, click, button) * phone_slowdown, 1),
        "sort_again_ms": round(_main_thread_cpu_ms(browser, tab, click, button) * phone_slowdown, 1),
        "first_filter_ms": round(_main_thread_cpu_ms(browser, tab, typing, "type 1") * phone_slowdown, 1),
        "filter_ms": round(_main_thread_cpu_ms(browser, tab, typing, "china") * phone_slowdown, 1),
    }
    shown = len(_rows(block))
    context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "responsiveness-500.json").write_text(json.dumps(figures, indent=2) + "\n")
    assert rows >= 500 and 0 < shown < rows
    assert all(v > 0 for k, v in figures.items() if k.endswith("_ms")), f"nothing was measured: {figures}"
    slow = {k: v for k, v in figures.items() if k.endswith("_ms") and v / phone_slowdown > 200}
    assert not slow, f"at {rows} rows (figures at {phone_slowdown:.1f}x CPU slowdown): {slow}"
