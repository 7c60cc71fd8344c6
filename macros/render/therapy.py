"""A therapy's fact sheet: every field of the record, cited, with the best evidence level among its studies."""

from __future__ import annotations

from ..evidence import LEVELS
from ..model import Atlas
from . import escape, markdown, values
from .tables import REGION_NAMES
from .values import Cite

ORIGINS = {"autologous": "Autologous (the patient's own cells)", "allogeneic": "Allogeneic (donor cells)",
           "both": "Autologous or allogeneic, depending on the product",
           "xenogeneic": "Xenogeneic (animal cells)"}


def best_evidence(atlas: Atlas, therapy_id: str) -> str:
    studies = atlas.studies_of(therapy_id)
    if not studies:
        return "No studies in the atlas"
    rank = {level.code: i for i, level in enumerate(LEVELS)}
    return values.evidence(min((s.evidence for s in studies), key=lambda level: rank[level.code]))


def fact_sheet(atlas: Atlas, therapy_id: str, cite: Cite) -> str:
    """A two-column table of the therapy's facts, then what is not known."""
    t = atlas.therapies[therapy_id]
    delivery = escape.text(t.delivery_route) + (f" ({escape.text(t.delivery_site)})" if t.delivery_site else "")
    rows = [
        ["What it is", values.cited_text(t.summary, cite)],
        ["Cell source", values.cited_text(t.cell_source, cite)],
        ["Whose cells", escape.text(ORIGINS[t.origin])],
        ["How it is meant to work", values.words(t.mechanism)],
        ["Delivery", delivery + cite(t.delivery_cite)],
        ["Immunosuppression", values.flag(t.immunosuppression, cite)],
        ["Diabetes", values.diabetes_types(t.diabetes_types)],
        ["Furthest stage", values.words(t.stage)],
        ["Pursued in", escape.text(", ".join(REGION_NAMES[r] for r in t.regions))],
        ["Developers", escape.text(", ".join(t.developers)) if t.developers else values.UNKNOWN],
        ["Regulatory status", values.cited_text(t.regulatory_status, cite)],
        ["Studies in the atlas", values.uncited("atlas-count", str(len(atlas.studies_of(t.id))))],
        ["Strongest evidence", best_evidence(atlas, t.id)],
    ]
    out = markdown.table(["Fact", escape.text(t.short_name)], rows)
    if t.unknowns:
        out += "\n\n**Not yet known**\n\n" + "\n".join(f"- {escape.text(u)}" for u in t.unknowns)
    return out
