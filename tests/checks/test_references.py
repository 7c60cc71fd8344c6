from macros.checks.references import check

from .testing import index, record


def test_study_therapy_must_exist() -> None:
    found = list(check(index(record("studies", "id: s\ntherapy: missing\n"))))
    assert [(d.rule, d.line, d.message) for d in found] == [
        ("unknown-reference", 3, "therapy 'missing' matches no record in therapies")
    ]


def test_list_references_are_checked_item_by_item() -> None:
    term = record("glossary", "id: a\nsee_also: [a, b]\n")
    found = list(check(index(term)))
    assert [(d.line, d.col) for d in found] == [(3, 15)]


def test_null_reference_means_none() -> None:
    assert list(check(index(record("approvals", "id: ap\ntherapy: null\n")))) == []
