"""The registries the atlas reads, their id forms and status vocabularies, and the labels of the registration enums.

LABELS is the one place for the reader-facing names of every registration enum (to move into the shared
vocabulary module when it lands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Registry:
    name: str
    id_pattern: re.Pattern[str]
    record_url: str | None  # with {id}; None where the registry has no address by id
    synced: bool


REGISTRIES: dict[str, Registry] = {
    "clinicaltrials.gov": Registry("ClinicalTrials.gov", re.compile(r"NCT[0-9]{8}"),
                                   "https://clinicaltrials.gov/study/{id}", True),
    "chictr": Registry("Chinese Clinical Trial Registry (ChiCTR)",
                       re.compile(r"ChiCTR(?:[0-9]{10}|-[A-Z]{2,5}-[0-9]{8})"), None, False),
    "isrctn": Registry("ISRCTN registry", re.compile(r"ISRCTN[0-9]{8}"), "https://www.isrctn.com/{id}", False),
    "euctr": Registry("EU Clinical Trials Register", re.compile(r"[0-9]{4}-[0-9]{6}-[0-9]{2}"), None, False),
    "jrct": Registry("Japan Registry of Clinical Trials (jRCT)", re.compile(r"jRCT[a-z]?[0-9]{9,10}"), None, False),
    "anzctr": Registry("Australian New Zealand Clinical Trials Registry", re.compile(r"ACTRN[0-9]{14}"), None, False),
    "ctri": Registry("Clinical Trials Registry - India", re.compile(r"CTRI/[0-9]{4}/[0-9]{2,3}/[0-9]{6}"), None, False),
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
    """A status as readers see it: the registry's own wording."""
    return CTGOV_STATUS.get(status, status)


LABELS: dict[str, dict[str | None, str]] = {
    "phases": {"EARLY_PHASE1": "Early phase 1", "PHASE1": "Phase 1", "PHASE2": "Phase 2", "PHASE3": "Phase 3",
               "PHASE4": "Phase 4", "NA": "Not applicable"},
    "cell_type": {
        "stem_cell_derived_islets": "Stem-cell-derived islets", "islet_transplantation": "Islet transplantation",
        "msc": "Mesenchymal stromal cells", "ahsct": "Autologous haematopoietic stem cell transplantation",
        "cord_blood": "Cord blood", "bone_marrow_cells": "Bone-marrow cells",
        "stem_cell_educator": "Stem Cell Educator", "treg": "Regulatory T cells",
        "immune_cell_other": "Other immune cells", "gene_modified_stem_cells": "Gene-modified stem cells",
        "other_stem_cell": "Other stem cells", "other": "Other cells", None: "Not read",
    },
    "sponsor_class": {"INDUSTRY": "Industry", "NIH": "NIH", "FED": "US federal", "OTHER_GOV": "Other government",
                      "INDIV": "Individual", "NETWORK": "Network", "AMBIG": "Ambiguous", "OTHER": "Other",
                      "UNKNOWN": "Unknown", None: "Not read"},
    "region": {"china": "China", "elsewhere": "Elsewhere", "both": "China and elsewhere", "unknown": "Not known"},
    "region_basis": {"countries": "from the registered sites", "sponsor": "from the sponsor's country (no site list read)",
                     "registry": "from the registry (ChiCTR; sites not read)", "none": "no site or sponsor country read"},
    "page_kind": {"registry": "the registry's own page", "repo-snapshot": "a stored copy of the registry's API data",
                  "mirror": "a copy of the registry record on another site", "publication": "a publication that prints the id"},
    "date_type": {"ACTUAL": "actual", "ESTIMATED": "estimated", None: "type not read"},
    "excluded": {"not_cell_therapy": "not a cell therapy", "not_diabetes": "not diabetes",
                 "complications_only": "aimed only at complications", "observational": "observational",
                 "duplicate": "the same trial as another entry", "cell_free_product": "cell-free product",
                 "other": "other reason"},
}


def label(enum: str, value: str | None) -> str:
    return LABELS[enum].get(value, value or "Not read")
