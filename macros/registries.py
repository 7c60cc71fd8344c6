"""The registries the atlas reads, their id forms and status vocabularies (their names and the labels of the
registration enums are in macros/vocabulary.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .messages import translate
from .vocabulary import REGISTRY


@dataclass(frozen=True)
class Registry:
    key: str  #: its key in vocabulary.REGISTRY
    id_pattern: re.Pattern[str]
    record_url: str | None  # with {id}; None where the registry has no address by id
    synced: bool

    @property
    def name(self) -> str:
        """Its name in the language of the edition being built."""
        return REGISTRY[self.key]


REGISTRIES: dict[str, Registry] = {
    "clinicaltrials.gov": Registry("clinicaltrials.gov", re.compile(r"NCT[0-9]{8}"),
                                   "https://clinicaltrials.gov/study/{id}", True),
    "chictr": Registry("chictr",
                       re.compile(r"ChiCTR(?:[0-9]{10}|-[A-Z]{2,5}-[0-9]{8})"), None, False),
    "isrctn": Registry("isrctn", re.compile(r"ISRCTN[0-9]{8}"), "https://www.isrctn.com/{id}", False),
    "euctr": Registry("euctr", re.compile(r"[0-9]{4}-[0-9]{6}-[0-9]{2}"), None, False),
    "jrct": Registry("jrct", re.compile(r"jRCT[a-z]?[0-9]{9,10}"), None, False),
    "anzctr": Registry("anzctr", re.compile(r"ACTRN[0-9]{14}"), None, False),
    "ctri": Registry("ctri", re.compile(r"CTRI/[0-9]{4}/[0-9]{2,3}/[0-9]{6}"), None, False),
}

#: ClinicalTrials.gov API v2 `overallStatus` values and how the registry's pages word them.
CTGOV_STATUS: dict[str, str] = {
    "NOT_YET_RECRUITING": "Not yet recruiting", "RECRUITING": "Recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation", "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "SUSPENDED": "Suspended", "TERMINATED": "Terminated", "COMPLETED": "Completed", "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown status", "WITHHELD": "Withheld", "NO_LONGER_AVAILABLE": "No longer available",
    "AVAILABLE": "Available", "APPROVED_FOR_MARKETING": "Approved for marketing",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
}

#: Statuses of registries without a committed vocabulary: English words as the registry prints them.
_PRINTED = re.compile(r"[A-Z][a-z]+(?:,? [a-z]+)*")

#: Statuses after which a trial no longer runs (for "completed, no results" and the calendar).
ENDED = frozenset({"COMPLETED", "TERMINATED", "WITHDRAWN", "Completed", "Terminated", "Withdrawn", "Stopped"})


def fold_id(registry_id: str) -> str:
    """The record id of a registry id: lowercased, each run of other characters folded to '-'."""
    return re.sub(r"[^a-z0-9]+", "-", registry_id.lower()).strip("-")


def registry_of(registry_id: str) -> str | None:
    """The registry whose id form `registry_id` has, or None."""
    return next((key for key, r in REGISTRIES.items() if r.id_pattern.fullmatch(registry_id)), None)


def status_problem(registry: str, status: str) -> str | None:
    """Why `status` is not in the registry's vocabulary, or None when it is."""
    if registry == "clinicaltrials.gov":
        if status in CTGOV_STATUS:
            return None
        return f"'{status}' is not a ClinicalTrials.gov overallStatus; use one of: {', '.join(CTGOV_STATUS)}"
    if _PRINTED.fullmatch(status):
        return None
    return f"'{status}' is not a status as {REGISTRIES[registry].name} prints it (English words, e.g. 'Recruiting')"


def status_label(status: str) -> str:
    """A status as readers see it: the registry's own wording (in English), in the edition's language where the
    catalogue has it (msgctxt "registry-status"; a printed status with the same words reads the same)."""
    return translate(CTGOV_STATUS.get(status, status), "registry-status")
