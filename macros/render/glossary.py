"""The glossary: one heading per term (with a stable anchor), its aliases, definition and see-also links."""

from __future__ import annotations

from ..model import Atlas
from . import escape
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
            lines += [f"*Also called:* {escape.text(', '.join(term.aliases))}", ""]
        lines += [escape.text(term.definition) + (cite(term.cite) if term.cite else ""), ""]
        if term.see_also:
            links = ", ".join(f"[{escape.text(atlas.glossary[s].term)}](#{anchor(s)})" for s in term.see_also)
            lines += [f"*See also:* {links}", ""]
        parts.append("\n".join(lines))
    return "\n".join(parts).rstrip() + "\n"
