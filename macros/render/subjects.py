"""The facts of each subject, defined once: a therapy's and a study's facts, each with its label and how its value
is shown. The comparison tables (columns), the therapy fact sheet and the study pages (rows) all draw from here,
so a fact reads the same wherever it appears."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import messages, vocabulary
from ..evidence import LEVELS
from ..model import AdverseEvents, Atlas, Registration, Study, Therapy
from . import badges, escape, registered, values
from .references import registry_link
from .values import Cite


@dataclass(frozen=True)
class Fact:
    label: str  #: the row label on a fact sheet or page, and the column header in a table
    value: Callable[[Any, Atlas, Cite], str]
    #: For a fact that names a record: its name and (kind, id), so the name can link to the record's page (None
    #: when this record names none). The value then holds what follows the name (its footnotes).
    names: Callable[[Any, Atlas], tuple[str, str, str] | None] | None = None


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
    "developers": Fact("Developers", lambda t, a, c: values.uncited("atlas-name", ", ".join(escape.text(d) for d in t.developers))
                       if t.developers else values.UNKNOWN),
    "regulatory_status": Fact("Regulatory status", lambda t, a, c: values.cited_text(t.regulatory_status, c)),
    "studies": Fact("Studies", lambda t, a, c: values.uncited("atlas-count", str(len(a.studies_of(t.id))))),
    "evidence": Fact("Strongest evidence", lambda t, a, c: strongest_evidence(a, t.id)),
}


def _key_outcome(s: Study, a: Atlas, c: Cite) -> str:
    outcome = s.key_outcome
    if outcome is None:
        return escape.text(messages.translate("No results reported"))
    when = f" ({escape.text(outcome.timepoint)})" if outcome.timepoint else ""
    return f"{escape.text(outcome.measure)}: {escape.text(outcome.result)}{when}{c(outcome.cite)}"


def _dated(value: str | None, cites: tuple[str, ...], cite: Cite) -> str:
    return values.UNKNOWN if value is None else escape.text(value) + cite(cites)


def deaths(value: AdverseEvents | None, cite: Cite) -> str:
    """The number of deaths, cited, with each reported cause, or "cause not reported"; unknown when not stated."""
    if value is None or value.deaths is None:
        return values.UNKNOWN
    if value.deaths == 0:
        return f"0{cite(value.cite)} ({escape.text(messages.translate('none reported'))})"
    causes = messages.translate("; ").join(values.data_text(c) for c in value.death_causes) or \
        escape.text(messages.translate("cause not reported"))
    return f"{value.deaths}{cite(value.cite)} ({causes})"


STUDY: dict[str, Fact] = {
    "title": Fact("Study", lambda s, a, c: c(s.cite), names=lambda s, a: (s.title, "studies", s.id)),
    "therapy": Fact("Therapy", lambda s, a, c: "",
                    names=lambda s, a: (a.therapies[s.therapy].short_name, "therapies", s.therapy)),
    "countries": Fact("Country", lambda s, a, c: countries(s.countries)),
    "region": Fact("Region", lambda s, a, c: escape.text(vocabulary.STUDY_REGION[s.region])),
    "sites": Fact("Sites", lambda s, a, c: values.cited_text(s.sites, c)),
    "design": Fact("Design", lambda s, a, c: values.term("studies", "design", s.design) + c(s.cite)),
    "phase": Fact("Phase", lambda s, a, c: escape.text(messages.translate("n/a")) if s.phase is None
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
        values.uncited("atlas-registry", registry_link(r)) for r in s.registry_ids) or escape.text(messages.translate("None named"))),
    "evidence": Fact("Evidence", lambda s, a, c: badges.badge(s)),
    "evidence_level": Fact("Evidence level", lambda s, a, c: values.evidence(s.evidence)),
}


def _therapy_of(r: Registration, a: Atlas) -> tuple[str, str, str] | None:
    therapy = a.therapies.get(r.therapy) if r.therapy else None
    return None if therapy is None else (therapy.short_name, "therapies", therapy.id)


def _title_mark(r: Registration) -> str:
    if r.title is None:
        return " (" + escape.text(messages.translate("registered title not read")) + ")"
    return "" if r.confirmed("title") else f" ({registered.unconfirmed()})"


REGISTRATION: dict[str, Fact] = {
    "title": Fact("Trial", lambda r, a, c: _title_mark(r),
                  names=lambda r, a: (r.title or r.registry_id, "registrations", r.id)),
    "registry_id": Fact("Registry id", lambda r, a, c: registered.record_link(r)),
    "registry": Fact("Registry", lambda r, a, c: values.term("registrations", "registry", r.registry)),
    "official_title": Fact("Official title", lambda r, a, c: registered.shown(r, "official_title", r.official_title)),
    "conditions": Fact("Conditions", lambda r, a, c: registered.shown(r, "conditions", messages.translate("; ").join(
        escape.local(c) for c in r.conditions or ()))),
    "diabetes_types": Fact("Diabetes", lambda r, a, c: values.diabetes_types(r.diabetes_types)
                           if r.diabetes_types else registered.not_read()),
    "intervention": Fact("Intervention", lambda r, a, c: registered.shown(r, "intervention", r.intervention)),
    "cell_type": Fact("Cells", lambda r, a, c: values.uncited(
        "atlas-name", values.term("registrations", "cell_type", r.cell_type))),
    "therapy": Fact("Atlas therapy", lambda r, a, c: "" if _therapy_of(r, a) else escape.text(messages.translate("none linked")),
                    names=_therapy_of),
    "phases": Fact("Phase", lambda r, a, c: registered.shown(r, "phases", registered.phases_text(r))),
    "status": Fact("Status", lambda r, a, c: registered.shown(r, "status", registered.status_text(r))),
    "enrollment": Fact("Enrollment", lambda r, a, c: registered.shown(r, "enrollment", registered.enrollment_text(r))),
    "start": Fact("Start", lambda r, a, c: registered.dated(r, "start", r.start)),
    "primary_completion": Fact("Primary completion",
                               lambda r, a, c: registered.dated(r, "primary_completion", r.primary_completion)),
    "completion": Fact("Completion", lambda r, a, c: registered.dated(r, "completion", r.completion)),
    "sponsor": Fact("Sponsor", lambda r, a, c: registered.shown(r, "sponsor", r.sponsor)),
    "sponsor_class": Fact("Sponsor class", lambda r, a, c: registered.shown(
        r, "sponsor.class", None if r.sponsor_class is None else vocabulary.SPONSOR_CLASS[r.sponsor_class])),
    "countries": Fact("Countries", lambda r, a, c: registered.shown(r, "countries",
                                                                    registered.countries_text(r.countries))),
    "region": Fact("Region", lambda r, a, c: escape.text(registered.region_text(r))),
    "sites": Fact("Sites", lambda r, a, c: registered.shown(r, "sites", None if r.sites is None else str(r.sites))),
    "results_posted": Fact("Results posted", lambda r, a, c: registered.shown(r, "results_posted",
                                                                              registered.results_text(r))),
    "last_update_posted": Fact("Last update posted",
                               lambda r, a, c: registered.shown(r, "last_update_posted", r.last_update_posted)),
}

FACTS: dict[str, dict[str, Fact]] = {"therapies": THERAPY, "studies": STUDY, "registrations": REGISTRATION}


def shown(fact: Fact, record: Any, atlas: Atlas, cite: Cite, link: Callable[[str, str], str] | None) -> str:
    """A fact's value as Markdown; a record's name links to its page when `link` is given."""
    name = ""
    named = None if fact.names is None else fact.names(record, atlas)
    if named is not None:
        label, kind, record_id = named
        name = escape.text(label) if link is None else f"[{escape.text(label)}]({link(kind, record_id)})"
        name = values.uncited("atlas-name", name)
    return name + fact.value(record, atlas, cite)


def rows(kind: str, record: Any, atlas: Atlas, names: Iterable[str], cite: Cite,
         link: Callable[[str, str], str] | None = None) -> list[list[str]]:
    """[label, value] of the named facts of one record (a fact sheet's rows)."""
    facts = FACTS[kind]
    return [[messages.translate(facts[name].label, "column"), shown(facts[name], record, atlas, cite, link)]
            for name in names]
