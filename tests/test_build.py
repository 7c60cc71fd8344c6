"""A real strict build of the shipped site, and builds that must fail loudly (of copies, English only: what they
test is the engine, which each edition runs alike; tests/test_editions.py reads both editions of the real site)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import build, copy_site

FIRST_PARTY = re.compile(r"^(?!https?:|//)")  # relative URLs only


class Resources(HTMLParser):
    """What a page makes the browser fetch by itself (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.ids: set[str] = set()
        self.fragments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.fetched.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical",):
            self.fetched.append(a["href"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.fragments.append(a["href"][1:])


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert found
    return found


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_carries_the_disclaimer(site: Path) -> None:
    for page in pages(site):
        chinese = page.relative_to(site).parts[0] == "zh"
        assert ("不构成医疗建议" if chinese else "Not medical advice") in page.read_text(encoding="utf-8"), page


def test_no_third_party_requests(site: Path) -> None:
    for page in pages(site):
        for url in parse(page).fetched:
            assert FIRST_PARTY.match(url), f"{page.relative_to(site)} fetches {url}"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "@import url(http" not in text, css


def test_comparison_page_footnotes_link_both_ways_and_end_in_references(site: Path) -> None:
    page = site / "compare" / "index.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse(page)
    refs = [f for f in parsed.fragments if f.startswith("fn:")]
    backs = [f for f in parsed.fragments if f.startswith("fnref")]
    assert refs and backs
    assert all(f in parsed.ids for f in refs + backs), "a footnote link points nowhere"
    assert '<h2 id="references">References' in html
    assert html.index('id="references"') < html.index('<div class="footnote">')
    numbers = re.findall(r'class="footnote-ref" href="#fn:[^"]+">(\d+)</a>', html)
    first_seen = list(dict.fromkeys(int(n) for n in numbers))
    assert first_seen == list(range(1, len(first_seen) + 1)), "numbered in order of first use"
    assert len(first_seen) == html.count('<li id="fn:')
    assert "doi.org/10.1056/NEJMoa2506549" in html and "pubmed.ncbi.nlm.nih.gov/40544428/" in html
    assert "clinicaltrials.gov/study/NCT04786262" in html


def test_footnote_references_come_from_the_atlas_popover(site: Path) -> None:
    """Material's per-footnote tooltips are off (they cost every page load); docs/assets/footnotes.js shows them."""
    page = (site / "compare" / "index.html").read_text(encoding="utf-8")
    assert '"content.footnote.tooltips"' not in page and '<script src="../assets/footnotes.js"></script>' in page


def test_bad_content_fails_the_build_with_the_diagnostic(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    study = root / "content" / "studies" / "forward101_zimislecel_phase12.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("therapy: zimislecel", "therapy: zimislecle"))
    done = build(root, tmp_path / "out", chinese=False)
    assert done.returncode != 0
    assert "content/studies/forward101_zimislecel_phase12.yaml:6:10: [unknown-reference]" in done.stdout + done.stderr


def test_uncited_source_fails_the_strict_build(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    source = root / "content" / "sources" / "wang2024_cipsc_islets_cell.yaml"
    orphan = source.read_text(encoding="utf-8").replace("id: wang2024_cipsc_islets_cell", "id: orphan_copy")
    (source.parent / "orphan_copy.yaml").write_text(orphan, encoding="utf-8")
    done = build(root, tmp_path / "out", chinese=False)
    assert done.returncode != 0
    assert "[uncited-source]" in done.stderr


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('{{ comparison_table("therapies", ["nmae"]) }}', "unknown therapies column"),
        ("{{ no_such_macro_or_variable }}", "undefined"),
        ('{{ cite("no_such_source") }}', "no_such_source"),
    ],
)
def test_macro_errors_fail_the_build(tmp_path: Path, snippet: str, expected: str) -> None:
    root = copy_site(tmp_path / "repo")
    page = root / "docs" / "compare.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + snippet + "\n", encoding="utf-8")
    done = build(root, tmp_path / "out", chinese=False)
    assert done.returncode != 0
    assert expected in (done.stdout + done.stderr)


def test_jinja_in_data_is_shown_not_evaluated(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "repo")
    therapy = root / "content" / "therapies" / "zimislecel.yaml"
    therapy.write_text(
        therapy.read_text(encoding="utf-8").replace("  en: Zimislecel (VX-880)\n", "  en: \"{{ 7919 * 7 }}<b>x</b>\"\n"),
        encoding="utf-8",
    )
    done = build(root, tmp_path / "out", chinese=False)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "compare" / "index.html").read_text(encoding="utf-8")
    assert "&#123;&#123; 7919 &#42; 7 &#125;&#125;&lt;b&gt;x&lt;/b&gt;" in html
    assert "55433" not in html and "<b>x</b>" not in html


def test_escaped_markup_in_a_heading_stays_text_in_the_title(tmp_path: Path) -> None:
    """Material passes page titles through `striptags`, which decodes character references; the theme override
    escapes the result again, so text shown as `</title><script>` in a heading never becomes markup in <head>."""
    root = copy_site(tmp_path / "repo")
    (root / "docs" / "poisoned.md").write_text(
        "# A &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; heading\n\nText.\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", "\nnav:\n  - poisoned.md\n", 1),
                      encoding="utf-8")
    done = build(root, tmp_path / "out", chinese=False)
    assert done.returncode == 0, done.stdout + done.stderr
    head = (tmp_path / "out" / "poisoned" / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "<script>alert(1)" not in head
    assert "<title>A &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; heading - " in head
