import pytest

from macros.checks.design import check

from .testing import index, record


def study(design: str, control: str, n: int = 5) -> str:
    return f"id: s\ndesign: {design}\ncontrol: {control}\nparticipants: {{value: {n}, cite: [x]}}\n"


@pytest.mark.parametrize(
    ("design", "control", "n", "line"),
    [
        ("randomised-controlled", "none", 5, 4),
        ("non-randomised-controlled", "none", 5, 4),
        ("single-arm", "placebo", 5, 4),
        ("case-report", "none", 3, 5),
    ],
)
def test_contradictions(design: str, control: str, n: int, line: int) -> None:
    found = list(check(index(record("studies", study(design, control, n)))))
    assert [(d.rule, d.line) for d in found] == [("design-mismatch", line)]


@pytest.mark.parametrize(
    ("design", "control", "n"),
    [("randomised-controlled", "placebo", 40), ("single-arm", "historical", 9), ("case-report", "none", 1)],
)
def test_consistent_designs_pass(design: str, control: str, n: int) -> None:
    assert list(check(index(record("studies", study(design, control, n))))) == []
