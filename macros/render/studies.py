"""A study in full: design, participants, follow-up, every outcome, harms including deaths, and limitations."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Atlas, Study
from . import escape, values
from .references import registry_link
from .values import Cite


def study_details(atlas: Atlas, studies: Sequence[Study], cite: Cite, level: int = 3) -> str:
    """One section per study."""
    hashes = "#" * level
    parts = []
    for s in studies:
        registry = ", ".join(values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or "none named"
        lines = [
            f"{hashes} {escape.text(s.title)}", "",
            f"- **Design:** {values.words(s.design)}" + (f", phase {escape.text(s.phase.replace('-', ' '))}" if s.phase else "")
            + f"; control: {values.words(s.control)}; reported in: {values.words(s.reported_in)}{cite(s.cite)}. "
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
        lines += [f"- **Adverse events:** {harms}", f"- **Deaths:** {values.deaths(s.adverse_events, cite)}"]
        if s.limitations:
            lines.append("- **Limitations:** " + " ".join(escape.text(x) for x in s.limitations))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
