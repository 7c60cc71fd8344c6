"""Markdown tables of therapies and studies: rows filtered by a field, columns chosen by name from the subject's
facts (render/subjects.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import messages, vocabulary
from ..model import Atlas, Study, Therapy
from . import escape, subjects, values
from .links import DATA_DIR, Link, relative
from .values import Cite

#: The columns a table can show, by kind: every fact of the subject (render/subjects.py).
COLUMNS = subjects.FACTS


def _matches(record: Any, field: str, wanted: Any) -> bool:
    if not hasattr(record, field):
        raise ValueError(f"cannot filter on {field!r}: {type(record).__name__} has no such field")
    value = getattr(record, field)
    if isinstance(value, tuple):
        return wanted in value
    return value == wanted


def select(atlas: Atlas, kind: str, where: Mapping[str, Any] | None = None) -> list[Any]:
    """Records of `kind` whose fields equal (or, for lists, contain) every value in `where`."""
    rows = list(atlas.kind(kind).values())
    for field, wanted in (where or {}).items():
        rows = [r for r in rows if _matches(r, field, wanted)]
    return rows


def table(atlas: Atlas, kind: str, rows: Sequence[Therapy | Study], columns: Sequence[str], cite: Cite,
          link: Link | None = None) -> str:
    """A Markdown table; an unknown column name is an error naming the valid ones.

    With `link`, names of therapies and studies link to their pages.
    """
    available = COLUMNS.get(kind)
    if available is None:
        raise ValueError(f"no table for kind {kind!r}; tables exist for: {', '.join(COLUMNS)}")
    unknown = [c for c in columns if c not in available]
    if unknown:
        raise ValueError(f"unknown {kind} column(s) {', '.join(unknown)}; choose from: {', '.join(available)}")
    if not rows:
        return f"*{messages.translate('No records match.')}*"
    header = "| " + " | ".join(messages.translate(available[c].label, "column") for c in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(subjects.shown(available[c], row, atlas, cite, link) for c in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body])

DEFAULT_STUDY_COLUMNS = ("title", "therapy", "countries", "design", "participants", "follow_up", "key_outcome",
                         "registry_ids", "evidence")


def data_table(markdown: str, kind: str, src: str) -> str:
    """A table the site script makes sortable and filterable, with links to the same data as files."""
    data = f"{DATA_DIR}/{kind}"
    files = [f"[JSON]({relative(src, data + '.json')})"]
    if kind in ("therapies", "studies"):
        files.insert(0, f"[CSV]({relative(src, data + '.csv')})")
    return (f'<div class="atlas-data" markdown>\n\n{markdown}\n\n</div>\n\n'
            f"Download all {kind}: {' · '.join(files)} ([about the data]({relative(src, 'data.md')})).")


def source_table(atlas: Atlas, link: Link) -> str:
    """Every source: its title linked to its page, category, year, and how many therapies and studies cite it."""
    if not atlas.sources:
        return "*No sources yet.*"
    cited = {sid: len(atlas.citations.cited_by(sid, ("therapies", "studies"))) for sid in atlas.sources}
    rows = [
        f"| {values.uncited('atlas-name', _link(s.title or s.id, link('sources', s.id)))} | "
        f"{escape.text(vocabulary.sentence(vocabulary.CATEGORY[s.category]))} | "
        f"{values.term('sources', 'quality', s.quality)} | {values.uncited('atlas-count', str(cited.get(s.id, 0)))} |"
        for s in atlas.sources.values()
    ]
    return "\n".join([messages.header_row("Source", "Category", "Quality", "Cited by therapies and studies"), *rows])


def _link(label: str, target: str) -> str:
    return f"[{escape.text(label)}]({target})"
