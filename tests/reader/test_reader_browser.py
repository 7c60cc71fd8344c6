"""The site as readers see it: headless Chromium from Debian (never a browser downloaded by a test tool), driven
by Playwright, against the built site served on 127.0.0.1. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO as ROOT
from sitebuild import read_config

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
    "claim": "claims/seed_china_modalities_offered/",
    "reference": "reference/data-model/",
    "timeline": "timeline/",
    "trial-finder": "trials/",
    "trial": "trials/nct04786262/",
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


#: The pages readers look things up on: top-level entries of the navigation (the trials finder once it is in it).
LOOK_UPS = {"All studies": "studies/index.md", "Trials": "trials/index.md", "Sources": "sources/index.md"}


def _look_ups() -> dict[str, str]:
    """LOOK_UPS that mkdocs.yml lists at the top level of its nav."""
    top = {path for entry in read_config(ROOT)["nav"] for path in entry.values() if isinstance(path, str)}
    found = {title: path for title, path in LOOK_UPS.items() if path in top}
    assert {"All studies", "Sources"} <= set(found), "All studies and Sources are top-level nav entries"
    return found


def _in_view(link: Any, viewport: dict[str, int]) -> bool:
    """The link is shown inside the viewport and nothing covers its middle (a drawer panel, the header)."""
    box = link.bounding_box()
    if not link.is_visible() or box is None or box["y"] < 0 or box["y"] + box["height"] > viewport["height"]:
        return False
    return link.evaluate("(a, [x, y]) => a.contains(document.elementFromPoint(x, y))",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])


def _look_ups_shown(tab: Any, entries: str, viewport: dict[str, int]) -> dict[str, bool]:
    """Each look-up page's entry among `entries`: whether it is in view, after checking that it links its page."""
    shown = {}
    for title, path in _look_ups().items():
        link = tab.locator(entries, has_text=title).first
        href = link.get_attribute("href") or ""
        assert href.rstrip("/").endswith(path.removesuffix("index.md").rstrip("/")), (title, href)
        shown[title] = _in_view(link, viewport)
    return shown


def test_look_up_pages_are_in_the_tabs_on_desktop(page: Any, served: str) -> None:
    for path in ("", "compare/", "therapies/zimislecel/"):
        page.goto(served + path)
        shown = _look_ups_shown(page, ".md-tabs a.md-tabs__link", DESKTOP)
        assert all(shown.values()), f"not in view at {DESKTOP['width']} px on /{path}: {shown}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "nav-desktop.png"))


def test_look_up_pages_are_in_the_phone_menu(browser: Any, served: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    top = ".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link"
    menu = 'label.md-header__button[for="__drawer"]'
    tab.goto(served)
    tab.locator(menu).tap()
    tab.wait_for_timeout(400)  # the drawer slides in
    on_home = _look_ups_shown(tab, top, PHONE)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "nav-phone.png"))
    tab.goto(served + "compare/")  # the drawer opens on the page's own section; one tap back reaches the top
    tab.locator(menu).tap()
    tab.wait_for_timeout(400)
    tab.locator(".md-nav--primary .md-nav__item--active > nav > label.md-nav__title").first.tap()
    tab.wait_for_timeout(400)
    from_section = _look_ups_shown(tab, top, PHONE)
    tab.locator(top, has_text="All studies").first.tap()
    tab.wait_for_url("**/studies/")
    context.close()
    assert all(on_home.values()), f"not in the phone menu of the home page: {on_home}"
    assert all(from_section.values()), f"not one tap back in the phone menu of a section: {from_section}"


