"""Shared helpers of the trust tests (adversarial corpus, injection, properties, reconciliation)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import sitebuild

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


def make_project(tmp: Path, content: Path | None = None) -> Path:
    """A copy of the site sources with `content` (default: the shipped content) as content/."""
    return sitebuild.copy_site(tmp, content)


def build(project: Path, site: str = "site") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project copy into project/<site>."""
    return sitebuild.build(project, project / site)
