"""The reader-facing words of every value a schema enumerates: one label per value, defined here and nowhere else.

Every renderer (tables, badges, fact sheets, entity pages, chart, CSV, JSON-LD, feed) shows an enumerated value
through `label()` or one of the tables below, never by reformatting the value itself. Labels are written as they
read inside a sentence; `sentence()` capitalises one where it starts a cell, a legend entry or a sentence.

Labels are written here in English; macros/locale/<lang>/LC_MESSAGES/atlas.po translates them (msgctxt: the
table's context below), and tests/test_messages.py fails for a label without a translation.

Adding a schema with enums, or an enum to a schema, means one entry in `VOCABULARY`: the schema's name (its file
name without `.schema.json`), the enum's name (see `enum_name`) and a label for each value. tests/test_vocabulary.py
fails for a value without a label and for a label of a value that no schema has.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .messages import Labels  # a table of labels, read in the language of the edition being built

DIABETES_TYPE = Labels("diabetes-type", {"T1D": "type 1", "T2D": "type 2"})
PRECISION = Labels("precision", {"exact": "=", "approx": "≈", "at-least": "≥", "at-most": "≤"})
DURATION_UNIT = Labels("duration-unit", {"days": "days", "weeks": "weeks", "months": "months", "years": "years"})

DESIGN = Labels("design", {
    "case-report": "case report", "case-series": "case series", "single-arm": "single-arm trial",
    "non-randomised-controlled": "non-randomised controlled", "randomised-controlled": "randomised controlled",
    "registered-no-results": "registered, no results",
})
PHASE = Labels("phase", {"early-1": "early 1", "1": "1", "1/2": "1/2", "2": "2", "2/3": "2/3", "3": "3", "4": "4"})
CONTROL = Labels("control", {"none": "none", "placebo": "placebo", "standard-care": "standard care", "historical": "historical"})
REPORTED_IN = Labels("reported-in", {
    "peer-reviewed": "peer reviewed", "regulatory-review": "regulatory review", "conference-abstract": "conference abstract",
    "press-release": "press release",
    "news": "news", "registry": "registry",
})

ORIGIN = Labels("origin", {"autologous": "autologous", "allogeneic": "allogeneic", "both": "autologous or allogeneic",
                           "xenogeneic": "xenogeneic"})
CELL_TYPE = Labels("cell-type", {
    "psc-derived-islets": "psc derived islets", "endoderm-stem-cell-islets": "endoderm stem cell islets",
    "encapsulated-psc-derived-cells": "encapsulated psc derived cells",
    "gene-edited-psc-derived-cells": "gene edited psc derived cells",
    "gene-edited-donor-islets": "gene edited donor islets", "donor-islets": "donor islets",
    "haematopoietic-stem-cells": "haematopoietic stem cells", "mesenchymal-stromal-cells": "mesenchymal stromal cells",
    "cord-blood-stem-cell-education": "cord blood stem cell education",
    "bone-marrow-mononuclear-cells": "bone marrow mononuclear cells",
    "umbilical-cord-blood-cells": "umbilical cord blood cells", "regulatory-t-cells": "regulatory T cells",
    "tolerogenic-dendritic-cells": "tolerogenic dendritic cells", "car-t-cells": "CAR-T cells",
    "encapsulated-porcine-islets": "encapsulated pig islets",
    "unspecified-clinic-product": "unspecified clinic product",
})
MECHANISM = Labels("mechanism", {
    "replace-beta-cells": "replace beta cells", "modulate-immunity": "modulate immunity", "both": "both",
    "unclear": "unclear",
})
STAGE = Labels("stage", {
    "first-in-human": "first in human", "early-clinical": "early clinical", "late-clinical": "late clinical",
    "approved": "approved", "discontinued": "discontinued", "unregulated": "unregulated",
})
REGION = Labels("region", {"china": "China", "elsewhere": "Elsewhere"})

DECISION = Labels("decision", {
    "approved": "approved", "trial-authorised": "trial authorised", "guidance": "guidance or warning",
    "discontinued": "discontinued by developer",
})
#: How a decision is known; shown after it (in brackets) unless the issuer's own text was read.
KNOWN_FROM = Labels("known-from", {
    "issuer": "read in the issuer's own text", "copy": "read in a copy of the issuer's text",
    "news": "reported by news; the issuer's own notice was not read",
})
VERDICT = Labels("verdict", {
    "supported": "supported", "partly-supported": "partly supported", "unproven": "unproven",
    "misleading": "misleading", "false": "false",
})

SOURCE_TYPE = Labels("source-type", {
    "article-journal": "journal article", "paper-conference": "conference paper", "report": "report",
    "webpage": "web page", "legislation": "legislation", "dataset": "dataset", "article-newspaper": "newspaper article",
    "post-weblog": "blog post", "document": "document",
})
CATEGORY = Labels("category", {
    "journal-article": "journal article", "conference-abstract": "conference abstract",
    "regulatory": "regulatory document", "guideline": "guideline", "press-release": "press release",
    "registry": "trial registry record", "news": "news",
})
#: Field names as the YAML spells them (the `verified` list names the fields that were confirmed).
VERIFIED_FIELD = Labels("verified-field", {name: name for name in (
    "title", "author", "container-title", "publisher", "issued", "volume", "issue", "page", "DOI", "PMID", "PMCID",
    "registry_id", "URL",
)})
#: Whose pages a source's confirmed fields were read on.
READ_ON = Labels("read-on", {
    "original": "read on the publisher's, registry's or regulator's own page",
    "copy": "read only on copies, mirrors or reports, not on the publisher's, registry's or regulator's own page",
    "both": "read on the publisher's, registry's or regulator's own page and on copies",
})
QUALITY = Labels("quality", {"primary": "primary", "secondary": "secondary", "low": "low (context only)"})

#: Registrations (schemas/registrations.schema.json). A value the registry page did not give is None: "Not read".
UNREAD = "Not read"
REGISTRY = Labels("registry", {
    "clinicaltrials.gov": "ClinicalTrials.gov", "chictr": "Chinese Clinical Trial Registry (ChiCTR)",
    "isrctn": "ISRCTN registry", "euctr": "EU Clinical Trials Register",
    "jrct": "Japan Registry of Clinical Trials (jRCT)", "anzctr": "Australian New Zealand Clinical Trials Registry",
    "ctri": "Clinical Trials Registry - India",
})
REGISTRATION_CELL_TYPE = Labels("registration-cell-type", {
    "stem_cell_derived_islets": "Stem-cell-derived islets", "islet_transplantation": "Islet transplantation",
    "msc": "Mesenchymal stromal cells", "ahsct": "Autologous haematopoietic stem cell transplantation",
    "cord_blood": "Cord blood", "bone_marrow_cells": "Bone-marrow cells",
    "stem_cell_educator": "Stem Cell Educator", "treg": "Regulatory T cells",
    "immune_cell_other": "Other immune cells", "gene_modified_stem_cells": "Gene-modified stem cells",
    "other_stem_cell": "Other stem cells", "other": "Other cells", None: UNREAD,
})
DATE_TYPE = Labels("date-type", {"ACTUAL": "actual", "ESTIMATED": "estimated", None: "type not read"})
SPONSOR_CLASS = Labels("sponsor-class", {
    "INDUSTRY": "Industry", "NIH": "NIH", "FED": "US federal", "OTHER_GOV": "Other government", "INDIV": "Individual",
    "NETWORK": "Network", "AMBIG": "Ambiguous", "OTHER": "Other", "UNKNOWN": "Unknown", None: UNREAD,
})
RESULTS_POSTED = Labels("results-posted", {True: "results posted", False: "no results posted", None: UNREAD})
STATUS_SOURCE = Labels("status-source", {"sync": "read by the ClinicalTrials.gov sync", "curated": "curated by hand"})
PAGE_KIND = Labels("page-kind", {
    "registry": "the registry's own page", "repo-snapshot": "a stored copy of the registry's API data",
    "mirror": "a copy of the registry record on another site", "publication": "a publication that prints the id",
})
REGISTRATION_FIELD = Labels("registration-field", {name: name for name in (
    "registry_id", "secondary_ids", "title", "official_title", "conditions", "intervention", "phases", "status",
    "enrollment", "enrollment.type", "start", "start.type", "primary_completion", "primary_completion.type",
    "completion", "completion.type", "sponsor", "sponsor.class", "countries", "sites", "results_posted",
    "last_update_posted",
)})
EXCLUDED = Labels("excluded", {
    "not_cell_therapy": "not a cell therapy", "not_diabetes": "not diabetes",
    "complications_only": "aimed only at complications", "observational": "observational",
    "duplicate": "the same trial as another entry", "cell_free_product": "cell-free product", "other": "other reason",
})
REGISTRATION_PHASE = Labels("registration-phase", {
    "EARLY_PHASE1": "Early phase 1", "PHASE1": "Phase 1", "PHASE2": "Phase 2", "PHASE3": "Phase 3",
    "PHASE4": "Phase 4", "NA": "Not applicable",
})
EXCLUSION_REASON = Labels("exclusion-reason", {
    "same-trial": "a further report of a tabled trial, adding no participants or follow-up",
    "no-outcome-data": "reported without numbers that could be tabled",
    "not-confirmed": "its publication could not be read or confirmed",
    "not-in-people": "laboratory or animal work",
    "complications-only": "treats a complication of diabetes, not diabetes",
    "cell-free": "a product without cells (such as exosomes)",
    "not-a-study": "a review, commentary or guideline",
})

#: schema name -> enum name -> value -> label. One entry per enum of every schema in schemas/.
VOCABULARY: Mapping[str, Mapping[str, Labels]] = {
    "common": {"diabetesType": DIABETES_TYPE, "approx": PRECISION, "duration.unit": DURATION_UNIT},
    "studies": {"design": DESIGN, "phase": PHASE, "control": CONTROL, "reported_in": REPORTED_IN},
    "therapies": {"origin": ORIGIN, "cell_type": CELL_TYPE, "mechanism": MECHANISM, "stage": STAGE, "regions": REGION},
    "approvals": {"decision": DECISION, "known_from": KNOWN_FROM},
    "claims": {"verdict": VERDICT},
    "sources": {"type": SOURCE_TYPE, "category": CATEGORY, "verified": VERIFIED_FIELD, "quality": QUALITY,
                "provenance.read_on": READ_ON},
    "exclusions": {"reason": EXCLUSION_REASON},
    "registrations": {
        "registry": REGISTRY, "cell_type": REGISTRATION_CELL_TYPE, "enrollment.type": DATE_TYPE, "start.type": DATE_TYPE,
        "primary_completion.type": DATE_TYPE, "completion.type": DATE_TYPE, "sponsor.class": SPONSOR_CLASS,
        "results_posted": RESULTS_POSTED, "status_history.source": STATUS_SOURCE, "provenance.page_kind": PAGE_KIND,
        "provenance.verified_fields": REGISTRATION_FIELD, "excluded.reason": EXCLUDED, "phases": REGISTRATION_PHASE,
    },
}

#: Values the atlas computes (never typed, so in no schema): a study's region, from its countries.
STUDY_REGION = Labels("study-region", {**REGION.english, "both": "China and elsewhere"})
#: A registration's region, from its sites (or its sponsor, or its registry), and what it rests on.
REGISTRATION_REGION = Labels("registration-region", {**STUDY_REGION.english, "unknown": "Not known"})
REGION_BASIS = Labels("region-basis", {
    "countries": "from the registered sites", "sponsor": "from the sponsor's country (no site list read)",
    "registry": "from the registry (ChiCTR; sites not read)", "none": "no site or sponsor country read",
})

#: Meanings shown beside a label where readers need one (a value's explanation, not a second label).
MEANINGS: Mapping[str, Labels] = {
    "verdict": Labels("verdict-meaning", {
        "supported": "The evidence backs the claim as stated.",
        "partly-supported": "True in part, or for some patients only.",
        "unproven": "No adequate evidence either way yet.",
        "misleading": "Technically arguable, but gives a wrong impression.",
        "false": "Contradicted by the evidence.",
    }),
    "origin": Labels("origin-meaning", {"autologous": "the patient's own cells", "allogeneic": "donor cells",
                                        "both": "depending on the product", "xenogeneic": "animal cells"}),
}

#: Country names for the ISO 3166-1 alpha-2 codes content uses (a pattern in the schema, not an enum); a code
#: without a name here is shown as the code.
COUNTRIES = Labels("countries", {
    "BE": "Belgium", "BR": "Brazil", "CA": "Canada", "CH": "Switzerland", "CN": "China", "DE": "Germany",
    "FR": "France", "GB": "United Kingdom", "IN": "India", "IR": "Iran", "IT": "Italy", "JP": "Japan",
    "NL": "Netherlands", "NO": "Norway", "PL": "Poland", "SA": "Saudi Arabia", "SE": "Sweden", "US": "United States",
    "AE": "United Arab Emirates", "EG": "Egypt", "ES": "Spain", "JO": "Jordan", "MX": "Mexico", "VN": "Vietnam",
})


def label(schema: str, enum: str, value: str) -> str:
    """The label of one value; a KeyError names what is missing (a value the vocabulary does not know)."""
    try:
        return VOCABULARY[schema][enum][value]
    except KeyError:
        raise KeyError(f"no label for {schema}.{enum} = {value!r}: add it to macros/vocabulary.py") from None


def sentence(text: str) -> str:
    """A label at the start of a cell or sentence: its first letter in capitals."""
    return text[:1].upper() + text[1:]


def country(code: str) -> str:
    return COUNTRIES.get(code, code)


def enum_name(pointer: tuple[str | int, ...]) -> str:
    """The name of the enum at a schema position: the property and $defs names on the way, joined by dots.

    ('properties', 'design') -> 'design'; ('properties', 'regions', 'items') -> 'regions';
    ('$defs', 'duration', 'oneOf', 1, 'properties', 'unit') -> 'duration.unit'."""
    names = [str(pointer[i + 1]) for i, key in enumerate(pointer[:-1]) if key in ("properties", "$defs")
             and (i == 0 or pointer[i - 1] not in ("properties", "$defs"))]
    return ".".join(names)


def schema_enums(schema: Any, pointer: tuple[str | int, ...] = ()) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every (enum name, values) of a schema, in document order."""
    if isinstance(schema, dict):
        if isinstance(schema.get("enum"), list):
            yield enum_name(pointer), tuple(schema["enum"])
        for key, value in schema.items():
            yield from schema_enums(value, (*pointer, key))
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from schema_enums(value, (*pointer, i))
