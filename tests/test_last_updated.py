"""hooks/last_updated.py (on macros/history.py): dates from a real git history, shallow clones, no history at all, and a real build."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("last_updated", REPO / "hooks" / "last_updated.py")
assert _spec and _spec.loader
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

PAGE = "---\nrender_macros: false\n---\n# Table\n\n<!-- data: content/studies/*.yaml (all) -->\nA table.\n"


def git(cwd: Path, *args: str, when: str = "2024-01-02T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: dict[str, str], when: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"change at {when}", when=when)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"docs/table.md": PAGE, "docs/plain.md": "# Plain\n", "content/studies/a.yaml": "id: a\n"},
           "2024-01-02T12:00:00+00:00")
    commit(repo, {"content/studies/a.yaml": "id: a\nx: 1\n", "content/sources/s.yaml": "id: s\n"},
           "2024-03-04T12:00:00+00:00")
    commit(repo, {"docs/plain.md": "# Plain, edited\n"}, "2024-05-06T12:00:00+00:00")
    return repo


def test_dates_are_the_last_commit_of_each_file(history: Path) -> None:
    dates = hook.last_changes(history)
    assert dates == {"docs/table.md": date(2024, 1, 2), "docs/plain.md": date(2024, 5, 6),
                     "content/studies/a.yaml": date(2024, 3, 4), "content/sources/s.yaml": date(2024, 3, 4)}


def test_a_page_is_dated_by_the_data_it_names(history: Path) -> None:
    dates = hook.last_changes(history)
    assert hook.data_paths(PAGE) == ["content/studies/*.yaml"]
    assert hook.page_date("docs/table.md", PAGE, dates) == date(2024, 3, 4)  # the study changed after the page
    assert hook.page_date("docs/plain.md", "# Plain, edited\n", dates) == date(2024, 5, 6)
    assert hook.page_date("docs/new.md", PAGE, dates) is None  # never committed: no date, not today's


def test_a_shallow_clone_knows_only_what_changed_after_its_cut(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{history}", str(clone))
    dates = hook.last_changes(clone)
    # The last two commits are present; the older of them is the cut, so only the newest commit's file is known.
    assert dates == {"docs/plain.md": date(2024, 5, 6)}
    assert hook.page_date("docs/table.md", PAGE, dates) is None


def test_no_repository_means_no_dates(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert hook.repository_root(tmp_path / "docs") is None
    assert hook.last_changes(tmp_path) == {}


def test_the_label_is_a_machine_readable_date() -> None:
    assert hook.label(date(2024, 3, 4)) == ('<span class="atlas-last-updated">Last updated '
                                            '<time datetime="2024-03-04">4 March 2024</time></span>')


MKDOCS_YML = """site_name: T
docs_dir: docs
theme:
  name: material
  font: false
hooks:
  - hooks/last_updated.py
"""


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
                          cwd=root, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_strict_build_shows_the_date_and_survives_missing_history(history: Path, tmp_path: Path) -> None:
    (history / "hooks").mkdir()
    shutil.copy(REPO / "hooks" / "last_updated.py", history / "hooks")
    shutil.copytree(REPO / "macros", history / "macros", ignore=shutil.ignore_patterns("__pycache__"))  # its engine
    (history / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    done = build(history)
    assert done.returncode == 0, done.stderr
    html = (history / "site" / "table" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-03-04">4 March 2024</time>' in html
    shutil.rmtree(history / ".git")  # the same sources with no history at all
    done = build(history)
    assert done.returncode == 0, done.stderr
    assert "atlas-last-updated" not in (history / "site" / "table" / "index.html").read_text(encoding="utf-8")
