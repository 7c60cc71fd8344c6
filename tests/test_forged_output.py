"""Forged output: keys, file names and values that carry control characters or line breaks are printed inert, so a
pull request cannot colour a terminal, print a line of its own (a forged `OK:` summary) or start a line that
GitHub Actions reads as a workflow command (`::error file=…::`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros import cli
from macros.diagnostics import Diagnostic, inert

FORGERIES = [
    "\x1b[2J\x1b[32mOK: 0 error(s)\x1b[0m",
    "x\n::error file=README.md,line=1::forged",
    "x\r\nFAILED: nothing",
    "x\rOK: 0 error(s), 0 warning(s)",
    "\u202eevil\u2066",
    "a\u2028::warning::b",
    "\x85::notice::c",
    "\x00\x07\x7f",
]


def _unsafe(line: str) -> bool:
    return bool(re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line))


@pytest.mark.parametrize("text", FORGERIES)
def test_inert_text_is_one_printable_line(text: str) -> None:
    shown = inert(text)
    assert shown.isprintable() and "\n" not in shown and not _unsafe(shown)


@pytest.mark.parametrize("path", ["::error file=x::y", "  ::warning::z", "OK: 0 error(s)", "FAILED: 0", "x\n::error::y"])
def test_no_diagnostic_line_starts_a_workflow_command_or_a_summary(path: str) -> None:
    for message in FORGERIES:
        lines = Diagnostic(path, 1, 1, "yaml-key", message).format().split("\n")
        assert len(lines) == 2 and lines[1].startswith("    hint: ")
        assert not re.match(r"\s*(::|OK:|FAILED:)", lines[0]), lines[0]
        assert not _unsafe(lines[0])


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = cli.main(["check", "--root", str(root)])
    out = capsys.readouterr()
    assert status == 1
    lines = (out.out + out.err).splitlines()
    assert lines[-1].startswith("FAILED: ")
    for line in lines:
        assert not _unsafe(line), repr(line)
        assert not line.lstrip().startswith("::"), line
    assert sum(line.startswith(("OK:", "FAILED:")) for line in lines) == 1
    return lines


@pytest.mark.parametrize("key", [r"\e[31mtitle\e[0m", r"x\n::error file=a::b", r"x\rOK: 0 error(s)", r"\u202etitle"])
def test_yaml_keys_are_printed_inert(key: str, fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    path = root / "content/glossary/term_b.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f'"{key}": 1\n', encoding="utf-8")
    lines = _check(root, capsys)
    assert any("[schema-unknown-field]" in line for line in lines)


@pytest.mark.parametrize("name", ["\x1b[31mred.yaml", "a\n::error file=x::y.yaml", "b\rOK: 0 error(s).yml", "\u202ec.yaml"])
def test_file_names_are_printed_inert(name: str, fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    (root / "content/glossary" / name).write_text("id: x\n", encoding="utf-8")
    _check(root, capsys)


def test_values_in_messages_are_printed_inert(fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    path = root / "content/studies/st_a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("design: single-arm", 'design: "x\\nOK: 0 error(s)\\n::error::y"'))
    lines = _check(root, capsys)
    assert any("[schema-enum]" in line for line in lines)
