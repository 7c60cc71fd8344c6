"""The shipped content meets the atlas's own bar: enough records, a page per therapy, every paragraph of the
checked article covered by claims, and every macro call in a page labelled with its data source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros.pipeline import load_atlas

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
MACRO_CALL = re.compile(r"\{\{\s*(\w+)\(")
DATA_MACROS = {"comparison_table", "study_table", "therapy_sheet", "study_details", "claims_table", "verdict_counts",
               "approvals_table", "timeline", "glossary_list", "evidence_levels", "sources_table", "at_a_glance"}


def _atlas():
    result = load_atlas(ROOT)
    assert result.atlas is not None, [d.format() for d in result.diagnostics]
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    return result.atlas


def test_content_reaches_the_minimum_scope() -> None:
    counts = _atlas().counts()
    assert counts["therapies"] >= 10 and counts["studies"] >= 15 and counts["sources"] >= 25
    assert counts["claims"] >= 10 and counts["approvals"] >= 1 and counts["glossary"] >= 10


def test_every_therapy_has_a_page_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for therapy_id in _atlas().therapies:
        page = DOCS / "therapies" / f"{therapy_id}.md"
        assert page.exists(), f"no page for therapy {therapy_id}"
        text = page.read_text(encoding="utf-8")
        assert f'therapy_sheet("{therapy_id}")' in text and f'{{"therapy": "{therapy_id}"}}' in text
        assert f"therapies/{therapy_id}.md" in nav


def test_every_paragraph_of_the_checked_article_has_claims() -> None:
    claims = _atlas().claims.values()
    paragraphs = {c.origin_paragraph for c in claims}
    assert paragraphs >= {None, 1, 2, 3, 4, 5}  # the title and the five paragraphs


def test_claims_page_shows_every_paragraph_that_has_claims() -> None:
    text = (DOCS / "claims.md").read_text(encoding="utf-8")
    shown = {int(p) for p in re.findall(r'"origin_paragraph": (\d+)', text)}
    assert shown == {c.origin_paragraph for c in _atlas().claims.values()} - {None}
    assert '"origin_paragraph": None' in text


def test_each_macro_call_is_labelled_with_its_data_source() -> None:
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            for name in MACRO_CALL.findall(line):
                if name in DATA_MACROS:
                    previous = next((x for x in reversed(lines[:i]) if x.strip()), "")
                    assert previous.startswith("<!-- data:"), f"{page.relative_to(ROOT)}:{i + 1}: {name}() lacks a data comment"


def test_pages_using_macros_opt_in() -> None:
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "{{" in text:
            front = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
            assert front.get("render_macros") is True, f"{page.relative_to(ROOT)} uses macros without render_macros"


#: Digits in page prose that are names or labels rather than facts, each with the reason.
PROSE_LABELS = {
    r"\btype [12]\b": "the type of diabetes",
    r"\b(?:L[1-5]|R)\b": "an evidence code of the atlas's own scale",
    r"\b(?:VX-880|VX-264|UP421|RGB-5088|E-islet 01|PEC-01|VC-0[12])\b": "a product or programme name",
    r"\*0 deaths\*": "explains how a zero is shown, not a fact",
    r"[12]型": "the type of diabetes (Chinese)",
    r"“0 例死亡”": "explains how a zero is shown, not a fact (Chinese)",
    r"HbA1c": "the name of a measure, not a value",
    r"searches ran from \d{1,2} \w+ to \d{1,2} \w+ \d{4}": "the dates of the atlas's own searches (methodology page)",
}


def uncited_numbers(text: str) -> list[str]:
    """Paragraphs and list items of a page whose digits are neither cited nor labels in PROSE_LABELS."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)  # code examples are not claims
    found = []
    for block in re.split(r"\n\s*\n|\n(?=\s*- )", text):
        block = block.strip()
        if not block or block.startswith(("<!--", "{{", "#", "!!!")):
            continue
        plain = re.sub(r"\{\{.*?\}\}|\]\([^)]*\)", "", block, flags=re.DOTALL)
        for pattern in PROSE_LABELS:
            plain = re.sub(pattern, "", plain, flags=re.IGNORECASE)
        if re.search(r"\d", plain) and "cite(" not in block and "fact(" not in block:
            found.append(" ".join(block.split()))
    return found


def test_numbers_in_page_prose_are_cited() -> None:
    problems = [f"{page.relative_to(ROOT)}: {block[:120]}" for page in sorted(DOCS.rglob("*.md"))
                for block in uncited_numbers(page.read_text(encoding="utf-8"))]
    assert not problems, "numbers in prose without a citation:\n" + "\n".join(problems)


