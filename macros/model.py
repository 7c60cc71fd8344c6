"""The immutable model: frozen records indexed by kind and id, built only from schema-valid, checked data.

Fields typed by authors keep their names; fields the atlas computes (a study's region and evidence level)
are properties, so nobody can type them by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .citations import CitationIndex
from .evidence import EvidenceLevel, evidence_level
from .messages import translate

Cites = tuple[str, ...]


@dataclass(frozen=True)
class Count:
    value: int
    precision: str
    note: str | None
    cite: Cites


@dataclass(frozen=True)
class Duration:
    value: float
    unit: str
    precision: str
    note: str | None
    cite: Cites

    @property
    def months(self) -> float:
        return self.value * {"days": 12 / 365.25, "weeks": 12 / 52.18, "months": 1.0, "years": 12.0}[self.unit]


@dataclass(frozen=True)
class CitedText:
    text: str
    cite: Cites


@dataclass(frozen=True)
class CitedFlag:
    value: bool | None
    note: str | None
    cite: Cites


@dataclass(frozen=True)
class Author:
    family: str | None
    given: str | None
    literal: str | None


@dataclass(frozen=True)
class Source:
    id: str
    type: str
    category: str
    title: str | None
    author: tuple[Author, ...] | None
    et_al: bool
    container_title: str | None
    container_title_short: str | None
    publisher: str | None
    issued: str | None
    volume: str | None
    issue: str | None
    page: str | None
    doi: str | None
    pmid: str | None
    pmcid: str | None
    registry_id: str | None
    url: str | None
    accessed: str | None
    summary: str | None
    verified: frozenset[str]
    quality: str
    read_at: tuple[str, ...]
    provenance_note: str | None
    read_on: str | None = None

    def confirmed(self, field: str) -> bool:
        """Whether `field` (named as in the YAML) was confirmed on a page that was read."""
        return field in self.verified

    @property
    def label(self) -> str:
        """How readers see the source named: its title, or where it appeared (else its confirmed identifier) when no
        title was read; never its record id."""
        if self.title:
            return self.title
        identifier = next((f"{field.removesuffix('_id')} {getattr(self, field.lower())}" for field in
                           ("DOI", "PMID", "PMCID", "registry_id") if getattr(self, field.lower()) and
                           self.confirmed(field)), None)
        return translate("Title not confirmed ({venue})").format(
            venue=self.container_title or self.publisher or identifier or translate("venue not confirmed"))


@dataclass(frozen=True)
class Therapy:
    id: str
    name: str
    short_name: str
    summary: CitedText
    cell_source: CitedText
    origin: str
    cell_type: str
    mechanism: str
    delivery_route: str
    delivery_site: str | None
    delivery_cite: Cites
    immunosuppression: CitedFlag
    diabetes_types: tuple[str, ...]
    stage: str
    regions: tuple[str, ...]
    developers: tuple[str, ...]
    regulatory_status: CitedText
    unknowns: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    measure: str
    result: str
    timepoint: str | None
    key: bool
    cite: Cites


@dataclass(frozen=True)
class AdverseEvents:
    summary: str
    deaths: int | None
    cite: Cites
    death_causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Study:
    id: str
    title: str
    therapy: str
    countries: tuple[str, ...]
    sites: CitedText | None
    registry_ids: tuple[str, ...]
    design: str
    phase: str | None
    control: str
    reported_in: str
    participants: Count | None
    population: CitedText
    diabetes_types: tuple[str, ...]
    follow_up: Duration | None
    immunosuppression: CitedFlag | None
    started: str | None
    published: str | None
    outcomes: tuple[Outcome, ...]
    adverse_events: AdverseEvents | None
    limitations: tuple[str, ...]
    cite: Cites

    @property
    def region(self) -> str:
        """'china', 'elsewhere' or 'both', derived from the countries."""
        china = "CN" in self.countries
        return "both" if china and len(self.countries) > 1 else "china" if china else "elsewhere"

    @property
    def evidence(self) -> EvidenceLevel:
        return evidence_level(self)

    @property
    def key_outcome(self) -> Outcome | None:
        return next((o for o in self.outcomes if o.key), self.outcomes[0] if self.outcomes else None)


@dataclass(frozen=True)
class Approval:
    id: str
    regulator: str
    country: str | None
    product: str
    therapy: str | None
    decision: str
    date: str | None
    scope: str
    cite: Cites
    known_from: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    origin_name: str
    origin_paragraph: int | None
    verdict: str
    reasoning: str
    studies: tuple[str, ...]
    cite: Cites
    context: CitedText | None = None


@dataclass(frozen=True)
class Exclusion:
    """A study a reader would expect that is not tabled, with its reason (closed set) and where it was found."""

    id: str
    title: str
    reason: str
    explanation: str
    study: str | None
    registry_ids: tuple[str, ...]
    identified_in: CitedText


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    see_also: tuple[str, ...]
    cite: Cites


@dataclass(frozen=True)
class Dated:
    """A registry date as far as it is known, and whether it is ACTUAL or ESTIMATED."""

    date: str | None
    type: str | None


@dataclass(frozen=True)
class StatusChange:
    status: str
    date: str
    source: str


@dataclass(frozen=True)
class Registration:
    """One registry entry. `verified` names the fields confirmed on a page read; region is computed."""

    id: str
    registry: str
    registry_id: str
    secondary_ids: tuple[str, ...]
    title: str | None
    official_title: str | None
    conditions: tuple[str, ...] | None
    diabetes_types: tuple[str, ...] | None
    intervention: str | None
    cell_type: str | None
    therapy: str | None
    phases: tuple[str, ...] | None
    status: str | None
    enrollment: int | None
    enrollment_type: str | None
    start: Dated
    primary_completion: Dated
    completion: Dated
    sponsor: str | None
    sponsor_class: str | None
    sponsor_country: str | None
    countries: tuple[str, ...] | None
    sites: int | None
    results_posted: bool | None
    last_update_posted: str | None
    publications: tuple[str, ...]
    status_history: tuple[StatusChange, ...]
    retrieved: str
    read_on: tuple[str, ...]
    page_kind: str
    verified: frozenset[str]
    notes: tuple[str, ...]
    excluded_reason: str | None
    excluded_note: str | None

    def confirmed(self, field: str) -> bool:
        """Whether `field` (named as in `verified_fields`) was confirmed on a page that was read."""
        return field in self.verified

    @property
    def region_basis(self) -> str:
        """What the region rests on: 'countries' (sites), 'sponsor' (its country), 'registry' (ChiCTR) or 'none'."""
        if self.countries:
            return "countries"
        if self.sponsor_country:
            return "sponsor"
        return "registry" if self.registry == "chictr" else "none"

    @property
    def region(self) -> str:
        """'china', 'elsewhere', 'both' or 'unknown', from the sites' countries, else the sponsor's, else ChiCTR."""
        basis = self.region_basis
        if basis == "none":
            return "unknown"
        countries = self.countries or ((self.sponsor_country,) if self.sponsor_country else ("CN",))
        china = "CN" in countries
        return "both" if china and len(countries) > 1 else "china" if china else "elsewhere"

    @property
    def in_china(self) -> bool:
        return self.region in ("china", "both")

    @property
    def start_year(self) -> int | None:
        return int(self.start.date[:4]) if self.start.date else None


@dataclass(frozen=True)
class Atlas:
    """Every record by kind and id, in file order, and who cites what. Read-only."""

    sources: Mapping[str, Source]
    therapies: Mapping[str, Therapy]
    studies: Mapping[str, Study]
    approvals: Mapping[str, Approval]
    claims: Mapping[str, Claim]
    glossary: Mapping[str, Term]
    registrations: Mapping[str, Registration]
    exclusions: Mapping[str, Exclusion]
    citations: CitationIndex

    def kind(self, name: str) -> Mapping[str, Any]:
        if name not in KINDS:
            raise KeyError(f"unknown kind {name!r}; kinds are: {', '.join(KINDS)}")
        return getattr(self, name)

    def studies_of(self, therapy_id: str) -> tuple[Study, ...]:
        """The studies of one therapy, in file order (an index built once: one page per therapy stays linear)."""
        return self._studies_by_therapy.get(therapy_id, ())

    @cached_property
    def _studies_by_therapy(self) -> Mapping[str, tuple[Study, ...]]:
        found: dict[str, list[Study]] = {}
        for study in self.studies.values():
            found.setdefault(study.therapy, []).append(study)
        return MappingProxyType({therapy: tuple(studies) for therapy, studies in found.items()})

    def counts(self) -> dict[str, int]:
        return {name: len(self.kind(name)) for name in KINDS}


KINDS = ("sources", "therapies", "studies", "approvals", "claims", "glossary", "exclusions", "registrations")


def _t(items: Any) -> tuple[Any, ...]:
    return tuple(items or ())


def _cited_text(d: dict[str, Any] | None) -> CitedText | None:
    return None if d is None else CitedText(d["text"], _t(d["cite"]))


def _flag(d: dict[str, Any] | None) -> CitedFlag | None:
    return None if d is None else CitedFlag(d["value"], d.get("note"), _t(d["cite"]))


def _count(d: dict[str, Any] | None) -> Count | None:
    return None if d is None else Count(d["value"], d.get("precision", "exact"), d.get("note"), _t(d["cite"]))


def _duration(d: dict[str, Any] | None) -> Duration | None:
    if d is None:
        return None
    return Duration(d["value"], d["unit"], d.get("precision", "exact"), d.get("note"), _t(d["cite"]))


def source(d: dict[str, Any]) -> Source:
    authors = d["author"]
    return Source(
        id=d["id"], type=d["type"], category=d["category"], title=d["title"],
        author=None if authors is None else tuple(
            Author(a.get("family"), a.get("given"), a.get("literal")) for a in authors
        ),
        et_al=d.get("et_al", False), container_title=d["container-title"],
        container_title_short=d.get("container-title-short"), publisher=d.get("publisher"), issued=d["issued"],
        volume=d.get("volume"), issue=d.get("issue"), page=d.get("page"), doi=d["DOI"], pmid=d["PMID"],
        pmcid=d["PMCID"], registry_id=d["registry_id"], url=d["URL"], accessed=d.get("accessed"),
        summary=d.get("summary"), verified=frozenset(d["verified"]), quality=d["quality"],
        read_at=_t(d["provenance"]["read_at"]), provenance_note=d["provenance"]["note"],
        read_on=d["provenance"].get("read_on"),
    )


def therapy(d: dict[str, Any]) -> Therapy:
    return Therapy(
        id=d["id"], name=d["name"], short_name=d["short_name"], summary=CitedText(d["summary"]["text"], _t(d["summary"]["cite"])),
        cell_source=CitedText(d["cell_source"]["text"], _t(d["cell_source"]["cite"])), origin=d["origin"],
        cell_type=d["cell_type"], mechanism=d["mechanism"], delivery_route=d["delivery"]["route"],
        delivery_site=d["delivery"]["site"], delivery_cite=_t(d["delivery"]["cite"]),
        immunosuppression=CitedFlag(d["immunosuppression"]["value"], d["immunosuppression"].get("note"), _t(d["immunosuppression"]["cite"])),
        diabetes_types=_t(d["diabetes_types"]), stage=d["stage"], regions=_t(d["regions"]),
        developers=_t(d.get("developers")),
        regulatory_status=CitedText(d["regulatory_status"]["text"], _t(d["regulatory_status"]["cite"])),
        unknowns=_t(d.get("unknowns")),
    )


def study(d: dict[str, Any]) -> Study:
    ae = d["adverse_events"]
    return Study(
        id=d["id"], title=d["title"], therapy=d["therapy"], countries=_t(d["countries"]),
        sites=_cited_text(d.get("sites")), registry_ids=_t(d["registry_ids"]), design=d["design"], phase=d["phase"],
        control=d["control"], reported_in=d["reported_in"], participants=_count(d["participants"]),
        population=CitedText(d["population"]["text"], _t(d["population"]["cite"])),
        diabetes_types=_t(d["diabetes_types"]), follow_up=_duration(d["follow_up"]),
        immunosuppression=_flag(d.get("immunosuppression")), started=d.get("started"), published=d.get("published"),
        outcomes=tuple(
            Outcome(o["measure"], o["result"], o.get("timepoint"), o.get("key", False), _t(o["cite"]))
            for o in d["outcomes"]
        ),
        adverse_events=None if ae is None else AdverseEvents(ae["summary"], ae["deaths"], _t(ae["cite"]), _t(ae.get("death_causes"))),
        limitations=_t(d.get("limitations")), cite=_t(d["cite"]),
    )


def approval(d: dict[str, Any]) -> Approval:
    return Approval(
        id=d["id"], regulator=d["regulator"], country=d["country"], product=d["product"], therapy=d["therapy"],
        decision=d["decision"], date=d["date"], scope=d["scope"], cite=_t(d["cite"]), known_from=d.get("known_from"),
    )


def claim(d: dict[str, Any]) -> Claim:
    return Claim(
        id=d["id"], claim=d["claim"], origin_name=d["origin"]["name"], origin_paragraph=d["origin"].get("paragraph"),
        verdict=d["verdict"], reasoning=d["reasoning"], studies=_t(d.get("studies")), cite=_t(d["cite"]),
        context=_cited_text(d.get("context")),
    )


def exclusion(d: dict[str, Any]) -> Exclusion:
    return Exclusion(
        id=d["id"], title=d["title"], reason=d["reason"], explanation=d["explanation"], study=d["study"],
        registry_ids=_t(d["registry_ids"]), identified_in=CitedText(d["identified_in"]["text"], _t(d["identified_in"]["cite"])),
    )


def term(d: dict[str, Any]) -> Term:
    return Term(
        id=d["id"], term=d["term"], aliases=_t(d.get("aliases")), definition=d["definition"],
        see_also=_t(d.get("see_also")), cite=_t(d.get("cite")),
    )


def _dated(d: dict[str, Any]) -> Dated:
    return Dated(d["date"], d["type"])


def registration(d: dict[str, Any]) -> Registration:
    prov, excluded = d["provenance"], d.get("excluded") or {}
    conditions, phases, countries = d["conditions"], d["phases"], d["countries"]
    return Registration(
        id=d["id"], registry=d["registry"], registry_id=d["registry_id"], secondary_ids=_t(d["secondary_ids"]),
        title=d["title"], official_title=d["official_title"],
        conditions=None if conditions is None else _t(conditions),
        diabetes_types=None if d["diabetes_types"] is None else _t(d["diabetes_types"]),
        intervention=d["intervention"], cell_type=d["cell_type"], therapy=d["therapy"],
        phases=None if phases is None else _t(phases), status=d["status"],
        enrollment=d["enrollment"]["count"], enrollment_type=d["enrollment"]["type"],
        start=_dated(d["start"]), primary_completion=_dated(d["primary_completion"]),
        completion=_dated(d["completion"]), sponsor=d["sponsor"]["name"], sponsor_class=d["sponsor"]["class"],
        sponsor_country=d.get("sponsor_country"), countries=None if countries is None else _t(countries),
        sites=d["sites"], results_posted=d["results_posted"], last_update_posted=d["last_update_posted"],
        publications=_t(d["publications"]),
        status_history=tuple(StatusChange(h["status"], h["date"], h["source"]) for h in d["status_history"]),
        retrieved=prov["retrieved"], read_on=_t(prov["read_on"]), page_kind=prov["page_kind"],
        verified=frozenset(prov["verified_fields"]), notes=_t(d.get("notes")),
        excluded_reason=excluded.get("reason"), excluded_note=excluded.get("note"),
    )


BUILDERS = {
    "sources": source, "therapies": therapy, "studies": study,
    "approvals": approval, "claims": claim, "glossary": term, "exclusions": exclusion, "registrations": registration,
}


def build_atlas(data_by_kind: Mapping[str, list[dict[str, Any]]]) -> Atlas:
    """The model from checked data (one list of mappings per kind)."""
    return Atlas(**{
        kind: MappingProxyType({d["id"]: BUILDERS[kind](d) for d in data_by_kind.get(kind, [])})
        for kind in KINDS
    }, citations=CitationIndex.of((kind, d) for kind in KINDS for d in data_by_kind.get(kind, [])))
