from macros.checks.ids import check

from .testing import index, record


def test_id_must_equal_file_name() -> None:
    r = record("glossary", "id: a\nterm: T\ndefinition: D\n")
    renamed = type(r)(r.kind, "content/glossary/b.yaml", r.data, r.positions, r.key_positions)
    found = list(check(index(renamed)))
    assert [(d.rule, d.path, d.line) for d in found] == [("id-filename", "content/glossary/b.yaml", 2)]


def test_duplicate_ids_within_a_kind_are_reported_once_per_repeat() -> None:
    a = record("glossary", "id: a\nterm: T\ndefinition: D\n")
    again = type(a)(a.kind, "content/glossary/a.yaml", a.data, a.positions, a.key_positions)
    rules = [d.rule for d in check(index(a, again))]
    assert rules == ["duplicate-id"]


def test_same_id_in_two_kinds_is_fine() -> None:
    term = record("glossary", "id: x\nterm: T\ndefinition: D\n")
    claim = record("claims", "id: x\nclaim: C\norigin: {name: Blog}\nverdict: unproven\nreasoning: R\ncite: [s]\n")
    assert list(check(index(term, claim))) == []
