"""tools/linkcheck.py: a real linkchecker run over HTTP on small fixture sites written by each test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "linkcheck.py"

PAGE = """<!doctype html>
<html><head><title>{title}</title></head>
<body>
<h1 id="top">{title}</h1>
{body}
</body></html>
"""


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=name, body=body), encoding="utf-8")
    return root


def run(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), str(site), *args], capture_output=True, text=True,
                          check=False, timeout=120)


def good_pages() -> dict[str, str]:
    return {
        "index.html": '<p><a href="guide/">guide</a> <a href="guide/#setup">setup</a> <a href="#top">top</a></p>',
        "guide/index.html": ('<h2 id="setup">Setup</h2><p><a href="../">home</a> <a href="#fn%3Aa">1</a> '
                             '<a name="old-name"></a><a href="../#top">top of home</a></p><p id="fn:a">note</p>'),
        "notes.html": '<p><a href="guide/#old-name">an a-name anchor</a> <a href="guide/index.html#fn:a">note</a></p>',
    }


def test_a_clean_site_passes_without_fetching_external_links(tmp_path: Path) -> None:
    pages = good_pages()
    pages["index.html"] += '<p><a href="https://unreachable.invalid/page">external</a></p>'
    pages["orphan.html"] = '<p><a href="guide/#setup">linked from nowhere, checked all the same</a></p>'
    done = run(write_site(tmp_path / "site", pages), "--ignore", str(tmp_path / "none.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: checked" in done.stdout and "4 page(s)" in done.stdout


def test_a_broken_link_and_a_broken_anchor_are_caught(tmp_path: Path) -> None:
    pages = good_pages()
    pages["index.html"] += '\n<p><a href="missing/">gone</a></p>\n<p><a href="guide/#no-such-anchor">bad anchor</a></p>'
    pages["orphan.html"] = '<p><a href="nowhere.html">x</a></p>'
    done = run(write_site(tmp_path / "site", pages), "--ignore", str(tmp_path / "none.yaml"))
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("index.html:6:") and "missing/ -> 404" in line for line in lines), lines
    assert any(line.startswith("index.html:7:") and "guide/#no-such-anchor" in line and "not found" in line
               for line in lines), lines
    assert any(line.startswith("orphan.html:5:") and "nowhere.html -> 404" in line for line in lines), lines
    assert len(lines) == 3, lines  # the good links and anchors are not reported (each broken one once)
    assert "FAILED: 3 broken" in done.stderr


def test_a_broken_anchor_within_a_page_and_on_a_page_served_under_a_base_path(tmp_path: Path) -> None:
    pages = good_pages() | {"notes.html": '<p>\n<a href="#missing">here</a>\n<a href="/atlas/guide/#nope">x</a></p>'}
    site = write_site(tmp_path / "site", pages)
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/atlas/</loc></url></urlset>\n", encoding="utf-8")
    done = run(site, "--ignore", str(tmp_path / "none.yaml"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "notes.html:6:1: #missing -> Anchor `missing' not found on notes.html.",
        "notes.html:7:1: /atlas/guide/#nope -> Anchor `nope' not found on guide/index.html.",
    ], done.stdout


def test_the_site_is_served_under_the_path_of_its_published_address(tmp_path: Path) -> None:
    """MkDocs' 404 page links with absolute paths under site_url; the sitemap says which path that is."""
    body = '<a href="/atlas/guide/#setup">guide</a>\n<a href="/elsewhere/">outside the site</a>'
    site = write_site(tmp_path / "site", good_pages() | {"404.html": body})
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/atlas/</loc></url><url><loc>https://example.org/atlas/guide/</loc></url>"
        "</urlset>\n", encoding="utf-8")
    done = run(site, "--ignore", str(tmp_path / "none.yaml"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == ["404.html:6:1: /elsewhere/ -> 404 File not found"], done.stdout


def test_ignore_entries_need_a_reason(tmp_path: Path) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- pattern: ^https://example\\.org/\n  reason: ''\n", encoding="utf-8")
    done = run(write_site(tmp_path / "site", good_pages()), "--ignore", str(ignore))
    assert done.returncode == 2
    assert "has no reason" in done.stderr


def test_an_ignore_entry_that_matches_no_link_fails(tmp_path: Path) -> None:
    pages = good_pages()
    pages["index.html"] += '<p><a href="https://example.org/blocks-robots">x</a></p>'
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- pattern: ^https://example\\.org/\n  reason: answers 403 to robots\n"
                      "- pattern: ^https://example\\.com/\n  reason: answered 403 to robots once\n", encoding="utf-8")
    done = run(write_site(tmp_path / "site", pages), "--ignore", str(ignore), "--report", str(tmp_path / "report.md"))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{ignore}: ignore entry '^https://example\\\\.com/' matches no link on the site any more: remove it"]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "example\\.com" in report and "example\\.org" not in report


def test_a_page_too_large_to_be_parsed_stops_the_check(tmp_path: Path) -> None:
    pages = good_pages()
    pages["big.html"] = "<p>" + "x" * (50 * 1024 * 1024 + 1) + "</p>"
    done = run(write_site(tmp_path / "site", pages), "--ignore", str(tmp_path / "none.yaml"))
    assert done.returncode == 2
    assert "big.html" in done.stderr and "maxfilesizeparse" in done.stderr


def test_the_shipped_ignore_list_is_valid() -> None:
    sys.path.insert(0, str(TOOL.parent))
    try:
        import linkcheck as tool  # tools/ is not a package
    finally:
        sys.path.remove(str(TOOL.parent))
    entries = tool.load_ignore(tool.IGNORE)
    assert all(entry.reason for entry in entries)
    assert tool.max_parse_bytes(tool.CONFIG) == 50 * 1024 * 1024
