"""Shared helpers of the trust tests (rule corpus, injection, properties, reconciliation)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import sitebuild

from bench.synth import write_therapy_pages
from macros import cli

REPO = Path(__file__).resolve().parent.parent
BASE_CONTENT = REPO / "tests" / "fixtures" / "base" / "content"

#: `error: PATH:LINE:COL: [rule] message`, the checker's one output format
DIAGNOSTIC = re.compile(r"^(error|warning): (.+?):(\d+):(\d+): \[([a-z0-9-]+)\] (.*)$")


def macros_main(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m macros ARGS` run in this process from the repository (exit status and output, as a process's)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(REPO), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return subprocess.CompletedProcess(["macros", *args], status, out.getvalue(), err.getvalue())


def check_in_process(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m macros check --root ROOT`, in this process."""
    return macros_main("check", "--root", str(root), *args)


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


def make_project(tmp: Path, content: Path | None = None, not_in_nav: Sequence[str] = ()) -> Path:
    """A copy of the site sources with `content` (default: the shipped content) as content/, and a page for each
    therapy that has none (as a contributor writes it); those pages and `not_in_nav` are left out of the nav."""
    project = sitebuild.copy_site(tmp, content)
    hidden = [*not_in_nav, *(f"/{src}" for src in write_therapy_pages(project))]
    if hidden:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("\nnot_in_nav: |\n" + "".join(f"  {src}\n" for src in hidden))
    return project


def build(project: Path, site: str = "site", *, chinese: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project copy into project/<site> (sitebuild.build)."""
    return sitebuild.build(project, project / site, chinese=chinese)
