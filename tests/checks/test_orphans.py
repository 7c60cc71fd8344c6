from macros.checks.orphans import check

from .testing import index, record


def test_uncited_source_is_a_warning() -> None:
    found = list(check(index(record("sources", "id: lonely\n"))))
    assert [(d.rule, d.severity.value, d.line) for d in found] == [("uncited-source", "warning", 2)]


def test_a_source_cited_anywhere_is_not_an_orphan() -> None:
    term = record("glossary", "id: t\nterm: T\ndefinition: D\ncite: [used]\n")
    assert list(check(index(record("sources", "id: used\n"), term))) == []
