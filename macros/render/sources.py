"""The list of sources: what each is, how good it is, and which of its fields were confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from .. import messages, vocabulary
from ..model import Source
from . import escape, markdown
from .values import Cite


def sources_table(sources: Sequence[Source], cite: Cite) -> str:
    """Source | Kind | Quality | Confirmed fields; the full reference is the footnote."""
    rows = [
        [escape.foreign(escape.text(s.label), s.label) + cite((s.id,)),
         escape.text(vocabulary.sentence(vocabulary.CATEGORY[s.category])),
         escape.text(vocabulary.sentence(vocabulary.QUALITY[s.quality])),
         escape.text(", ".join(sorted(s.verified))) if s.verified else "None"]
        for s in sorted(sources, key=lambda s: s.id)
    ]
    return markdown.table(messages.headers("Source", "Kind", "Quality", "Confirmed fields"), rows)
