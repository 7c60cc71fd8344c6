"""The site as readers see it: headless Chromium from Debian (never a browser downloaded by a test tool), driven
by Playwright, against the built site served on 127.0.0.1. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import csv
import io
import json
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


def test_footnote_tooltip_on_hover(page: Any, served: str) -> None:
    page.goto(served + "therapies/zimislecel/")
    page.locator("sup a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2")
    tooltip.first.wait_for(state="visible", timeout=5000)
    assert "Reichman" in tooltip.first.inner_text()


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


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_serious_accessibility_violations(browser: Any, served: str, axe_script: Path, name: str) -> None:
    """axe-core on every page type, at desktop and phone width, with a screenshot of each."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        assert tab.goto(served + PAGE_TYPES[name]).ok
        tab.wait_for_load_state("networkidle")
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        tab.add_script_tag(path=str(axe_script))
        result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        context.close()
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{name} at {width} width:\n" + "\n".join(serious)
