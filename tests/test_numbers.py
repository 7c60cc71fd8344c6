"""Numbers at the limits: the loader refuses absurd digit counts, the schemas bound every number by what is
plausible, and no loop or output of the renderers grows with a data value (the chart's axis)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from macros import cli
from macros.load import MAX_DIGITS, load_text, modeline
from macros.render import chart


def _loaded(body: str) -> list[tuple[int, int, str]]:
    _, found = load_text(modeline("studies") + "\n" + body, "content/studies/x.yaml", "studies")
    return [(d.line, d.col, d.rule) for d in found]


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "9" * 16, "1" * 400 + ".5", "0." + "1" * 15, "12345678901234.56"])
def test_absurd_digit_counts_are_refused_with_their_position(number: str) -> None:
    assert _loaded(f"id: x\nn: {number}\n") == [(3, 4, "yaml-number")]


@pytest.mark.parametrize("number", ["9" * MAX_DIGITS, "-12", "0.5", "1234567890123.4"])
def test_numbers_within_the_limit_load(number: str) -> None:
    assert _loaded(f"id: x\nn: {number}\n") == []


def test_a_huge_number_keeps_every_other_diagnostic(fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    study = (root / "content/studies/st_a.yaml").read_text(encoding="utf-8")
    (root / "content/studies/st_a.yaml").write_text(study.replace("  value: 12\n", f"  value: {'9' * 5000}\n"))
    (root / "content/studies/st_b.yaml").write_text(study.replace("id: st_a", "id: st_b").replace("single-arm", "one-arm"))
    assert cli.main(["check", "--root", str(root)]) == 1
    out = capsys.readouterr()
    assert "[yaml-number]" in out.out and "[schema-enum]" in out.out and "Traceback" not in out.out + out.err
    assert out.err.startswith("FAILED: 2 error(s)")


def _numbers(node: object, where: str = "") -> list[tuple[str, dict]]:
    if isinstance(node, dict):
        found = [(where, node)] if node.get("type") in ("integer", "number") or node.get("type") == ["integer", "null"] else []
        return found + [n for k, v in node.items() for n in _numbers(v, f"{where}/{k}")]
    if isinstance(node, list):
        return [n for i, v in enumerate(node) for n in _numbers(v, f"{where}/{i}")]
    return []


@pytest.mark.parametrize("schema", sorted((REPO / "schemas").glob("*.schema.json")), ids=lambda p: p.name)
def test_every_number_in_the_schemas_is_bounded(schema: Path) -> None:
    for where, node in _numbers(json.loads(schema.read_text(encoding="utf-8"))):
        assert "maximum" in node and ("minimum" in node or "exclusiveMinimum" in node), f"{schema.name}{where}"
        assert node["maximum"] <= 1_000_000, f"{schema.name}{where}"


@pytest.mark.parametrize("x_max", [12, 120, 132, 1200, 36525 * 12, 10**9])
def test_the_follow_up_axis_has_a_bounded_number_of_ticks(x_max: int) -> None:
    ticks = range(0, x_max + 1, chart.tick_step(x_max))
    assert 2 <= len(ticks) <= chart.MAX_TICKS
    assert chart.tick_step(x_max) % 12 == 0


def test_short_follow_up_keeps_a_tick_per_year() -> None:
    assert chart.tick_step(120) == 12 and chart.tick_step(24) == 12
