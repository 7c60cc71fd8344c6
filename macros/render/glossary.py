"""The glossary: one heading per term (with a stable anchor), its aliases, definition and see-also links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .. import messages
from ..model import Atlas, Study, Term
from . import escape, values
from .values import Cite


def anchor(term_id: str) -> str:
    return f"term-{term_id}"


def glossary(atlas: Atlas, cite: Cite, level: int = 2) -> str:
    """Every term in alphabetical order, as Markdown sections."""
    hashes = "#" * level
    parts = []
    for term in sorted(atlas.glossary.values(), key=lambda t: t.term.casefold()):
        lines = [f"{hashes} {escape.text(term.term)} {{: #{anchor(term.id)} }}", ""]
        if term.aliases:
            also = values.data_text(", ".join(term.aliases))
            lines += [f"*{escape.text(messages.translate('Also called:'))}* {also}", ""]
        lines += [values.data_text(term.definition) + (cite(term.cite) if term.cite else ""), ""]
        if term.see_also:
            links = ", ".join(f"[{escape.text(atlas.glossary[s].term)}](#{anchor(s)})" for s in term.see_also)
            lines += [f"*{escape.text(messages.translate('See also:'))}* {links}", ""]
        parts.append("\n".join(lines))
    return "\n".join(parts).rstrip() + "\n"


def _names(term: Term) -> list[str]:
    """The term as readers meet it: its name without a parenthesised abbreviation, the abbreviation, its aliases."""
    name = re.sub(r"\s*\(([^)]*)\)$", "", term.term)
    found = re.search(r"\(([^)]*)\)$", term.term)
    return [name, *([found.group(1)] if found else []), *term.aliases]


def _mentions(name: str, text: str) -> bool:
    """Whole-word match; short names (abbreviations such as DKA) must match case too."""
    flags = 0 if len(name) <= 5 else re.IGNORECASE
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags) is not None


def study_texts(studies: Iterable[Study], headers: Iterable[str] = ()) -> list[str]:
    """What a study table shows in words: its column headers, and each study's title, key outcome,
    immunosuppression note and causes of death."""
    texts = list(headers)
    for s in studies:
        texts.append(s.title)
        if s.key_outcome is not None:
            texts.append(f"{s.key_outcome.measure} {s.key_outcome.result}")
        if s.immunosuppression is not None and s.immunosuppression.note:
            texts.append(s.immunosuppression.note)
        if s.adverse_events is not None:
            texts += s.adverse_events.death_causes
    return texts


#: The clinical jargon that study tables use and readers need explained (issue 15): linked when a table shows it.
JARGON = ("c-peptide", "hba1c", "homa-ir", "area-under-the-curve", "dka", "immunosuppression", "insulin-independence")


def terms_line(atlas: Atlas, texts: Sequence[str], glossary_href: str) -> str:
    """'Terms used above', linking each jargon term (JARGON) that the texts mention; empty when they mention none."""
    terms = [atlas.glossary[i] for i in JARGON if i in atlas.glossary]
    used = [t for t in sorted(terms, key=lambda t: t.term.casefold())
            if any(_mentions(name, text) for name in _names(t) for text in texts)]
    if not used:
        return ""
    links = ", ".join(f"[{escape.text(t.term)}]({glossary_href}#{anchor(t.id)})" for t in used)
    return f"*{messages.translate('Terms used above, explained in the glossary:')}* {links}"
