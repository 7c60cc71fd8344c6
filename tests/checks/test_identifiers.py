from macros.checks.identifiers import check

from .testing import index, record


def test_identifier_must_be_verified() -> None:
    source = record("sources", 'id: s\nDOI: 10.1/x\nPMID: "1"\nverified: [PMID]\n')
    assert [(d.rule, d.line) for d in check(index(source))] == [("identifier-unverified", 3)]


def test_verified_field_must_have_a_value() -> None:
    source = record("sources", "id: s\nDOI: null\nverified: [DOI]\n")
    assert [(d.rule, d.line, d.col) for d in check(index(source))] == [("verified-null", 4, 12)]


def test_unverified_null_identifier_is_fine() -> None:
    assert list(check(index(record("sources", "id: s\nDOI: null\nverified: []\n")))) == []
