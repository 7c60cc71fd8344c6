"""Every rule has an invalid fixture, and each fixture reports exactly the expected rule, file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES

from macros import checks
from macros.diagnostics import RULES
from macros.pipeline import load_atlas

RULE_FIXTURES = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir())


def test_every_rule_has_exactly_one_fixture() -> None:
    assert sorted(p.name for p in RULE_FIXTURES) == sorted(RULES)


def test_base_fixture_is_clean(fixture_root: Callable[..., Path]) -> None:
    result = load_atlas(fixture_root())
    assert result.diagnostics == ()
    assert result.atlas is not None


def test_check_modules_report_only_registered_rules() -> None:
    declared = [rule for module in checks.CHECKS for rule in module.RULES]
    assert len(declared) == len(set(declared)), "two check modules claim the same rule"
    assert set(declared) <= set(RULES)


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.name)
def test_fixture_reports_its_rule_at_the_expected_place(fixture: Path, fixture_root: Callable[..., Path]) -> None:
    expected = (fixture / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = load_atlas(fixture_root(fixture))
    reported = [f"{d.path}:{d.line}:{d.col}: [{d.rule}]" for d in result.diagnostics]
    assert reported == expected
    assert any(f"[{fixture.name}]" in line for line in reported)
    if RULES[fixture.name].severity.value == "error":
        assert result.atlas is None, "an error must stop the model from being built"
