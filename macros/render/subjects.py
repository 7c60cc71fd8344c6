"""The facts of each subject, defined once: a therapy's and a study's facts, each with its label and how its value
is shown. The comparison tables (columns), the therapy fact sheet and the study pages (rows) all draw from here,
so a fact reads the same wherever it appears."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import messages, vocabulary
from ..evidence import LEVELS
from ..model import AdverseEvents, Atlas, Study, Therapy
from . import badges, escape, values
from .references import registry_link
from .values import Cite


@dataclass(frozen=True)
class Fact:
    label: str  #: the row label on a fact sheet or page, and the column header in a table
    value: Callable[[Any, Atlas, Cite], str]
    #: For a fact that names a record: its name and (kind, id), so the name can link to the record's page.
    #: The value then holds what follows the name (its footnotes).
    names: Callable[[Any, Atlas], tuple[str, str, str]] | None = None


def countries(codes: Iterable[str]) -> str:
    return escape.text(", ".join(vocabulary.country(c) for c in codes))


def regions(codes: Iterable[str]) -> str:
    return escape.text(", ".join(vocabulary.REGION[r] for r in codes))


def strongest_evidence(atlas: Atlas, therapy_id: str) -> str:
    """The highest evidence level among a therapy's studies."""
    studies = atlas.studies_of(therapy_id)
    if not studies:
        return "No studies in the atlas"
    rank = {level.code: i for i, level in enumerate(LEVELS)}
    return values.evidence(min((s.evidence for s in studies), key=lambda level: rank[level.code]))


def _origin(t: Therapy) -> str:
    words = vocabulary.sentence(vocabulary.ORIGIN[t.origin])
    return escape.text(f"{words} ({vocabulary.MEANINGS['origin'][t.origin]})")


def _delivery(t: Therapy, cite: Cite) -> str:
    site = f" ({escape.text(t.delivery_site)})" if t.delivery_site else ""
    return escape.text(t.delivery_route) + site + cite(t.delivery_cite)


THERAPY: dict[str, Fact] = {
    "name": Fact("Therapy", lambda t, a, c: "", names=lambda t, a: (t.short_name, "therapies", t.id)),
    "full_name": Fact("Full name", lambda t, a, c: values.uncited("atlas-name", escape.text(t.name))),
    "summary": Fact("What it is", lambda t, a, c: values.cited_text(t.summary, c)),
    "cell_source": Fact("Cell source", lambda t, a, c: values.cited_text(t.cell_source, c)),
    "origin": Fact("Whose cells", lambda t, a, c: _origin(t)),
    "cell_type": Fact("Cell type", lambda t, a, c: values.term("therapies", "cell_type", t.cell_type)),
    "mechanism": Fact("Mechanism", lambda t, a, c: values.term("therapies", "mechanism", t.mechanism)),
    "delivery": Fact("Delivery", lambda t, a, c: _delivery(t, c)),
    "immunosuppression": Fact("Immunosuppression", lambda t, a, c: values.flag(t.immunosuppression, c)),
    "diabetes_types": Fact("Diabetes", lambda t, a, c: values.diabetes_types(t.diabetes_types)),
    "stage": Fact("Stage", lambda t, a, c: values.term("therapies", "stage", t.stage)),
    "regions": Fact("Pursued in", lambda t, a, c: regions(t.regions)),
    "developers": Fact("Developers", lambda t, a, c: values.uncited("atlas-name", escape.text(", ".join(t.developers)))
                       if t.developers else values.UNKNOWN),
    "regulatory_status": Fact("Regulatory status", lambda t, a, c: values.cited_text(t.regulatory_status, c)),
    "studies": Fact("Studies", lambda t, a, c: values.uncited("atlas-count", str(len(a.studies_of(t.id))))),
    "evidence": Fact("Strongest evidence", lambda t, a, c: strongest_evidence(a, t.id)),
}


def _key_outcome(s: Study, a: Atlas, c: Cite) -> str:
    outcome = s.key_outcome
    if outcome is None:
        return "No results reported"
    when = f" ({escape.text(outcome.timepoint)})" if outcome.timepoint else ""
    return f"{escape.text(outcome.measure)}: {escape.text(outcome.result)}{when}{c(outcome.cite)}"


