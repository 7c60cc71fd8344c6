"""The built site's publishing features: edit links, last-updated dates, reference pages, no repository API calls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO
from sitebuild import read_config

from macros.diagnostics import RULES
from macros.model import KINDS


def sources() -> list[Path]:
    return sorted((REPO / "docs").rglob("*.md"))


def html_of(site: Path, source: Path) -> str:
    """The built page of docs/<source>; `page.zh.md` is the Chinese edition's page, under zh/."""
    relative = source.relative_to(REPO / "docs").with_suffix("")
    if relative.suffix == ".zh":
        relative, site = relative.with_suffix(""), site / "zh"
    path = site / ("index.html" if relative.name == "index" and relative.parent == Path(".")
                   else relative.parent / "index.html" if relative.name == "index" else relative / "index.html")
    return path.read_text(encoding="utf-8")


def test_every_page_links_to_its_source_for_editing(site: Path) -> None:
    config = read_config(REPO)
    base = config["repo_url"].rstrip("/") + "/" + config["edit_uri"].strip("/") + "/"
    for source in sources():
        target = base + source.relative_to(REPO / "docs").as_posix()
        assert f'href="{target}"' in html_of(site, source), source


def test_no_page_asks_github_for_repository_facts(site: Path) -> None:
    """Material fetches stars and forks from api.github.com for data-md-component="source"; our partial omits it."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in text, page
        assert "api.github.com" not in text, page


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="a source archive has no git history")
def test_every_page_shows_when_it_last_changed(site: Path) -> None:
    for source in sources():
        assert re.search(r'(Last updated|最后更新) <time datetime="\d{4}-\d{2}-\d{2}">', html_of(site, source)), source


def test_the_reference_pages_are_generated_and_in_the_nav(site: Path) -> None:
    model = (site / "reference" / "data-model" / "index.html").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f'<h2 id="{kind}">' in model, kind
    assert model.count("<table>") == len(KINDS)
    rules = (site / "reference" / "rules" / "index.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'<code id="{rule}">{rule}</code>' in rules, rule
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="reference/data-model/"' in home and 'href="reference/rules/"' in home
