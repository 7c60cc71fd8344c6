"""schema.org JSON-LD for study, source and claim pages, serialised so that data can never close the <script>."""

from __future__ import annotations

import json
from typing import Any

from .. import vocabulary
from ..model import Atlas, Claim, Source, Study
from .references import DOI_URL, PUBMED_URL, registry_url

_SCHEMA_TYPES = {
    "article-journal": "ScholarlyArticle", "paper-conference": "ScholarlyArticle", "report": "Report",
    "webpage": "WebPage", "legislation": "Legislation", "dataset": "Dataset", "article-newspaper": "NewsArticle",
    "post-weblog": "BlogPosting", "document": "CreativeWork",
}
#: Designs that are interventional trials (schema.org MedicalTrial); the others are described as MedicalStudy.
_TRIALS = frozenset({"single-arm", "non-randomised-controlled", "randomised-controlled"})
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element. '<', '>' and '&' are written as JSON unicode escapes, so
    no value can end the element or open a comment; the JSON still parses to the same data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, replacement in _UNSAFE.items():
        text = text.replace(char, replacement)
    return f'<script type="application/ld+json">{text}</script>'


def source(src: Source, url: str) -> dict[str, Any]:
    """A source as a ScholarlyArticle (or the schema.org type matching its CSL type); confirmed fields only."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": _SCHEMA_TYPES.get(src.type, "CreativeWork"),
                            "url": url}
    if src.title and src.confirmed("title"):
        data["name"] = data["headline"] = src.title
    if src.author and src.confirmed("author"):
        data["author"] = [{"@type": "Person", "name": a.literal or " ".join(x for x in (a.given, a.family) if x)}
                          for a in src.author]
    if src.issued and src.confirmed("issued"):
        data["datePublished"] = src.issued
    if src.container_title and src.confirmed("container-title"):
        data["isPartOf"] = {"@type": "Periodical", "name": src.container_title}
    same = []
    if src.doi and src.confirmed("DOI"):
        same.append(DOI_URL.format(src.doi))
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": src.doi}
    if src.pmid and src.confirmed("PMID"):
        same.append(PUBMED_URL.format(src.pmid))
    if same:
        data["sameAs"] = same
    return data


def study(atlas: Atlas, st: Study, url: str, source_urls: dict[str, str]) -> dict[str, Any]:
    """A study as a MedicalStudy, or a MedicalTrial (its subtype) when it is an interventional trial."""
    therapy = atlas.therapies[st.therapy]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial" if st.design in _TRIALS or st.phase else "MedicalStudy",
        "name": st.title,
        "url": url,
        "healthCondition": [{"@type": "MedicalCondition", "name": vocabulary.sentence(vocabulary.DIABETES_TYPE[t]) + " diabetes"}
                            for t in st.diabetes_types],
        "studySubject": {"@type": "MedicalTherapy", "name": therapy.name},
        "studyLocation": [{"@type": "Country", "name": vocabulary.country(c), "identifier": c} for c in st.countries],
        "citation": [source_urls[s] for s in st.cite],
    }
    designs = [d for d, applies in (("RandomizedTrial", st.design == "randomised-controlled"),
                                    ("PlaceboControlledTrial", st.control == "placebo")) if applies]
    if designs:
        data["trialDesign"] = [f"https://schema.org/{d}" for d in designs]
    if st.phase:
        data["phase"] = f"Phase {vocabulary.PHASE[st.phase]}"
    if st.registry_ids:
        data["identifier"] = [{"@type": "PropertyValue", "propertyID": "registry", "value": r, "url": registry_url(r)}
                              for r in st.registry_ids]
    if st.started:
        data["startDate"] = st.started
    return data


def claim(cl: Claim, url: str, source_urls: dict[str, str]) -> dict[str, Any]:
    """A claim check as a ClaimReview: the claim, where it was made, the verdict's label and the evidence cited."""
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url, "claimReviewed": cl.claim,
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "CreativeWork", "name": cl.origin_name}},
        "reviewRating": {"@type": "Rating", "alternateName": vocabulary.sentence(vocabulary.VERDICT[cl.verdict])},
        "reviewBody": cl.reasoning,
        "citation": [source_urls[s] for s in cl.cite],
    }