def test_prose_rule_catches_an_uncited_number() -> None:
    page = ('---\nrender_macros: true\n---\n\nIt worked in 7 of 12.\n\n- Type 1 diabetes, L2, VX-880.\n\n'
            'It worked in 7 of 12 {{ cite("src") }}.\n')
    assert uncited_numbers(page) == ["It worked in 7 of 12."]


#: Per edition: the summary's title, its three labels, a sentence's end and what would start a second sentence.
PLAIN_SUMMARY = {
    ".md": ('"In plain words"', ("**What it is:**", "**What has been shown:**", "**What is not known:**"), "}}.",
            r"[.;!?]\s+[A-Z]"),
    ".zh.md": ('"简单来说"', ("**是什么：**", "**已显示的结果：**", "**尚不清楚的：**"), "}}。", r"[。！？]"),
}
#: Therapy pages (from the evidence-coverage branch) still without an "In plain words" summary: they open with a
#: cited paragraph instead, until each of the three sentences can be cited from content. Their Chinese pages follow.
WITHOUT_PLAIN_SUMMARY = frozenset({
    "allo_cd7_car_t", "bone_marrow_cells", "cord_blood_infusion", "ipsc_islet_sheets",
    "porcine_islets_opf310", "tolerogenic_dendritic_cells", "treg_cells", "vctx210_gene_edited_cells",
})


def _therapy_pages(suffix: str) -> list[Path]:
    """The therapy pages of one edition ('.md' English, '.zh.md' Chinese), by therapy id."""
    pages = (p for p in (DOCS / "therapies").glob("*" + suffix) if p.name != "index" + suffix)
    return sorted(p for p in pages if suffix == ".zh.md" or not p.name.endswith(".zh.md"))


def test_the_pages_listed_without_a_plain_summary_exist_and_have_none() -> None:
    """The exception list names real pages, none of which has a summary in either edition (a page that gains one
    leaves the list)."""
    for name in WITHOUT_PLAIN_SUMMARY:
        for suffix, (title, *_) in PLAIN_SUMMARY.items():
            text = (DOCS / "therapies" / (name + suffix)).read_text(encoding="utf-8")
            assert "!!! abstract " + title not in text, name + suffix


@pytest.mark.parametrize("suffix", PLAIN_SUMMARY)
def test_every_other_therapy_page_opens_with_a_cited_plain_summary_of_three_sentences(suffix: str) -> None:
    """Right under the heading: what it is, what has been shown, what is not known; one cited sentence each, in
    both editions."""
    title, labels, end, second = PLAIN_SUMMARY[suffix]
    pages = [p for p in _therapy_pages(suffix) if p.name.removesuffix(suffix) not in WITHOUT_PLAIN_SUMMARY]
    assert len(pages) == 10
    for page in pages:
        text = re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"), flags=re.DOTALL).strip()
        blocks = text.split("\n\n")
        assert blocks[0].startswith("# ") and blocks[1] == "!!! abstract " + title, page.name
        sentences = blocks[2].splitlines()
        assert len(sentences) == len(labels), page.name
        for label, line in zip(labels, sentences):
            assert line.startswith("    " + label), (page.name, line)
            assert "cite(" in line and line.rstrip().endswith(end), (page.name, line)
            assert not re.search(second, re.sub(r"\{\{.*?\}\}", "", line.rstrip()[:-1])), ("one sentence", page.name, line)


def test_every_therapy_page_has_a_chinese_page_with_the_same_sections_and_data() -> None:
    """Each Chinese therapy page keeps the English page's section anchors and makes the same data calls (its prose
    is translated; its tables are the same data, written in Chinese by the engine)."""
    english = _therapy_pages(".md")
    assert {p.name.removesuffix(".md") for p in english} == {p.name.removesuffix(".zh.md") for p in _therapy_pages(".zh.md")}
    data_call = re.compile(r"\{\{ (?!cite\(|table_terms\()(.*?) \}\}")
    for page in english:
        chinese = page.with_name(page.name.removesuffix(".md") + ".zh.md").read_text(encoding="utf-8")
        text = page.read_text(encoding="utf-8")
        sections = [re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-") for h in re.findall(r"^## (.+)$", text, re.MULTILINE)]
        assert re.findall(r"^## .+ \{ #([a-z0-9-]+) \}$", chinese, re.MULTILINE) == sections, page.name
        assert data_call.findall(chinese) == data_call.findall(text), page.name
