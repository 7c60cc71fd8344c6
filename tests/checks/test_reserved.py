import pytest

from macros.checks.reserved import check

from .testing import index, record


@pytest.mark.parametrize("kind", ["studies", "sources", "therapies", "glossary"])
def test_index_is_reserved_in_every_kind(kind: str) -> None:
    found = list(check(index(record(kind, "id: index\n"))))
    assert [(d.rule, d.line, d.col) for d in found] == [("id-reserved", 2, 5)]
    assert f"docs/{kind}/index.md" in found[0].message


@pytest.mark.parametrize("record_id", ["index2", "indexes", "my_index"])
def test_other_ids_pass(record_id: str) -> None:
    assert list(check(index(record("studies", f"id: {record_id}\n")))) == []
