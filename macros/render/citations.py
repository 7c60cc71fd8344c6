"""Citation footnotes: numbered per page in order of first use, one number per source, a References section.

Footnote labels are source ids, so each source gets one footnote however often it is cited; Python-Markdown's
footnotes extension numbers them in order of first reference, and the definitions are emitted in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Source
from .references import vancouver

PLACE_MARKER = "///Footnotes Go Here///"
SEPARATOR = '<sup class="atlas-cite-sep">,</sup>'  #: so that footnotes 1 and 2 read "1,2", not "12"
HEADING = "## References"
#: The page metadata key under which the site adapters keep what a rendered page cites (PageCitations.cited).
CITED_META = "atlas_cited"


class UnknownSource(KeyError):
    """A page cites a source id that is not in content/sources/."""


class PageCitations:
    """The citations of one page, in order of first use."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._order: dict[str, None] = {}

    def __call__(self, ids: Iterable[str]) -> str:
        """Footnote references for `ids`, registering each on first use."""
        marks = []
        for source_id in ids:
            if source_id not in self._sources:
                raise UnknownSource(f"cite(): no source with id {source_id!r}")
            self._order.setdefault(source_id)
            marks.append(f"[^{source_id}]")
        return SEPARATOR.join(marks)

    @property
    def cited(self) -> tuple[str, ...]:
        """The sources cited so far, in footnote order (macros.citations.footnotes numbers them)."""
        return tuple(self._order)

    def references(self) -> str:
        """The References section (empty when nothing was cited)."""
        if not self._order:
            return ""
        definitions = "\n".join(f"[^{sid}]: {vancouver(self._sources[sid])}" for sid in self._order)
        return f"\n\n{HEADING}\n\n{PLACE_MARKER}\n\n{definitions}\n"
