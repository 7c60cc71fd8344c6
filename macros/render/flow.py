"""The study flow on the methodology page: studies identified, included and excluded by reason, from the data."""

from __future__ import annotations

from .. import messages, vocabulary
from ..messages import translate as _
from ..model import Atlas
from . import escape, markdown, values
from .values import Cite


def _count(n: int) -> str:
    return values.uncited("atlas-count", str(n))


def study_flow(atlas: Atlas) -> str:
    """Step | Studies: identified = included + excluded, with the excluded counted by reason (zeros included)."""
    included, excluded = len(atlas.studies), list(atlas.exclusions.values())
    rows = [
        [escape.text(_("Identified (included and excluded)")), _count(included + len(excluded))],
        [escape.text(_("Included: a study record, shown in the tables")), _count(included)],
        [escape.text(_("Excluded, with the reason recorded")), _count(len(excluded))],
        *([escape.text(_("Excluded: {reason}").format(reason=vocabulary.sentence(label))),
           _count(sum(e.reason == reason for e in excluded))]
          for reason, label in vocabulary.EXCLUSION_REASON.items()),
    ]
    return markdown.table(messages.headers("Step", "Studies"), rows)


def exclusions_table(atlas: Atlas, cite: Cite) -> str:
    """Excluded study | Reason | Why | Found in: every exclusion record, in file order."""
    rows = [
        [escape.text(e.title) + cite(e.identified_in.cite), escape.text(vocabulary.sentence(vocabulary.EXCLUSION_REASON[e.reason])),
         values.data_text(e.explanation) + cite(e.identified_in.cite),
         values.data_text(e.identified_in.text) + cite(e.identified_in.cite)]
        for e in atlas.exclusions.values()
    ]
    return markdown.table(messages.headers("Excluded study", "Reason", "Why", "Found in"), rows,
                          empty=f"*{_('No study is excluded.')}*")
