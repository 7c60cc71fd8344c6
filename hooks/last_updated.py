"""MkDocs hook: each page's "Last updated" date, from git history, without network access.

A page's date is the date of the last commit that changed its Markdown file or any content file named in one of its
`<!-- data: content/... -->` comments, so a table page is dated by the data it shows. One `git log` per build reads
the whole history (macros/history.py, the one reader of git history). Where history is missing (no git, no repository, a file never committed, or a file whose last
change lies beyond the cut of a shallow clone) the page shows no date rather than a wrong one, and the build goes
on: a missing history is never a warning, so `mkdocs build --strict` does not fail on it.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import messages
from macros.history import last_changes, repository_root

log = logging.getLogger("mkdocs.hooks.last_updated")

_DATA_COMMENT = re.compile(r"<!--\s*data:(.*?)-->", re.DOTALL)
_DATA_PATH = re.compile(r"[\w*?\[\]/-]+(?:\.[\w*?]+)+")
_state: dict[str, Any] = {"root": None, "dates": {}}


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
            page.update_date = day.isoformat()  # the sitemap's <lastmod>: from history, not the build day
        else:
            log.info("%s: no git history, no 'Last updated' date", page.file.src_uri)
    return markdown
