"""The study flow on the methodology page: studies identified, included and excluded by reason, from the data."""

from __future__ import annotations

from ..model import Atlas
from . import escape, markdown, values
from .values import Cite

#: The closed set of exclusion reasons (schemas/exclusions.schema.json), as shown to readers.
REASONS: dict[str, str] = {
    "same-trial": "A further report of a tabled trial, adding no participants or follow-up",
    "no-outcome-data": "Reported without numbers that could be tabled",
    "not-confirmed": "Its publication could not be read or confirmed",
    "not-in-people": "Laboratory or animal work",
    "complications-only": "Treats a complication of diabetes, not diabetes",
    "cell-free": "A product without cells (such as exosomes)",
    "not-a-study": "A review, commentary or guideline",
}


def _count(n: int) -> str:
    return values.uncited("atlas-count", str(n))


def study_flow(atlas: Atlas) -> str:
    """Step | Studies: identified = included + excluded, with the excluded counted by reason (zeros included)."""
    included, excluded = len(atlas.studies), list(atlas.exclusions.values())
    rows = [
        ["Identified (included and excluded)", _count(included + len(excluded))],
        ["Included: a study record, shown in the tables", _count(included)],
        ["Excluded, with the reason recorded", _count(len(excluded))],
        *([f"Excluded: {escape.text(label)}", _count(sum(e.reason == reason for e in excluded))]
          for reason, label in REASONS.items()),
    ]
    return markdown.table(["Step", "Studies"], rows)


def exclusions_table(atlas: Atlas, cite: Cite) -> str:
    """Excluded study | Reason | Why | Found in: every exclusion record, in file order."""
    rows = [
        [escape.text(e.title) + cite(e.identified_in.cite), escape.text(REASONS[e.reason]),
         escape.text(e.explanation) + cite(e.identified_in.cite), escape.text(e.identified_in.text) + cite(e.identified_in.cite)]
        for e in atlas.exclusions.values()
    ]
    return markdown.table(["Excluded study", "Reason", "Why", "Found in"], rows, empty="*No study is excluded.*")
