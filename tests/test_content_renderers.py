"""Golden tests of the content renderers (claims, approvals, timeline, glossary, evidence scale, fact sheets,
study details, sources), on a small atlas built in memory. Set UPDATE_GOLDEN=1 to rewrite the golden files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from macros.evidence import LEVELS
from macros.model import Atlas, build_atlas
from macros.render import approvals, claims, flow, glossary, scale, sources, studies, therapy, values
from macros.render.citations import PageCitations

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "content"


def _source(sid: str, **extra: Any) -> dict[str, Any]:
    data = {
        "id": sid, "type": "article-journal", "category": "journal-article", "title": f"Title of {sid}",
        "author": [{"family": "Doe", "given": "Jane"}], "et_al": True, "container-title": "Journal",
        "issued": "2024", "DOI": None, "PMID": None, "PMCID": None, "registry_id": None, "URL": None,
        "verified": ["title", "author", "container-title", "issued"], "quality": "primary",
        "provenance": {"read_at": ["https://example.org/"], "note": None},
    }
    data.update(extra)
    return data


def _study(sid: str, **extra: Any) -> dict[str, Any]:
    data = {
        "id": sid, "title": f"Study {sid}", "therapy": "t_islets", "countries": ["CN"], "registry_ids": [],
        "design": "case-report", "phase": None, "control": "none", "reported_in": "peer-reviewed",
        "participants": {"value": 1, "cite": ["src_a"]},
        "population": {"text": "One adult with type 1 diabetes", "cite": ["src_a"]}, "diabetes_types": ["T1D"],
        "follow_up": {"value": 1, "unit": "years", "cite": ["src_a"]}, "immunosuppression": None,
        "outcomes": [{"measure": "Insulin independence", "result": "From day 75", "key": True, "cite": ["src_a"]}],
        "adverse_events": {"summary": "None reported.", "deaths": 0, "cite": ["src_a"]}, "cite": ["src_a"],
    }
    data.update(extra)
    return data


def mini_atlas() -> Atlas:
    """Two sources, one therapy, three studies (one per evidence family), two decisions, two claims, two terms."""
    return build_atlas({
        "sources": [
            _source("src_a", DOI="10.1000/xyz1", verified=["title", "author", "container-title", "issued", "DOI"]),
            _source("src_b", quality="low", category="news", type="article-newspaper", title=None, author=None,
                    verified=[]),
        ],
        "therapies": [{
            "id": "t_islets", "name": "Test islets", "short_name": "Test <b>islets</b>",
            "summary": {"text": "Islets {{ made }} in a test.", "cite": ["src_a"]},
            "cell_source": {"text": "Stem cells", "cite": ["src_a"]}, "origin": "autologous",
            "cell_type": "psc-derived-islets", "mechanism": "replace-beta-cells",
            "delivery": {"route": "Implantation", "site": "Rectus sheath", "cite": ["src_a"]},
            "immunosuppression": {"value": None, "note": "Not stated", "cite": ["src_a"]},
            "diabetes_types": ["T1D", "T2D"], "stage": "first-in-human", "regions": ["china"],
            "developers": ["A university"], "regulatory_status": {"text": "Investigational.", "cite": ["src_a"]},
            "unknowns": ["Durability beyond 1 year."],
        }],
        "studies": [
            _study("s_case", published="2024-09"),
            _study("s_rct", design="randomised-controlled", control="placebo", phase="2", countries=["SE"],
                   participants={"value": 40, "note": "20 per arm", "cite": ["src_a"]},
                   registry_ids=["NCT01234567"], limitations=["Small."],
                   adverse_events={"summary": "Two deaths.", "deaths": 2, "death_causes": ["Sepsis", "Stroke"],
                                   "cite": ["src_a"]}),
            _study("s_reg", design="registered-no-results", reported_in="registry", participants=None,
                   follow_up=None, outcomes=[], adverse_events=None, started="2025-02-17"),
        ],
        "approvals": [
            {"id": "a_ok", "regulator": "FDA", "country": "US", "product": "Product 1", "therapy": "t_islets",
             "decision": "approved", "date": "2023-06-28", "scope": "Adults.", "cite": ["src_a"]},
            {"id": "a_undated", "regulator": "ISSCR", "country": None, "product": "Guidelines", "therapy": None,
             "decision": "guidance", "date": None, "scope": "Prove first.", "cite": ["src_b"], "known_from": "news"},
        ],
        "claims": [
            {"id": "c_one", "claim": "Cured <script>alert(1)</script> in months.", "origin": {"name": "Blog", "paragraph": 2},
             "verdict": "partly-supported", "reasoning": "One patient [link](https://evil.example).",
             "studies": ["s_case"], "cite": ["src_a"]},
            {"id": "c_two", "claim": "Costs vary.", "origin": {"name": "Blog"}, "verdict": "unproven",
             "reasoning": "No price found.", "cite": ["src_a"],
             "context": {"text": "A <i>sales</i> page says so.", "cite": ["src_b"]}},
        ],
        "glossary": [
            {"id": "c-peptide", "term": "C-peptide", "aliases": ["connecting peptide"],
             "definition": "Made with insulin.", "see_also": ["hba1c"], "cite": ["src_a"]},
            {"id": "hba1c", "term": "HbA1c", "definition": "Average glucose."},
        ],
        "exclusions": [
            {"id": "x_news", "title": "Two more patients", "reason": "no-outcome-data",
             "explanation": "Only a quote, no numbers.", "study": None, "registry_ids": [],
             "identified_in": {"text": "A news report", "cite": ["src_b"]}},
        ],
    })


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"golden file {path} is missing: run with UPDATE_GOLDEN=1 once and review it"
    assert text == path.read_text(encoding="utf-8")


def _render(fn: Any, *args: Any) -> str:
    atlas = mini_atlas()
    page = PageCitations(atlas.sources)
    return fn(atlas, page, *args) + page.references()


@pytest.mark.parametrize("name, render", [
    ("claims_table.md", lambda a, c: claims.claims_table(a, list(a.claims.values()), c)),
    ("verdict_counts.md", lambda a, c: claims.verdict_counts(list(a.claims.values()))),
    ("approvals_table.md", lambda a, c: approvals.approvals_table(a, list(a.approvals.values()), c)),
    ("timeline.md", lambda a, c: approvals.timeline(a, c)),
    ("glossary.md", lambda a, c: glossary.glossary(a, c)),
    ("evidence_levels.md", lambda a, c: scale.evidence_levels(list(a.studies.values()))),
    ("fact_sheet.md", lambda a, c: therapy.fact_sheet(a, "t_islets", c)),
    ("study_details.md", lambda a, c: studies.study_details(a, list(a.studies.values()), c)),
    ("sources_table.md", lambda a, c: sources.sources_table(list(a.sources.values()), c)),
    ("study_flow.md", lambda a, c: flow.study_flow(a) + "\n\n" + flow.exclusions_table(a, c)),
])
def test_golden(name: str, render: Any) -> None:
    _golden(name, _render(render))


def test_data_is_inert_in_claims() -> None:
    atlas = mini_atlas()
    out = claims.claims_table(atlas, list(atlas.claims.values()), PageCitations(atlas.sources))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "](https" not in out and "&#93;&#40;https" in out  # a Markdown link in data stays text


def test_fact_sheet_escapes_names_and_jinja() -> None:
    out = _render(lambda a, c: therapy.fact_sheet(a, "t_islets", c))
    assert "<b>" not in out and "{{" not in out


def test_evidence_levels_follow_the_code() -> None:
    out = scale.evidence_levels(list(mini_atlas().studies.values()))
    for level in LEVELS:
        assert f">{level.code}</span> | {level.name} |" in out
    # the three studies reach L1 (RCT), L4 (case report) and R (registered): one each
    counts = {line.split("|")[1].strip(): line.split("|")[4].strip() for line in out.splitlines()[2:]}
    assert counts['<span class="atlas-evidence">L1</span>'] == '<span class="atlas-count">1</span>'
    assert counts['<span class="atlas-evidence">L2</span>'] == '<span class="atlas-count">0</span>'


def test_timeline_never_drops_an_undated_decision() -> None:
    out = _render(lambda a, c: approvals.timeline(a, c))
    assert "ISSCR&#58; Guidelines" in out.split("not placed on the timeline")[1]
    dates = [line.split("|")[1].strip()[:10] for line in out.splitlines()[2:] if line.startswith("| 2")]
    assert dates == sorted(dates) and len(dates) == 3  # s_case published, s_reg started, a_ok approved


def test_uncited_marks_only_known_classes() -> None:
    assert values.uncited("atlas-count", "3") == '<span class="atlas-count">3</span>'
    with pytest.raises(ValueError, match="unknown uncited-digits class"):
        values.uncited("atlas-anything", "3")


def test_table_terms_link_the_glossary_terms_a_study_table_shows() -> None:
    atlas = mini_atlas()
    texts = glossary.study_texts(atlas.studies.values(), ["Key outcome"])
    assert glossary.terms_line(atlas, texts, "../glossary.md") == ""  # no study mentions C-peptide or HbA1c
    texts.append("C-peptide area under the curve; hba1c in lower case is not the abbreviation")
    line = glossary.terms_line(atlas, texts, "../glossary.md")
    assert line == "*Terms used above, explained in the glossary:* [C-peptide](../glossary.md#term-c-peptide)"
