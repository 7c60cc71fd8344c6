"""MkDocs hook: one search index for both editions, with no page listed twice.

mkdocs-static-i18n writes the index of both editions after the last pass. Its own removal of duplicates
(`reconfigure_search`) compares every entry with every other, which grows with the square of the pages (10% of a
build at 1 000 registrations), so it is off (mkdocs.yml) and this hook does the same in one pass over the written
file: an entry of the Chinese edition whose title and text are those of the English entry at the same address is
left out (a page not yet written in Chinese is the English page again). It runs after the plugin (priority below
its -100), on every pass; the passes before the last find nothing to remove.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import i18n


def without_copies(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries but those of another edition that repeat the English entry at the same address."""
    english = {(d["location"], d["title"], d["text"]) for d in docs if i18n.split(d["location"])[0] == i18n.DEFAULT}
    kept = []
    for doc in docs:
        lang, bare = i18n.split(doc["location"])
        if lang == i18n.DEFAULT or (bare, doc["title"], doc["text"]) not in english:
            kept.append(doc)
    return kept


@event_priority(-110)
def on_post_build(config: Any) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    kept = without_copies(index["docs"])
    if len(kept) != len(index["docs"]):
        index["docs"] = kept
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
