"""A therapy's fact sheet: its facts (render/subjects.py), cited, then what is not yet known."""

from __future__ import annotations

from .. import messages
from ..model import Atlas
from . import escape, markdown, subjects
from .values import Cite

#: The facts of a fact sheet, in order.
SHEET = ("summary", "cell_source", "origin", "mechanism", "delivery", "immunosuppression", "diabetes_types", "stage",
         "regions", "developers", "regulatory_status", "studies", "evidence")


def fact_sheet(atlas: Atlas, therapy_id: str, cite: Cite) -> str:
    """A two-column table of the therapy's facts, then what is not known."""
    t = atlas.therapies[therapy_id]
    out = markdown.table([messages.translate("Fact", "column"), escape.text(t.short_name)],
                         subjects.rows("therapies", t, atlas, SHEET, cite))
    if t.unknowns:
        out += f"\n\n**{messages.translate('Not yet known')}**\n\n" + "\n".join(f"- {escape.text(u)}" for u in t.unknowns)
    return out
