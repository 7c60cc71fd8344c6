"""The evidence scale: a closed set of levels, computed from a study's own fields, never typed by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .messages import translate

SUBSTANTIAL_PARTICIPANTS = 10
SUBSTANTIAL_FOLLOW_UP_MONTHS = 12
#: Reports whose results were reviewed by others before publication: a journal's peer review, or a regulator's
#: review of the data behind a marketing decision. Their design, not the venue, then sets the level.
REVIEWED = frozenset({"peer-reviewed", "regulatory-review"})


@dataclass(frozen=True)
class EvidenceLevel:
    code: str
    english_name: str
    english_rule: str

    @property
    def name(self) -> str:
        """The level's name in the language of the edition being built (msgctxt "evidence-level")."""
        return translate(self.english_name, "evidence-level")

    @property
    def rule(self) -> str:
        """Its rule in the edition's language (msgctxt "evidence-rule")."""
        return translate(self.english_rule, "evidence-rule")


#: From strongest to weakest. The methodology page is generated from this table.
LEVELS: tuple[EvidenceLevel, ...] = (
    EvidenceLevel("L1", "Randomised controlled trial",
                  "Peer-reviewed (or regulator-reviewed) trial that randomised participants to the therapy or a control."),
    EvidenceLevel("L2", "Controlled or substantial study",
                  f"Peer-reviewed or regulator-reviewed non-randomised controlled study, or an uncontrolled trial or "
                  f"series with at least {SUBSTANTIAL_PARTICIPANTS} participants followed for at least {SUBSTANTIAL_FOLLOW_UP_MONTHS} months."),
    EvidenceLevel("L3", "Small uncontrolled study",
                  "Peer-reviewed or regulator-reviewed single-arm trial or case series that does not reach L2."),
    EvidenceLevel("L4", "Single-patient report", "Peer-reviewed or regulator-reviewed report of one patient."),
    EvidenceLevel("L5", "Not reviewed", "Results known only from a conference abstract, press release or news, "
                  "with no peer or regulatory review."),
    EvidenceLevel("R", "Registered, no results", "A registered or running study with no results reported yet."),
)
BY_CODE = {level.code: level for level in LEVELS}


class _Count(Protocol):
    @property
    def value(self) -> int: ...


class _Duration(Protocol):
    @property
    def months(self) -> float: ...


class Assessed(Protocol):
    """What the level is computed from (a model Study has it)."""

    @property
    def design(self) -> str: ...
    @property
    def reported_in(self) -> str: ...
    @property
    def participants(self) -> _Count | None: ...
    @property
    def follow_up(self) -> _Duration | None: ...


def evidence_level(study: Assessed) -> EvidenceLevel:
    """The level a study reaches, from design, reporting, control, participants and follow-up."""
    if study.design == "registered-no-results" or study.reported_in == "registry":
        return BY_CODE["R"]
    if study.reported_in not in REVIEWED:
        return BY_CODE["L5"]
    n = study.participants.value if study.participants else None
    if study.design == "randomised-controlled":
        return BY_CODE["L1"]
    if study.design == "case-report" or n == 1:
        return BY_CODE["L4"]
    if study.design == "non-randomised-controlled":
        return BY_CODE["L2"]
    months = study.follow_up.months if study.follow_up else 0.0
    if n is not None and n >= SUBSTANTIAL_PARTICIPANTS and months >= SUBSTANTIAL_FOLLOW_UP_MONTHS:
        return BY_CODE["L2"]
    return BY_CODE["L3"]