def _dated(value: str | None, cites: tuple[str, ...], cite: Cite) -> str:
    return values.UNKNOWN if value is None else escape.text(value) + cite(cites)


def deaths(value: AdverseEvents | None, cite: Cite) -> str:
    """The number of deaths, cited, with each reported cause, or "cause not reported"; unknown when not stated."""
    if value is None or value.deaths is None:
        return values.UNKNOWN
    if value.deaths == 0:
        return f"0{cite(value.cite)} (none reported)"
    causes = "; ".join(escape.text(c) for c in value.death_causes) or "cause not reported"
    return f"{value.deaths}{cite(value.cite)} ({causes})"


STUDY: dict[str, Fact] = {
    "title": Fact("Study", lambda s, a, c: c(s.cite), names=lambda s, a: (s.title, "studies", s.id)),
    "therapy": Fact("Therapy", lambda s, a, c: "",
                    names=lambda s, a: (a.therapies[s.therapy].short_name, "therapies", s.therapy)),
    "countries": Fact("Country", lambda s, a, c: countries(s.countries)),
    "region": Fact("Region", lambda s, a, c: escape.text(vocabulary.STUDY_REGION[s.region])),
    "sites": Fact("Sites", lambda s, a, c: values.cited_text(s.sites, c)),
    "design": Fact("Design", lambda s, a, c: values.term("studies", "design", s.design) + c(s.cite)),
    "phase": Fact("Phase", lambda s, a, c: "n/a" if s.phase is None
                  else values.term("studies", "phase", s.phase) + c(s.cite)),
    "control": Fact("Control", lambda s, a, c: values.term("studies", "control", s.control)),
    "reported_in": Fact("Reported in", lambda s, a, c: values.term("studies", "reported_in", s.reported_in)),
    "diabetes_types": Fact("Diabetes", lambda s, a, c: values.diabetes_types(s.diabetes_types)),
    "participants": Fact("Participants", lambda s, a, c: values.count(s.participants, c)),
    "population": Fact("Population", lambda s, a, c: values.cited_text(s.population, c)),
    "follow_up": Fact("Follow-up", lambda s, a, c: values.duration(s.follow_up, c)),
    "key_outcome": Fact("Key outcome", _key_outcome),
    "deaths": Fact("Deaths", lambda s, a, c: deaths(s.adverse_events, c)),
    "immunosuppression": Fact("Immunosuppression", lambda s, a, c: values.flag(s.immunosuppression, c)),
    "started": Fact("Started", lambda s, a, c: _dated(s.started, s.cite, c)),
    "published": Fact("Published", lambda s, a, c: _dated(s.published, s.cite, c)),
    "registry_ids": Fact("Registry", lambda s, a, c: ", ".join(
        values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or "None named"),
    "evidence": Fact("Evidence", lambda s, a, c: badges.badge(s)),
    "evidence_level": Fact("Evidence level", lambda s, a, c: values.evidence(s.evidence)),
}

FACTS: dict[str, dict[str, Fact]] = {"therapies": THERAPY, "studies": STUDY}


def shown(fact: Fact, record: Any, atlas: Atlas, cite: Cite, link: Callable[[str, str], str] | None) -> str:
    """A fact's value as Markdown; a record's name links to its page when `link` is given."""
    name = ""
    if fact.names is not None:
        label, kind, record_id = fact.names(record, atlas)
        name = escape.text(label) if link is None else f"[{escape.text(label)}]({link(kind, record_id)})"
        name = values.uncited("atlas-name", name)
    return name + fact.value(record, atlas, cite)


def rows(kind: str, record: Any, atlas: Atlas, names: Iterable[str], cite: Cite,
         link: Callable[[str, str], str] | None = None) -> list[list[str]]:
    """[label, value] of the named facts of one record (a fact sheet's rows)."""
    facts = FACTS[kind]
    return [[messages.translate(facts[name].label, "column"), shown(facts[name], record, atlas, cite, link)]
            for name in names]
