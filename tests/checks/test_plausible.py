import pytest

from macros.checks.plausible import check

from .testing import index, record


def study(participants: str = "12", deaths: str = "null", follow_up: str = "{value: 18, unit: months, cite: [x]}",
          outcomes: str = "[]") -> str:
    return (f"id: s\nparticipants: {participants}\nfollow_up: {follow_up}\noutcomes: {outcomes}\n"
            f"adverse_events: {{summary: s, deaths: {deaths}, cite: [x]}}\n")


def rules(body: str) -> list[tuple[str, int]]:
    return [(d.rule, d.line) for d in check(index(record("studies", body)))]


@pytest.mark.parametrize(("participants", "deaths"), [("{value: 1, cite: [x]}", "5"), ("{value: 0, cite: [x]}", "1")])
def test_more_deaths_than_participants(participants: str, deaths: str) -> None:
    assert rules(study(participants, deaths)) == [("deaths-exceed-participants", 6)]


@pytest.mark.parametrize(("participants", "deaths"), [("{value: 5, cite: [x]}", "5"), ("null", "3"),
                                                      ("{value: 5, cite: [x]}", "null")])
def test_deaths_within_participants_or_unknown(participants: str, deaths: str) -> None:
    assert rules(study(participants, deaths)) == []


@pytest.mark.parametrize("follow_up", ["{value: 101, unit: years, cite: [x]}", "{value: 1201, unit: months, cite: [x]}",
                                       "{value: 36600, unit: days, cite: [x]}", "{value: 5300, unit: weeks, cite: [x]}"])
def test_follow_up_over_a_century(follow_up: str) -> None:
    assert rules(study(follow_up=follow_up)) == [("duration-implausible", 4)]


@pytest.mark.parametrize("follow_up", ["{value: 100, unit: years, cite: [x]}", "{value: 1200, unit: months, cite: [x]}",
                                       "{value: 3, unit: days, cite: [x]}", "null"])
def test_plausible_follow_up(follow_up: str) -> None:
    assert rules(study(follow_up=follow_up)) == []


def test_every_extra_key_outcome_is_reported() -> None:
    outcomes = "\n" + "".join(f"  - {{measure: m{i}, result: r, key: {str(i != 1).lower()}, cite: [x]}}\n" for i in range(4))
    assert rules(study(outcomes=outcomes)) == [("key-outcome-duplicate", 8), ("key-outcome-duplicate", 9)]


def test_one_key_outcome_passes() -> None:
    outcomes = "\n  - {measure: m, result: r, key: true, cite: [x]}\n  - {measure: m2, result: r, cite: [x]}\n"
    assert rules(study(outcomes=outcomes)) == []
