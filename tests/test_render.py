"""Golden tests of rendered Markdown, and the rules every renderer keeps (escaping, unknown vs no vs approx)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from conftest import REPO

from macros.model import Atlas, CitedFlag, Count, Duration
from macros.pipeline import load_atlas
from macros.render import escape, facts, tables, values
from macros.render.citations import PageCitations, UnknownSource
from macros.render.references import vancouver

GOLDEN = REPO / "tests" / "golden"


@pytest.fixture
def atlas(fixture_root: Callable[..., Path]) -> Atlas:
    result = load_atlas(fixture_root())
    assert result.atlas is not None
    return result.atlas


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites it (review the diff before committing)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_therapy_table_golden(atlas: Atlas) -> None:
    page = PageCitations(atlas.sources)
    columns = list(tables.COLUMNS["therapies"])
    out = tables.table(atlas, "therapies", tables.select(atlas, "therapies", {"regions": "china"}), columns, page)
    golden("therapy_table.md", out + page.references())


def test_study_table_golden(atlas: Atlas) -> None:
    page = PageCitations(atlas.sources)
    out = tables.table(atlas, "studies", tables.select(atlas, "studies"), list(tables.COLUMNS["studies"]), page)
    golden("study_table.md", out + page.references())


def test_references_golden(atlas: Atlas) -> None:
    golden("references.md", "\n".join(vancouver(s) for s in atlas.sources.values()) + "\n")


def test_footnotes_number_by_first_use_one_per_source(atlas: Atlas) -> None:
    page = PageCitations(atlas.sources)
    text = f"B{page(['src_b'])} A{page(['src_a', 'src_b'])} again{page(['src_a'])}" + page.references()
    html = markdown.markdown(text, extensions=["footnotes"])
    assert page.cited == ("src_b", "src_a")
    assert html.count('<li id="fn:') == 2
    assert html.index('id="fn:src_b"') < html.index('id="fn:src_a"')
    assert '<h2>References</h2>' in html
    assert html.index("<h2>References</h2>") < html.index('<div class="footnote">')
    assert '<a class="footnote-ref" href="#fn:src_b">1</a>' in html
    assert '<a class="footnote-ref" href="#fn:src_a">2</a>' in html


def test_no_citations_no_references_section(atlas: Atlas) -> None:
    assert PageCitations(atlas.sources).references() == ""


def test_citing_an_unknown_source_fails_loudly(atlas: Atlas) -> None:
    with pytest.raises(UnknownSource):
        PageCitations(atlas.sources)(["nope"])


def test_fact_inline_with_citation(atlas: Atlas) -> None:
    page = PageCitations(atlas.sources)
    assert facts.fact(atlas, "studies", "st_a", "participants", page) == "≈\u202f12[^src_a]"
    assert facts.fact(atlas, "approvals", "ap_a", "date", page) == "2024-12[^src_b]"
    assert facts.fact(atlas, "studies", "st_a", "immunosuppression", page) == values.UNKNOWN
    with pytest.raises(KeyError):
        facts.fact(atlas, "studies", "missing", "participants", page)
    with pytest.raises(AttributeError):
        facts.fact(atlas, "studies", "st_a", "no_such_field", page)


def test_unknown_no_and_approximate_look_different() -> None:
    cite = lambda ids: ""
    unknown = values.flag(CitedFlag(None, None, ("s",)), cite)
    no = values.flag(CitedFlag(False, None, ("s",)), cite)
    yes = values.flag(CitedFlag(True, None, ("s",)), cite)
    assert len({unknown, no, yes}) == 3 and "unknown" in unknown and no == "No"
    assert values.count(None, cite) == values.UNKNOWN
    assert values.count(Count(0, "exact", None, ("s",)), cite) == "0"
    assert values.count(Count(5, "approx", None, ("s",)), cite).startswith("≈")
    assert values.count(Count(5, "at-least", None, ("s",)), cite).startswith("≥")
    assert values.duration(Duration(1, "years", "exact", None, ("s",)), cite) == "1 year"


def test_unknown_column_and_kind_name_the_valid_ones(atlas: Atlas) -> None:
    with pytest.raises(ValueError, match="choose from: name"):
        tables.table(atlas, "therapies", [], ["nmae"], PageCitations(atlas.sources))
    with pytest.raises(ValueError, match="tables exist for"):
        tables.table(atlas, "claims", [], ["x"], PageCitations(atlas.sources))
    with pytest.raises(ValueError, match="no such field"):
        tables.select(atlas, "studies", {"colour": "red"})


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "a | b\n| c |",
    "[click](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    "{{ 7 * 7 }} {% if true %}x{% endif %}",
    "text { onclick=alert(1) }",
    "*bold* _it_ `code` [^src_a]",
    "1. not a list",
    "# not a heading",
    "&lt;b&gt; &amp;",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_is_inert_and_reads_back(payload: str) -> None:
    import html as htmllib

    cell = escape.text(payload)
    assert "\n" not in cell and "|" not in cell and "<" not in cell and "{" not in cell and "[" not in cell
    rendered = markdown.markdown(f"| h |\n|---|\n| {cell} |", extensions=["tables", "attr_list", "footnotes"])
    assert "<script" not in rendered and "onerror=" not in rendered.replace("onerror=&quot;", "")
    assert "<a " not in rendered and "<img" not in rendered and "<em>" not in rendered and "<h1" not in rendered
    inner = rendered.split("<td>", 1)[1].split("</td>", 1)[0]
    assert htmllib.unescape(inner) == " ".join(payload.split())


def test_links_only_https_and_targets_are_safe() -> None:
    assert escape.url("https://doi.org/10.1016/S1934-5909(21)00415-X") == "https://doi.org/10.1016/S1934-5909%2821%2900415-X"
    with pytest.raises(ValueError):
        escape.url("javascript:alert(1)")
    assert escape.link("a]b", "https://x.org/a b") == "[a&#93;b](https://x.org/a%20b)"
