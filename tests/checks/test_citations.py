from macros.checks.citations import check

from .testing import index, record

SOURCE = "id: s1\ntitle: T\n"


def test_reports_each_unknown_citation_at_its_line_and_column() -> None:
    claim = record("claims", "id: c\nclaim: C\norigin: {name: Blog}\nverdict: unproven\nreasoning: R\ncite: [s1, nope]\n")
    found = list(check(index(record("sources", SOURCE), claim)))
    assert [(d.rule, d.line, d.col, d.message) for d in found] == [
        ("unknown-source", 7, 12, "citation 'nope' matches no source")
    ]


def test_nested_citations_are_checked_too() -> None:
    study = record("studies", "id: st\noutcomes:\n  - measure: M\n    cite: [ghost]\n")
    found = list(check(index(study)))
    assert [(d.rule, d.line) for d in found] == [("unknown-source", 5)]
