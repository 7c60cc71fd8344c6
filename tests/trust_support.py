"""Shared helpers of the trust tests (adversarial corpus, injection, properties, reconciliation)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADVERSARIAL = REPO / "tests" / "adversarial"
BASE_CONTENT = ADVERSARIAL / "_base" / "content"

#: `error: PATH:LINE:COL: [rule] message`, the checker's one output format
DIAGNOSTIC = re.compile(r"^(error|warning): (.+?):(\d+):(\d+): \[([a-z0-9-]+)\] (.*)$")


def make_root(tmp: Path, content: Path | None = BASE_CONTENT) -> Path:
    """A repository root with the real schemas/ and a copy of `content` (the small valid base by default)."""
    shutil.copytree(REPO / "schemas", tmp / "schemas")
    if content is not None:
        shutil.copytree(content, tmp / "content")
    else:
        (tmp / "content").mkdir()
    return tmp


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m macros check --root ROOT` as a subprocess, with the repository's engine."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "macros", "check", "--root", str(root), *args],
        check=False, capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )


def diagnostics(output: str) -> list[tuple[str, int, int, str, str]]:
    """(file, line, col, rule, message) of every diagnostic line in the checker's output."""
    found = []
    for line in output.splitlines():
        match = DIAGNOSTIC.match(line)
        if match:
            found.append((match[2], int(match[3]), int(match[4]), match[5], match[6]))
    return found


#: what a copy of the project for a test build leaves out (content/ is supplied by the test)
NOT_COPIED = {".git", ".venv", ".venv-lock", "site", "content", "tests", "bench", ".pytest_cache", ".hypothesis",
              "__pycache__", "node_modules", "artifacts"}


def make_project(tmp: Path, content: Path | None = None) -> Path:
    """A copy of the repository (mkdocs.yml, docs/, macros/, schemas/, overrides/…) with `content` as content/."""
    tmp.mkdir(parents=True, exist_ok=True)
    for entry in REPO.iterdir():
        if entry.name in NOT_COPIED or entry.name.startswith(".venv"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, tmp / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, tmp / entry.name)
    shutil.copytree(content if content is not None else REPO / "content", tmp / "content")
    return tmp


def build(project: Path, site: str = "site") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project copy, as a subprocess (its own engine, as in CI)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(project / "mkdocs.yml"),
         "-d", str(project / site)],
        check=False, capture_output=True, text=True, env=env, cwd=project, timeout=600,
    )
