"""The rule corpus, tests/fixtures/cases/: every way content can be wrong, each answered with the exact rule, file,
line and column, a hint, and never a traceback. Every rule has a case named after it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, make_root
from trust_support import check_in_process, diagnostics

from macros import checks, load
from macros.diagnostics import RULES
from macros.pipeline import load_atlas

CASES_DIR = FIXTURES / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())


def _expected(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def case_root(case: Path, tmp_path: Path) -> Path:
    """The base content with the case laid over it; `pad_over_limit` pads the case's files with comment bytes to one
    byte over `MAX_FILE_BYTES` (so the corpus does not store a large file)."""
    root = make_root(tmp_path, case)
    if _expected(case).get("pad_over_limit"):
        for path in sorted((case / "content").rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                (root / path.relative_to(case)).write_bytes(data + b"#" * (load.MAX_FILE_BYTES + 1 - len(data)))
    return root


def test_every_rule_has_a_case_named_after_it() -> None:
    assert set(RULES) <= {p.name for p in CASES}
    reported = {e["rule"] for case in CASES for e in _expected(case)["expected"]}
    assert reported <= set(RULES)


def test_every_case_is_described() -> None:
    assert all(len(_expected(case)["description"]) > 10 for case in CASES)


def test_base_content_is_clean(fixture_root: Callable[..., Path]) -> None:
    result = check_in_process(fixture_root(), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert diagnostics(result.stdout) == []


def test_check_modules_report_only_registered_rules() -> None:
    declared = [rule for module in checks.CHECKS for rule in module.RULES]
    assert len(declared) == len(set(declared)), "two check modules claim the same rule"
    assert set(declared) <= set(RULES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_reported_exactly(case: Path, tmp_path: Path) -> None:
    """Each case through the command line's main(), in this process: an exception would fail the test."""
    expected = _expected(case)["expected"]
    root = case_root(case, tmp_path)
    result = check_in_process(root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    got = [(file, line, col, rule) for file, line, col, rule, _ in diagnostics(result.stdout)]
    assert sorted(got) == sorted((e["file"], e["line"], e["col"], e["rule"]) for e in expected), output
    lines = result.stdout.splitlines()
    for i, line in enumerate(lines):  # every diagnostic is followed by its hint
        if line.startswith(("error: ", "warning: ")):
            assert lines[i + 1].startswith("    hint: ") and len(lines[i + 1]) > 12
    if any(RULES[e["rule"]].severity.value == "error" for e in expected):
        assert result.returncode == 1 and result.stderr.startswith("FAILED: ")
        assert load_atlas(root).atlas is None, "an error must stop the model from being built"
    else:
        assert result.returncode == 0, output
        assert check_in_process(root, "--strict").returncode == 1, "--strict fails on warnings"
