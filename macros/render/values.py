"""How values look: unknown (null), no (false) and approximate numbers are always told apart."""

from __future__ import annotations

from collections.abc import Callable

from .. import i18n, messages, vocabulary
from ..evidence import EvidenceLevel
from ..messages import Labels
from ..model import CitedFlag, CitedText, Count, Duration
from ..translations import Text
from . import escape

Cite = Callable[[tuple[str, ...]], str]



def unknown() -> str:
    """A value no source gives, in the edition's language (also read as `values.UNKNOWN`)."""
    return (f'<span class="atlas-unknown" title="{escape.text(messages.translate("No source read gives this value"))}">'
            f'{escape.text(messages.translate("unknown"))}</span>')


def __getattr__(name: str) -> str:
    """`values.UNKNOWN` is computed when read, so that it is in the language of the edition being built."""
    if name == "UNKNOWN":
        return unknown()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

FLAG = Labels("flag", {True: "Yes", False: "No"})

#: Table cells that may show digits without a footnote, by CSS class, each with the reason. Everything else in a
#: table that shows a number or a date carries a citation (tests/test_site_content.py enforces it on the built site).
UNCITED_DIGITS: dict[str, str] = {
    "atlas-registry": "a trial registration number, linked to the registry record that is its own source",
    "atlas-evidence": "an evidence code computed by the atlas from the study's fields (macros/evidence.py)",
    "atlas-count": "a count of records in this atlas, computed at build time",
    "atlas-category": "a category label such as 'type 1 diabetes', not a measured value",
    "atlas-policy": "a threshold of the atlas's own evidence scale, not a fact about a therapy",
    "atlas-badge": "an evidence badge: the level the atlas computes, with the study's design and participant count, which are cited where the study's facts are shown",
    "atlas-name": "the name of a product or programme, such as VX-880 or UP421, not a number",
    "atlas-registered": "a value as a trial registry shows it (date, phase, enrolment), sourced by the registration itself, whose page says where and when it was read",
    "atlas-claim": "a claim quoted from the article being checked, not a fact stated by the atlas; its verdict and evidence are cited in the same row",
}


def uncited(css_class: str, markdown: str) -> str:
    """Mark Markdown whose digits are not facts needing a citation (one of UNCITED_DIGITS)."""
    if css_class not in UNCITED_DIGITS:
        raise ValueError(f"unknown uncited-digits class {css_class!r}; choose from: {', '.join(UNCITED_DIGITS)}")
    return f'<span class="{css_class}">{markdown}</span>'


def number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _precision(precision: str) -> str:
    """The sign before an approximate number (and a narrow space); nothing before an exact one."""
    return "" if precision == "exact" else vocabulary.PRECISION[precision] + "\u202f"


def count(value: Count | None, cite: Cite) -> str:
    if value is None:
        return unknown()
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{_precision(value.precision)}{value.value}{note}{cite(value.cite)}"


def duration(value: Duration | None, cite: Cite) -> str:
    if value is None:
        return unknown()
    unit = value.unit[:-1] if value.value == 1 else value.unit
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{_precision(value.precision)}{number(value.value)} {unit}{note}{cite(value.cite)}"


def flag(value: CitedFlag | None, cite: Cite) -> str:
    if value is None:
        return unknown()
    shown = unknown() if value.value is None else FLAG[value.value]
    note = f" ({escape.text(value.note)})" if value.note else ""
    return f"{shown}{note}{cite(value.cite)}"


def data_text(value: str) -> str:
    """Text from the data in the edition's language; where it has no translation (yet), the English, marked as
    English and as not yet translated (macros/translations.py)."""
    return marked(value, escape.text(value))


def marked(value: str, markup: str) -> str:
    """`markup`, which shows the data text `value`, marked as English and not yet translated where `value` has no
    text in the edition's language."""
    lang = messages.language()
    if lang == i18n.DEFAULT or (isinstance(value, Text) and value.in_language(lang)):
        return markup
    return in_english(markup)


def in_english(markup: str) -> str:
    """Inline Markdown from the data with no translation (yet), in an edition of another language: marked as English
    and as not yet translated. In the English edition, as it is."""
    if messages.language() == i18n.DEFAULT:
        return markup
    return (f'<span class="atlas-untranslated" lang="{i18n.DEFAULT}" '
            f'title="{escape.text(messages.translate("not yet translated"))}">{markup}</span>')


def cited_text(value: CitedText | None, cite: Cite) -> str:
    return unknown() if value is None else f"{data_text(value.text)}{cite(value.cite)}"


def diabetes_types(codes: tuple[str, ...]) -> str:
    """'T1D', 'T2D' as words, marked as a category label."""
    return uncited("atlas-category", escape.text(", ".join(vocabulary.DIABETES_TYPE[c] for c in codes)))


def term(schema: str, enum: str, value: str) -> str:
    """An enumerated value as its label (macros/vocabulary.py), escaped."""
    return escape.text(vocabulary.label(schema, enum, value))


def evidence(level: EvidenceLevel) -> str:
    """An evidence level as 'L2 · Controlled or substantial study', the code marked as computed."""
    return uncited("atlas-evidence", escape.text(level.code)) + f" · {escape.text(level.name)}"