@pytest.mark.parametrize("moving", ["moveBefore", "re-adding"])
def test_sort_a_table_by_clicking_its_header(page: Any, served: str, moving: str) -> None:
    """Both ways tables.js moves rows sort alike (browsers without Element.moveBefore re-add them), and an open
    details row moves with its row."""
    if moving == "re-adding":
        page.add_init_script("delete Element.prototype.moveBefore")
    page.goto(served + "studies/")
    block = page.locator(".atlas-data").first
    assert block.evaluate("b => 'moveBefore' in b") == (moving == "moveBefore")
    headers = block.locator("thead th")
    names = [h.strip() for h in headers.all_inner_texts()]
    column = names.index("Participants")
    opened = block.locator("tbody tr").nth(2)
    study = opened.locator("td a").first.inner_text().strip()
    opened.locator("button.atlas-more").click()
    button = headers.nth(column).locator("button.atlas-sort")
    assert headers.nth(column).get_attribute("aria-sort") is None
    button.click()
    assert headers.nth(column).get_attribute("aria-sort") == "ascending"
    ascending = [_number(r[column]) for r in _rows(block) if len(r) == len(names)]
    assert _sorted_with_unknown_last(ascending) and len({v for v in ascending if v is not None}) >= 2
    button.press("Enter")  # keyboard works too
    assert headers.nth(column).get_attribute("aria-sort") == "descending"
    descending = [_number(r[column]) for r in _rows(block) if len(r) == len(names)]
    assert _sorted_with_unknown_last(descending, reverse=True)
    assert sorted(v for v in descending if v is not None) == sorted(v for v in ascending if v is not None)
    pairs = block.locator("tbody tr.atlas-details-row").evaluate_all(
        "rows => rows.map(r => [r.previousElementSibling.cells[0].querySelector('a').textContent.trim(),"
        " r.previousElementSibling.querySelector('.atlas-more').getAttribute('aria-expanded')])")
    assert pairs == [[study, "true"]], f"the open details row is not under its study after sorting: {pairs}"


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
    page.locator(".md-tabs a.md-tabs__link[href$='studies/']").first.click()
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
        tab.add_style_tag(content=".atlas-data { content-visibility: visible !important; }")
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
    # off-screen tables skip rendering (content-visibility: auto), so they have no innerText: bring it into view and
    # let it render
    block.scroll_into_view_if_needed()
    block.evaluate("b => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
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
    shown_controls = table.evaluate("t => [...t.querySelectorAll('.atlas-more')].filter(b => b.offsetParent).length")
    context.close()
    assert overflow <= 0, "the page scrolls sideways on a phone"
    assert shown_controls == 0, "a card shows a Details button (it has every column already)"
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


def test_the_trial_finder_filters_by_facet_and_reads_as_cards_on_a_phone(browser: Any, served: str) -> None:
    """The finder is the site's data table: a status facet filters it and says how many rows are shown, the
    choice lives in the URL, and on a phone each row is a card of label: value pairs."""
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    registrations = tab.context.request.get(served + "data/registrations.json").json()
    recruiting = [r for r in registrations if r["status"] in ("RECRUITING", "Recruiting")]
    assert 0 < len(recruiting) < len(registrations)
    tab.goto(served + "trials/")
    block = tab.locator(".atlas-data").filter(has=tab.locator("table[data-facets]")).first
    block.locator("select[data-facet=status]").select_option("Recruiting")
    column = _header_index(block, "Status")
    shown = _rows(block)
    assert len(shown) == len(recruiting) and all(r[column].startswith("Recruiting") for r in shown)
    assert block.locator("[role=status]").inner_text() == f"{len(recruiting)} of {len(registrations)} rows"
    assert "status=Recruiting" in tab.url
    context.close()
    phone = browser.new_context(viewport=PHONE)
    tab = phone.new_page()
    tab.goto(served + "trials/")
    cells = tab.locator("table[data-facets] tbody tr").first.evaluate(
        "r => [...r.cells].map(c => ({label: c.dataset.label, before: getComputedStyle(c, '::before').content,"
        " display: getComputedStyle(c).display}))")
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    phone.close()
    assert overflow <= 0, "the finder scrolls sideways on a phone"
    assert cells and all(c["display"] == "block" and c["before"] == f'"{c["label"]}: "' for c in cells)


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
#: building (with garbage collection) and array copying, each for 500 ms, in iterations per second / 10. Each part
#: returns its iteration count; the seconds it is divided by are the main thread's CPU time (_task_cpu_ms), not
#: the wall time Lighthouse uses: on a shared host, wall time counts the other jobs' turns on the CPU too, which is
#: why the wall-time index (and the slowdown calibrated from it) swung between 2.9x and 9.4x from run to run.
BENCHMARK_PARTS = (
    """() => { const start = Date.now(); let n = 0;
      while (n % 10 !== 0 || Date.now() - start < 500) {
        let s = ""; for (let j = 0; j < 10000; j++) s += "a"; if (s.length === 1) throw 0; n++; }
      return n; }""",
    """() => { const a = [], b = []; for (let i = 0; i < 100000; i++) a[i] = b[i] = i;
      const start = Date.now(); let n = 0;
      while (n % 10 !== 0 || Date.now() - start < 500) {
        const src = n % 2 ? b : a, dst = n % 2 ? a : b; for (let j = 0; j < src.length; j++) dst[j] = src[j]; n++; }
      return n; }""",
)
#: Lighthouse's phone emulation: a CPU slowdown of 4 (its default cpuSlowdownMultiplier) and a 390 px viewport; its
#: "good" total blocking time is at most 200 ms. A task is long beyond 50 ms.
LIGHTHOUSE_SLOWDOWN = 4
BLOCKING_BUDGET_MS = 200
LONG_TASK_MS = 50
TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"]
#: The atlas's own scripts (docs/assets/); every other script on a page is Material's.
OWN_SCRIPTS = re.compile(r"/assets/(tables|footnotes|search-on-demand|md-base)\.js$")
#: Trace events that name the script (or the rendering step) a task's time went to.
WORK = {"EvaluateScript", "FunctionCall", "TimerFire", "FireAnimationFrame", "FireIdleCallback", "XHRLoad",
        "ParseHTML", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Commit", "MajorGC", "MinorGC"}


def slowdown(index: float) -> float:
    """The CPU slowdown that makes a host of this BenchmarkIndex run like Lighthouse's mobile device: 4x at 1533,
    3x at 1300, 2x at 800, 1x at 150 (Lighthouse's CPU throttling calculator, docs/throttling.md)."""
    if index >= 1300:
        return 3 + (index - 1300) / 233
    if index >= 800:
        return 2 + (index - 800) / 500
    return max(1.0, 1 + (index - 150) / 650)


def _source(event: dict[str, Any]) -> str:
    """The address of the script or page a trace event ran or parsed, or ''."""
    data = event.get("args", {}).get("data") or event.get("args", {}).get("beginData") or {}
    if not isinstance(data, dict):
        return ""
    return str(data.get("url") or (data.get("stackTrace") or [{}])[0].get("url", ""))


def _renderer_main(events: list[dict[str, Any]], url: str | None) -> list[dict[str, Any]]:
    """The trace's complete ('X') events and marks (first contentful paint) of the main thread of the renderer that
    ran a script or parsed a page from under `url` (a trace holds other renderers too, such as the browser's
    new-tab page), or, with no URL or none matching it, of the one that ran the longest task."""
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    mine = [e for e in events if (e.get("pid"), e.get("tid")) in mains and (e.get("ph") == "X" or e.get("name") == "firstContentfulPaint")]
    chosen = next((e for e in mine if url is not None and _source(e).startswith(url)), None)
    if chosen is None:  # no URL, or an interaction whose tasks name none: the renderer that ran the longest task
        chosen = max((e for e in mine if e["name"] == "RunTask"), key=lambda e: e["dur"])
    return [e for e in mine if (e["pid"], e["tid"]) == (chosen["pid"], chosen["tid"])]


def _traced(browser: Any, tab: Any, run: Any, url: str | None = None) -> list[dict[str, Any]]:
    """The main-thread trace events (_renderer_main) of the page in `tab` while `run()` runs."""
    browser.start_tracing(page=tab, categories=TRACE_CATEGORIES)
    run()
    return _renderer_main(json.loads(browser.stop_tracing())["traceEvents"], url)


def _task_cpu_ms(events: list[dict[str, Any]]) -> float:
    """Main-thread CPU time of the longest task: thread time, which other jobs on the host do not add to."""
    return max((e for e in events if e["name"] == "RunTask"), key=lambda e: e["dur"]).get("tdur", 0) / 1000


def _benchmark_index(browser: Any) -> float:
    """The host's BenchmarkIndex in iterations per CPU second of the page's main thread (BENCHMARK_PARTS)."""
    tab = browser.new_page()
    rates = []
    for part in BENCHMARK_PARTS:
        count: list[int] = []
        events = _traced(browser, tab, lambda: count.append(tab.evaluate(part)))  # noqa: B023 (runs at once)
        rates.append(count[0] / 10 / (_task_cpu_ms(events) / 1000))
    tab.close()
    return sum(rates) / len(rates)


@pytest.fixture(scope="module")
def phone_slowdown(browser: Any) -> float:
    """The CPU slowdown that makes this host a mid-range phone (Lighthouse's calculator), from the median of three
    CPU-time BenchmarkIndex runs."""
    return slowdown(statistics.median(_benchmark_index(browser) for _ in range(3)))


def _what(task: dict[str, Any], events: list[dict[str, Any]]) -> str:
    """What a task's time went to most: a script's file name, else a rendering step (Layout, ParseHTML...)."""
    spent: dict[str, float] = {}
    for e in events:
        if e["name"] in WORK and task["ts"] <= e["ts"] < task["ts"] + task["dur"]:
            url = _source(e) if e["name"] not in ("ParseHTML", "UpdateLayoutTree", "Layout") else ""
            name = url.rsplit("/", 1)[-1] if url else e["name"]
            spent[name] = spent.get(name, 0) + e.get("tdur", e["dur"])
    return max(spent, key=lambda k: spent[k]) if spent else "other"


def _first_paint(events: list[dict[str, Any]]) -> float:
    """The trace time of first contentful paint."""
    return min(e["ts"] for e in events if e["name"] == "firstContentfulPaint")


def _blocking(events: list[dict[str, Any]], factor: float) -> tuple[float, list[tuple[float, str]]]:
    """Total blocking time as Lighthouse counts it, on a CPU `factor` times slower than this host's: of each
    main-thread task after first contentful paint, its CPU time times `factor` beyond 50 ms (a task under way at
    first paint counts with its share after it); and the long tasks with what each went to most."""
    paint = _first_paint(events)
    total, long = 0.0, []
    for task in (e for e in events if e["name"] == "RunTask" and e["ts"] + e["dur"] > paint and e.get("tdur")):
        after = (task["ts"] + task["dur"] - max(task["ts"], paint)) / task["dur"]
        length = task["tdur"] / 1000 * factor * after
        if length > LONG_TASK_MS:
            total += length - LONG_TASK_MS
            long.append((round(length), _what(task, events)))
    return total, long


def _restyled_after_paint(events: list[dict[str, Any]]) -> list[str]:
    """The stylesheets parsed after first contentful paint: each one restyles the whole painted page (instant
    navigation rewrote the stylesheet links' relative addresses until docs/assets/md-base.js resolved them first)."""
    paint = _first_paint(events)
    return [str(e["args"].get("data", {}).get("styleSheetUrl", "")).rsplit("/", 1)[-1]
            for e in events if e["name"] == "ParseAuthorStyleSheet" and e["ts"] > paint]


def _own_longest_ms(events: list[dict[str, Any]], factor: float) -> float:
    """The longest stretch of the atlas's own script in one task, in CPU ms times `factor`."""
    own = [e.get("tdur", 0) / 1000 * factor for e in events if e["name"] in WORK and OWN_SCRIPTS.search(_source(e))]
    return max(own, default=0.0)


def _phone_load(browser: Any, url: str, requested: list[str]) -> list[dict[str, Any]]:
    """One page load on a phone (390 px, touch, 2x pixels), unthrottled: its main-thread trace until 2 s after load;
    the addresses it requested are added to `requested`."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.on("request", lambda request: requested.append(request.url))
    try:
        return _traced(browser, tab, lambda: (tab.goto(url, wait_until="load"), tab.wait_for_timeout(2000)), url)
    finally:
        context.close()


@pytest.mark.timing
def test_blocking_time_on_a_phone(browser: Any, served: str, phone_slowdown: float) -> None:
    """No task of the atlas's own scripts is long at Lighthouse's phone emulation, no stylesheet is parsed again
    after first paint, the search index is not loaded until search is opened (docs/assets/search-on-demand.js; test_search_and_instant_navigation_keep_to_the_policy
    searches), and total blocking time on every page type is held to Lighthouse's 200 ms (an expected failure,
    naming the pages, while it is over).

    Measured as Lighthouse's default (simulated) throttling does: the page loads unthrottled and each main-thread
    task's time is multiplied by the CPU slowdown, 4. The time taken is the task's CPU time from a trace, not its
    wall time, which on a shared host counts the other jobs' turns too (CDP throttling at a slowdown calibrated
    from a wall-time index swung with the host's load). Median of three loads per page type. The figures, each long
    task and what it went to most, and the figures at the slowdown that makes this host a mid-range phone
    (Lighthouse's calculator, from a CPU-time BenchmarkIndex), go to test-artifacts/blocking-time.json."""
    figures: dict[str, Any] = {"cpu_slowdown": LIGHTHOUSE_SLOWDOWN, "calibrated_slowdown": round(phone_slowdown, 2),
                               "target_tbt_ms": BLOCKING_BUDGET_MS, "pages": {}}
    requested: list[str] = []
    for name, path in PAGE_TYPES.items():
        loads = [_phone_load(browser, served + path, requested) for _ in range(3)]
        total, long = sorted((_blocking(events, LIGHTHOUSE_SLOWDOWN) for events in loads), key=lambda r: r[0])[1]
        figures["pages"][name] = {
            "tbt_ms": round(total), "long_tasks": long,
            "tbt_ms_calibrated": round(statistics.median(_blocking(e, phone_slowdown)[0] for e in loads)),
            "atlas_script_longest_ms": round(statistics.median(_own_longest_ms(e, LIGHTHOUSE_SLOWDOWN) for e in loads), 1),
            "stylesheets_parsed_after_paint": sorted({name for e in loads for name in _restyled_after_paint(e)}),
        }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "blocking-time.json").write_text(json.dumps(figures, indent=2) + "\n")
    pages = figures["pages"]
    assert not [u for u in requested if "search_index" in u], "the search index loads before search is opened"
    assert all(f["atlas_script_longest_ms"] > 0 for f in pages.values()), "the atlas's scripts did not run"
    restyled = {n: f["stylesheets_parsed_after_paint"] for n, f in pages.items() if f["stylesheets_parsed_after_paint"]}
    assert not restyled, f"stylesheets parsed again after first paint: {restyled}"
    own = {n: f["atlas_script_longest_ms"] for n, f in pages.items() if f["atlas_script_longest_ms"] > LONG_TASK_MS}
    assert not own, f"the atlas's own script makes a long task at {LIGHTHOUSE_SLOWDOWN}x: {own}"
    slow = {n: f["tbt_ms"] for n, f in pages.items() if f["tbt_ms"] > BLOCKING_BUDGET_MS}
    if slow:  # not met yet (issue 12): the theme's bundle and the rendering of long pages, see the long tasks
        pytest.xfail(f"total blocking time over {BLOCKING_BUDGET_MS} ms at {LIGHTHOUSE_SLOWDOWN}x: {slow}")


@pytest.fixture(scope="module")
def served_500(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site plus the benchmark's synthetic records and registrations (bench/synth.py): 500 rows and more
    in the studies table and in the trial finder; its English edition only (the Chinese pages hold the same tables;
    building both took twice the CPU)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from sitebuild import build, copy_site
    from synth import write_content, write_registrations, write_therapy_pages

    from .conftest import serve

    root = copy_site(tmp_path_factory.mktemp("site500"))
    write_content(root, 800)  # 60% studies: 480 synthetic beside the real ones
    write_registrations(root, 450)  # beside the real ones, one in 31 excluded (not in the finder)
    pages = write_therapy_pages(root)  # the synthetic therapies' pages (the site's own are written by hand)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:  # reached from the tables, not the sidebar
        config.write("\nnot_in_nav: |\n" + "".join(f"  /{src}\n" for src in pages))
    out = root / "site"
    done = build(root, out, chinese=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    with serve(out) as url:
        yield url


def _main_thread_cpu_ms(browser: Any, tab: Any, action: str, *args: Any) -> float:
    """CPU time of the page's main thread (trace events' thread time) while `action` runs in the page: unlike
    wall time, other jobs on the machine do not add to it."""
    def run() -> None:
        tab.evaluate(action, list(args))
        tab.wait_for_timeout(300)  # the rendering the change causes

    return sum(e.get("tdur", 0) for e in _traced(browser, tab, run, "/".join(tab.url.split("/")[:3]) + "/") if e["name"] == "RunTask") / 1000


#: The 500-row pages: (path, the column sorted)
LONG_TABLES = {"studies": ("studies/", "Follow-up"), "trials": ("trials/", "Start")}
#: What the 500-row pages are filtered by: first, then second
FILTERS = ("type 1", "china")
#: The long table (the engine's comparison tables carry the class atlas-table): the trials page's chart has a
#: table of its own before it
FILTERED = ".atlas-data:has(table.atlas-table)"


def _responsiveness_500(browser: Any, url: str, table: str) -> tuple[int, int, dict[str, float]]:
    """One fresh load of a 500-row page (LONG_TABLES) on a phone: its rows, the rows a filter leaves, and the
    main-thread CPU (ms, this host) of setting the tables up, sorting it, sorting it again (median of three
    reversals) and filtering it (the first filter, then another)."""
    path, sorted_by = LONG_TABLES[table]
    first, second = FILTERS
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(url + path, wait_until="load")
    block = tab.locator(FILTERED).first
    rows = block.locator("tbody tr").count()
    tab.wait_for_function("() => performance.getEntriesByName('atlas:tables').length > 1")  # tables, then links
    setup = tab.evaluate("() => performance.getEntriesByName('atlas:tables')[0].duration")
    column = _header_index(block, sorted_by) + 1
    click = "([selector]) => document.querySelector(selector).click()"
    typing = (f"([text]) => {{ const input = document.querySelector('{FILTERED} input[type=search]');"
              " input.value = text; input.dispatchEvent(new Event('input')); }")
    button = f"{FILTERED} thead th:nth-child({column}) button"
    figures = {
        "setup_ms": setup,
        "sort_ms": _main_thread_cpu_ms(browser, tab, click, button),
        "sort_again_ms": statistics.median(_main_thread_cpu_ms(browser, tab, click, button) for _ in range(3)),
        "first_filter_ms": _main_thread_cpu_ms(browser, tab, typing, first),
        "filter_ms": _main_thread_cpu_ms(browser, tab, typing, second),
    }
    shown = len(_rows(block))
    context.close()
    return rows, shown, figures


@pytest.mark.timing
@pytest.mark.parametrize("table", list(LONG_TABLES))
def test_long_tables_stay_responsive_at_500_rows(browser: Any, served_500: str, phone_slowdown: float,
                                                 table: str) -> None:
    """At 500 rows (the studies table, the trial finder), setting the tables up, sorting and filtering each take
    under 200 ms of main-thread CPU on this host (a 'good' interaction), each figure the median of three fresh page
    loads (the first sort and the first filter happen once a load). The same figures scaled by the phone's slowdown
    (as Lighthouse simulates throttling) go to test-artifacts/responsiveness-500-<table>.json; on a shared host that
    scale is not stable enough to assert."""
    loads = [_responsiveness_500(browser, served_500, table) for _ in range(3)]
    rows, shown = loads[0][0], loads[0][1]
    figures: dict[str, Any] = {"rows": rows, "cpu_slowdown": round(phone_slowdown, 2)}
    for name in loads[0][2]:
        figures[name] = round(statistics.median(load[2][name] for load in loads) * phone_slowdown, 1)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"responsiveness-500-{table}.json").write_text(json.dumps(figures, indent=2) + "\n")
    assert rows >= 500 and 0 < shown < rows
    assert all(v > 0 for k, v in figures.items() if k.endswith("_ms")), f"nothing was measured: {figures}"
    slow = {k: v for k, v in figures.items() if k.endswith("_ms") and v / phone_slowdown > 200}
    assert not slow, f"at {rows} rows (figures at {phone_slowdown:.1f}x CPU slowdown): {slow}"
