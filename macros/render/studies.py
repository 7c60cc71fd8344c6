"""A study in full: its facts (render/subjects.py), every outcome, harms including deaths, and limitations."""

from __future__ import annotations

from collections.abc import Sequence

from .. import messages
from ..model import Atlas, Study
from . import escape, subjects, values
from .values import Cite

#: The facts of each study, in order, before its outcomes.
DETAIL_FACTS = ("design", "phase", "control", "reported_in", "evidence_level", "registry_ids", "participants", "population",
                "follow_up", "immunosuppression")


def study_details(atlas: Atlas, studies: Sequence[Study], cite: Cite, level: int = 3) -> str:
    """One section per study."""
    hashes = "#" * level
    parts = []
    for s in studies:
        lines = [f"{hashes} {escape.text(s.title)}", ""]
        lines += [f"- **{label}:** {value}" for label, value in subjects.rows("studies", s, atlas, DETAIL_FACTS, cite)]
        if s.outcomes:
            lines.append("- **Outcomes:**")
            lines += [
                f"    - {escape.text(o.measure)}: {escape.text(o.result)}"
                + (f" ({escape.text(o.timepoint)})" if o.timepoint else "") + cite(o.cite)
                for o in s.outcomes
            ]
        else:
            lines.append("- **Outcomes:** no results reported yet")
        ae = s.adverse_events
        harms = values.UNKNOWN if ae is None else escape.text(ae.summary) + cite(ae.cite)
        deaths = subjects.STUDY["deaths"]
        lines += [f"- **Adverse events:** {harms}", f"- **{messages.translate(deaths.label, 'column')}:** {subjects.shown(deaths, s, atlas, cite, None)}"]
        if s.limitations:
            lines.append("- **Limitations:** " + " ".join(escape.text(x) for x in s.limitations))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
