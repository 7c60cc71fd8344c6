"""The evidence scale is computed from a study's own fields; a single patient and a randomised trial never look alike."""

from __future__ import annotations

from dataclasses import replace

import pytest

from macros.evidence import BY_CODE, LEVELS
from macros.model import CitedText, Count, Duration, Study

BASE = Study(
    id="s", title="S", therapy="t", countries=("CN",), sites=None, registry_ids=(), design="single-arm", phase=None,
    control="none", reported_in="peer-reviewed", participants=Count(12, "exact", None, ("x",)),
    population=CitedText("P", ("x",)), diabetes_types=("T1D",), follow_up=Duration(2, "years", "exact", None, ("x",)),
    immunosuppression=None, started=None, published=None, outcomes=(), adverse_events=None, limitations=(), cite=("x",),
)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"design": "randomised-controlled", "control": "placebo"}, "L1"),
        ({"design": "non-randomised-controlled", "control": "standard-care"}, "L2"),
        ({}, "L2"),  # 12 participants, 24 months
        ({"follow_up": Duration(6, "months", "exact", None, ("x",))}, "L3"),
        ({"participants": Count(9, "exact", None, ("x",))}, "L3"),
        ({"participants": None}, "L3"),
        ({"follow_up": None}, "L3"),
        ({"design": "case-report", "participants": Count(1, "exact", None, ("x",))}, "L4"),
        ({"participants": Count(1, "exact", None, ("x",))}, "L4"),
        ({"design": "randomised-controlled", "control": "placebo", "reported_in": "press-release"}, "L5"),
        ({"reported_in": "conference-abstract"}, "L5"),
        ({"reported_in": "regulatory-review"}, "L2"),  # an approval dataset: graded by its design, like Lantidra's
        ({"reported_in": "regulatory-review", "participants": Count(9, "exact", None, ("x",))}, "L3"),
        ({"design": "registered-no-results", "reported_in": "registry"}, "R"),
    ],
)
def test_level_from_fields(changes: dict, code: str) -> None:
    assert replace(BASE, **changes).evidence.code == code


def test_levels_are_a_closed_documented_set() -> None:
    assert [level.code for level in LEVELS] == ["L1", "L2", "L3", "L4", "L5", "R"]
    assert all(level.name and level.rule for level in LEVELS)
    assert set(BY_CODE) == {level.code for level in LEVELS}


def test_region_is_derived_from_countries() -> None:
    assert BASE.region == "china"
    assert replace(BASE, countries=("US",)).region == "elsewhere"
    assert replace(BASE, countries=("CN", "US")).region == "both"
