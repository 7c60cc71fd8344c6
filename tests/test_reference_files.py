"""The sources as BibTeX and RIS (data/sources.bib, data/sources.ris), written from the CSL-JSON download: read
back with the parsers of the libraries that wrote them, nothing is lost and nothing is added."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from reference_support import from_latex, read_bibtex, read_ris, squash, title
from schemagen import Schemas

from macros.pipeline import load_atlas
from macros.render import bibliography, downloads

SITE = "https://x.invalid/"


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    result = load_atlas(REPO)
    assert result.atlas is not None
    return downloads.kind_items(result.atlas, "sources", result.data["sources"], SITE)


def _year(item: dict[str, Any]) -> str | None:
    return str(item["issued"]["date-parts"][0][0]) if "issued" in item else None


def test_bibtex_round_trip_keeps_every_source_and_its_identifiers(items: list[dict[str, Any]]) -> None:
    entries = read_bibtex(bibliography.bibtex(items)).entries
    assert list(entries) == [item["id"] for item in items]
    for item in items:
        entry = entries[item["id"]]
        fields = {k.lower(): v for k, v in entry.fields.items()}
        assert title(entry) == bibliography.one_line(item["title"]) if "title" in item else "title" not in fields
        assert fields.get("doi") == item.get("DOI") and fields.get("pmid") == item.get("PMID")
        assert fields.get("pmcid") == item.get("PMCID") and fields.get("url") == item.get("URL")
        assert fields.get("year") == _year(item)
        authors = item.get("author") or []
        expected = len(authors) + (1 if authors and item["custom"].get("et_al") else 0)
        assert len(entry.persons.get("author", [])) == expected, item["id"]
        assert entry.type == bibliography.BIBTEX_TYPES.get(item["type"], "misc")


def test_ris_round_trip_keeps_every_source_and_its_identifiers(items: list[dict[str, Any]]) -> None:
    refs = read_ris(bibliography.ris(items))
    assert [ref["id"] for ref in refs] == [item["id"] for item in items]
    for ref, item in zip(refs, items, strict=True):
        assert ref.get("title") == (bibliography.one_line(item["title"]) if "title" in item else None)
        assert ref.get("doi") == item.get("DOI") and ref.get("accession_number") == item.get("PMID")
        assert ref.get("urls") == ([item["URL"]] if "URL" in item else None)
        assert ref.get("year") == _year(item)
        assert ref.get("secondary_title") == item.get("container-title")
        assert len(ref.get("authors", [])) == len(item.get("author") or [])
        assert ref["type_of_reference"] == bibliography.RIS_TYPES[item["type"]]


def test_the_files_hold_only_what_the_csl_json_holds(items: list[dict[str, Any]]) -> None:
    """Nothing is filled in: an item with only an id and a type gives an entry with no fields."""
    bare = {"id": "bare", "type": "webpage", "custom": {"verified": []}}
    (entry,) = read_bibtex(bibliography.bibtex([bare])).entries.values()
    assert dict(entry.fields) == {} and not entry.persons
    (ref,) = read_ris(bibliography.ris([bare]))
    assert ref == {"type_of_reference": "ELEC", "id": "bare"}
    known = {f for item in items for f in item} - {"id", "type", "custom", "accessed"}
    assert known <= set(bibliography.CHECKED) | {"container-title-short"}, "a CSL field the files do not write"


def test_unconfirmed_fields_and_incomplete_author_lists_are_noted() -> None:
    item = {"id": "x", "type": "article-journal", "title": "T", "page": "1-2", "author": [{"family": "Doe"}],
            "custom": {"verified": ["title"], "et_al": True}}
    (entry,) = read_bibtex(bibliography.bibtex([item])).entries.values()
    assert entry.fields["annote"] == "Not confirmed by the atlas: author, page. The author list is incomplete (et al.)."
    assert [str(p) for p in entry.persons["author"]] == ["Doe", "others"]
    (ref,) = read_ris(bibliography.ris([item]))
    assert ref["notes"] == ["Not confirmed by the atlas: author, page. The author list is incomplete (et al.)."]


def test_names_that_bibtex_would_split_stay_whole() -> None:
    item = {"id": "x", "type": "report", "author": [{"literal": "Food and Drug Administration, U.S."},
                                                   {"family": "Smith, Jr", "given": "Ann and Bo"}],
            "custom": {"verified": ["author"]}}
    (entry,) = read_bibtex(bibliography.bibtex([item])).entries.values()
    assert len(entry.persons["author"]) == 2
    assert entry.persons["author"][0].last_names == ["{Food and Drug Administration, U.S.}"]


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(Schemas(REPO).strategy("sources"))
def test_any_valid_source_reads_back_whole(record: dict[str, Any]) -> None:
    """Any schema-valid source (free text with braces, LaTeX's and Markdown's specials, line breaks): each file
    parses to one entry with the written fields, and every text reads back (BibTeX through LaTeX: its characters)."""
    item = downloads.csl_item(record, SITE)
    (entry,) = read_bibtex(bibliography.bibtex([item])).entries.values()
    assert set(entry.fields) == set(bibliography.bibtex_entry(item).fields)
    if "title" in item:
        assert squash(title(entry)) == squash(item["title"])
    for field, name in (("volume", "volume"), ("page", "pages"), ("issue", "number")):
        if field in item:
            assert squash(from_latex(entry.fields[name])) == squash(item[field])
    (ref,) = read_ris(bibliography.ris([item]))
    assert ref == bibliography.ris_reference(item)
