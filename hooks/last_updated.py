"""MkDocs hook: each page's "Last updated" date, from git history, without network access.

A page's date is the date of the last commit that changed its Markdown file or any content file named in one of its
`<!-- data: content/... -->` comments, so a table page is dated by the data it shows. One `git log` per build reads
the whole history. Where history is missing (no git, no repository, a file never committed, or a file whose last
change lies beyond the cut of a shallow clone) the page shows no date rather than a wrong one, and the build goes
on: a missing history is never a warning, so `mkdocs build --strict` does not fail on it.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import messages

log = logging.getLogger("mkdocs.hooks.last_updated")

_DATA_COMMENT = re.compile(r"<!--\s*data:(.*?)-->", re.DOTALL)
_DATA_PATH = re.compile(r"[\w*?\[\]/-]+(?:\.[\w*?]+)+")
_COMMIT = "@@commit "
_state: dict[str, Any] = {"root": None, "dates": {}}


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True,
                              text=True, encoding="utf-8", check=False, timeout=300)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def repository_root(path: Path) -> Path | None:
    out = _git(path, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out else None


def last_changes(root: Path) -> dict[str, date]:
    """Repository-relative path -> date of the last commit that changed it, for every file whose date is known.

    In a shallow clone, the oldest commits present stand for all the history cut off behind them, so a file first
    seen there has no known date and is left out.
    """
    out = _git(root, "log", "--format=" + _COMMIT + "%H %cs", "--name-only", "--no-renames", "HEAD")
    if out is None:
        return {}
    shallow = set()
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        shallow_file = (_git(root, "rev-parse", "--git-path", "shallow") or "").strip()
        if shallow_file and (root / shallow_file).is_file():
            shallow = set((root / shallow_file).read_text(encoding="utf-8").split())
    dates: dict[str, date] = {}
    commit, when = "", date.min
    for line in out.splitlines():
        if line.startswith(_COMMIT):
            commit, day = line[len(_COMMIT):].split()
            when = date.fromisoformat(day)
        elif line and line not in dates and commit not in shallow:
            dates[line] = when
        elif line and commit in shallow:
            dates.setdefault(line, None)  # type: ignore[arg-type]  # seen first at the cut: unknown
    return {path: day for path, day in dates.items() if day is not None}


def data_paths(markdown: str) -> list[str]:
    """The file patterns named in a page's `<!-- data: ... -->` comments."""
    return [p for comment in _DATA_COMMENT.findall(markdown) for p in _DATA_PATH.findall(comment) if "/" in p]


def page_date(page_path: str, markdown: str, dates: dict[str, date]) -> date | None:
    """Last change of the page or of the data it names; None when the page's own history is unknown."""
    own = dates.get(page_path)
    if own is None:
        return None
    patterns = data_paths(markdown)
    data = [day for path, day in dates.items() if any(fnmatch.fnmatchcase(path, p) for p in patterns)]
    return max([own, *data])


def label(day: date, lang: str = "en") -> str:
    """The page's date line, in the edition's language ("Last updated 1 December 2026", "最后更新 2026年12月1日")."""
    return (f'<span class="atlas-last-updated">{messages.translate("Last updated", lang=lang)} '
            f'<time datetime="{day.isoformat()}">{messages.long_date(day, lang)}</time></span>')


def on_config(config: Any) -> None:
    root = repository_root(Path(config["docs_dir"]))
    _state["root"] = root
    _state["dates"] = last_changes(root) if root else {}
    if root is None:
        log.info("no git history: pages show no 'Last updated' date")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    root: Path | None = _state["root"]
    if root is not None and page.file.abs_src_path:
        try:
            relative = Path(page.file.abs_src_path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relative = ""
        day = page_date(relative, markdown, _state["dates"])
        if day is not None:
            page.meta["revision_date"] = label(day, config.theme["language"])
        else:
            log.info("%s: no git history, no 'Last updated' date", page.file.src_uri)
    return markdown
