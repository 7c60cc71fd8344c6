from macros.checks.index import RecordIndex
from macros.checks.study_registry import check

from .testing import KINDS, index, record

STUDY = "id: st\nregistry_ids: [NCT01234567]\ncite: [{src}]\n"


def source(registry_id: str, verified: str) -> str:
    return f"id: src\nregistry_id: {registry_id}\nverified: [{verified}]\n"


def test_registry_id_confirmed_by_a_cited_source_passes() -> None:
    found = check(index(record("studies", STUDY.format(src="src")), record("sources", source("NCT01234567", "registry_id"))))
    assert list(found) == []


def test_registry_id_that_the_source_does_not_confirm_is_reported() -> None:
    unverified = record("sources", source("NCT01234567", "title"))
    found = list(check(index(record("studies", STUDY.format(src="src")), unverified)))
    assert [(d.rule, d.line, d.col) for d in found] == [("registry-id-unconfirmed", 3, 16)]


def test_registry_id_of_an_uncited_source_does_not_count() -> None:
    other = record("sources", source("NCT01234567", "registry_id"))
    found = list(check(index(record("studies", STUDY.format(src="elsewhere")), other)))
    assert [d.rule for d in found] == ["registry-id-unconfirmed"]


def test_a_different_registry_id_does_not_confirm() -> None:
    found = check(index(record("studies", STUDY.format(src="src")), record("sources", source("NCT07654321", "registry_id"))))
    assert [d.rule for d in found] == ["registry-id-unconfirmed"]


def test_a_study_citing_an_invalid_source_is_not_judged() -> None:
    study = record("studies", STUDY.format(src="broken"))
    assert list(check(RecordIndex.of([study], [study], KINDS, {("sources", "broken")}))) == []
