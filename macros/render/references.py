"""One source as a reference in the ICMJE/Vancouver style, showing only what was confirmed.

A field that is filled but not listed in the source's `verified` is marked unconfirmed; identifiers are shown
(and linked) only when confirmed, which the checker also enforces.
"""

from __future__ import annotations

import html

from .. import vocabulary
from ..messages import translate as _
from ..model import Author, Source
from . import escape


def unconfirmed() -> str:
    """The mark of a source detail not confirmed on a page that was read, in the edition's language."""
    return (f'<span class="atlas-unconfirmed" title="{html.escape(_("Not confirmed on a page that was read"))}">'
            f'{escape.text(_("(unconfirmed)"))}</span>')

MAX_AUTHORS = 6

DOI_URL = "https://doi.org/{}"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{}/"
PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/{}/"
REGISTRY_URLS = {
    "NCT": "https://clinicaltrials.gov/study/{}",
    "ChiCTR": "https://trialsearch.who.int/Trial2.aspx?TrialID={}",
    "ISRCTN": "https://www.isrctn.com/{}",
    "IRCT": "https://trialsearch.who.int/Trial2.aspx?TrialID={}",
}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def vancouver_date(date: str) -> str:
    """'2024-09-25' -> '2024 Sep 25', '2024-09' -> '2024 Sep', '2024' -> '2024'."""
    year, *rest = date.split("-")
    month = f" {MONTHS[int(rest[0]) - 1]}" if rest else ""
    day = f" {int(rest[1])}" if len(rest) > 1 else ""
    return f"{year}{month}{day}"


def registry_url(registry_id: str) -> str:
    """The public record of a trial registration number."""
    prefix = next(p for p in REGISTRY_URLS if registry_id.startswith(p))
    return REGISTRY_URLS[prefix].format(registry_id)


def registry_link(registry_id: str) -> str:
    return escape.link(registry_id, registry_url(registry_id))


def _name(author: Author) -> str:
    if author.literal:
        return author.literal
    initials = "".join(part[0] for part in (author.given or "").replace("-", " ").replace(".", " ").split())
    return f"{author.family} {initials}".strip()


def _authors(source: Source) -> str:
    if source.author is None:
        return ""
    names = [_name(a) for a in source.author[:MAX_AUTHORS]]
    more = source.et_al or len(source.author) > MAX_AUTHORS
    shown = escape.text(", ".join(names) + (", et al" if more else ""))
    return f"{shown}{'' if source.confirmed('author') else ' ' + unconfirmed()}. "


def _field(source: Source, field: str, value: str | None, suffix: str = ". ") -> str:
    if value is None:
        return ""
    mark = "" if source.confirmed(field) else " " + unconfirmed()
    return f"{escape.text(value)}{mark}{suffix}"


def _identifiers(source: Source) -> list[str]:
    links = []
    if source.doi and source.confirmed("DOI"):
        links.append("doi: " + escape.link(source.doi, DOI_URL.format(source.doi)))
    if source.pmid and source.confirmed("PMID"):
        links.append("PMID: " + escape.link(source.pmid, PUBMED_URL.format(source.pmid)))
    if source.pmcid and source.confirmed("PMCID"):
        links.append("PMCID: " + escape.link(source.pmcid, PMC_URL.format(source.pmcid)))
    if source.registry_id and source.confirmed("registry_id"):
        links.append(escape.text(_("Registry:")) + " " + registry_link(source.registry_id))
    if source.url:
        label = escape.text(_("Available from")) + ("" if source.confirmed("URL") else f" {unconfirmed()}")
        links.append(f"{label}{_(': ')}" + escape.link(source.url, source.url))
    return links


def vancouver(source: Source) -> str:
    """The reference text (Markdown) for one source."""
    title = _field(source, "title", source.title) or escape.text(_("[Title not confirmed]")) + ". "
    category = vocabulary.sentence(vocabulary.CATEGORY[source.category])
    medium = "" if source.category == "journal-article" else escape.text(f"[{category}]") + " "
    container = source.container_title_short or source.container_title or source.publisher
    container_field = "container-title" if (source.container_title_short or source.container_title) else "publisher"
    where = _field(source, container_field, container, ". ") if container else ""
    date = _field(source, "issued", vancouver_date(source.issued), "") if source.issued else \
        escape.text(_("Date not confirmed"))
    volume = ""
    if source.volume:
        volume = f";{escape.text(source.volume)}" + (f"({escape.text(source.issue)})" if source.issue else "")
    pages = f":{escape.text(source.page)}" if source.page else ""
    authors = _authors(source)
    if escape.has_chinese(source.title or ""):  # the whole reference is not English: mark its English parts alone
        authors, where = escape.foreign(authors, authors), escape.foreign(where, where)
    parts = escape.foreign(f"{authors}{title}{medium}{where}{date}{volume}{pages}.", source.title or "")
    identifiers = _identifiers(source)
    if len(identifiers) == (1 if source.url else 0):  # none but the address
        identifiers.insert(0, escape.text(_("No identifier confirmed")))
    quality = f" **{escape.text(_('Low-quality source: context only, not evidence.'))}**" if source.quality == "low" \
        else ""
    return f"{parts} {'. '.join(identifiers)}.{quality}"
