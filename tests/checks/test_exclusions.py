from macros.checks.exclusions import check

from .testing import index, record

STUDY = record("studies", "id: st\nregistry_ids: [NCT01234567]\n")


def exclusion(reason: str, rid: str = "ex") -> str:
    return f"id: {rid}\nreason: {reason}\nregistry_ids: [NCT01234567]\n"


def test_exclusion_sharing_a_registration_with_an_included_study_is_reported() -> None:
    found = list(check(index(STUDY, record("exclusions", exclusion("not-confirmed")))))
    assert [(d.rule, d.line, d.col) for d in found] == [("exclusion-included", 4, 16)]


def test_a_further_report_of_the_same_trial_may_share_its_registration() -> None:
    assert list(check(index(STUDY, record("exclusions", exclusion("same-trial"))))) == []


def test_exclusion_with_a_study_id_is_reported() -> None:
    found = list(check(index(STUDY, record("exclusions", exclusion("same-trial", "st")))))
    assert [(d.rule, d.line) for d in found] == [("exclusion-included", 2)]
