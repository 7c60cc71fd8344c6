"""`python -m macros check` as contributors run it: output format, exit status, never a traceback. One test runs
the module as a process; the others call its main() in this process."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, REPO
from trust_support import macros_main as run

LINE = re.compile(r"^(error|warning): (content/\S+):(\d+):(\d+): \[([a-z0-9-]+)\] .+$")


def run_module(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_clean_content_exits_zero(fixture_root: Callable[..., Path]) -> None:
    done = run_module("check", "--root", str(fixture_root()))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: 0 error(s), 0 warning(s) in 11 file(s)")


def test_every_problem_at_once_with_hints_and_exit_one(fixture_root: Callable[..., Path]) -> None:
    overlays = [FIXTURES / "cases" / name for name in ("yaml-tab", "unknown-source", "schema-pattern", "file-extension")]
    root = fixture_root(*overlays)
    done = run("check", "--root", str(root))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    problems = [LINE.match(line) for line in lines if not line.startswith("    hint: ")]
    assert all(problems), lines
    assert sorted(m.group(5) for m in problems) == ["file-extension", "schema-pattern", "unknown-source", "yaml-tab"]
    assert sum(line.startswith("    hint: ") for line in lines) == 4
    assert "FAILED: 4 error(s), 0 warning(s)" in done.stderr


def test_warnings_pass_unless_strict(fixture_root: Callable[..., Path]) -> None:
    root = fixture_root(FIXTURES / "cases" / "uncited-source")
    assert run("check", "--root", str(root)).returncode == 0
    strict = run("check", "--root", str(root), "--strict")
    assert strict.returncode == 1
    assert "warning: content/sources/src_c.yaml:2:5: [uncited-source]" in strict.stdout


def test_rules_lists_the_closed_set() -> None:
    done = run("rules")
    assert done.returncode == 0
    assert "uncited-source\twarning\t" in done.stdout
    assert len(done.stdout.splitlines()) >= 30


def test_shipped_content_is_clean_under_strict() -> None:
    done = run("check", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
