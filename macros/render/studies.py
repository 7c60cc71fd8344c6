"""A study in full: design, participants, follow-up, every outcome, harms including deaths, and limitations."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Atlas, Study
from . import escape, values
from .references import registry_link
from .values import Cite


def _deaths(study: Study, cite: Cite) -> str:
    ae = study.adverse_events
    if ae is None or ae.deaths is None:
        return "not stated in the sources read"
    return f"{ae.deaths}{cite(ae.cite)}" + (" (none reported)" if ae.deaths == 0 else "")


def study_details(atlas: Atlas, studies: Sequence[Study], cite: Cite, level: int = 3) -> str:
    """One section per study."""
    hashes = "#" * level
    parts = []
    for s in studies:
        registry = ", ".join(values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or "none named"
        lines = [
            f"{hashes} {escape.text(s.title)}", "",
            f"- **Design:** {values.term('studies', 'design', s.design)}"
            + (f", phase {values.term('studies', 'phase', s.phase)}" if s.phase else "")
            + f"; control: {values.term('studies', 'control', s.control)}; reported in: {values.term('studies', 'reported_in', s.reported_in)}{cite(s.cite)}. "
            f"Evidence level: {values.evidence(s.evidence)}.",
            f"- **Registry:** {registry}",
            f"- **Participants:** {values.count(s.participants, cite)}; {values.cited_text(s.population, cite)}",
            f"- **Follow-up:** {values.duration(s.follow_up, cite)}",
            f"- **Immunosuppression:** {values.flag(s.immunosuppression, cite)}",
        ]
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
        lines += [f"- **Adverse events:** {harms}", f"- **Deaths:** {_deaths(s, cite)}"]
        if s.limitations:
            lines.append("- **Limitations:** " + " ".join(escape.text(x) for x in s.limitations))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
