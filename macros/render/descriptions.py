"""Each page's meta description, from its data: what a search result or a shared link shows under the title.

Generated pages (trials' too) and therapy pages are described from their record; a hand-written page by its front matter's
`description`, else by its first paragraph of prose. `attribute()` makes the text safe inside the attribute (the
theme prints page.meta.description as it is).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from .. import vocabulary
from ..model import Atlas, Claim, Registration, Source, Study, Therapy
from .entities import claim_title
from .links import entity_src

LIMIT = 160  #: characters: what search results show


def study(atlas: Atlas, st: Study) -> str:
    where = ", ".join(vocabulary.country(c) for c in st.countries)
    count = st.participants
    if count is not None:
        sign = "" if count.precision == "exact" else vocabulary.PRECISION[count.precision] + " "
        where += f", {sign}{count.value} participants"
    return (f"{st.title}: {vocabulary.DESIGN[st.design]} of {atlas.therapies[st.therapy].short_name} ({where}); "
            f"evidence {st.evidence.code}, {st.evidence.name.lower()}.")


def source(src: Source) -> str:
    venue = ", ".join(x for x in (src.container_title or src.publisher, src.issued) if x)
    return f"{vocabulary.sentence(vocabulary.CATEGORY[src.category])}: {src.label}" + (f" ({venue})" if venue else "") \
        + ". Its reference, the fields confirmed and the pages citing it."


def therapy(th: Therapy) -> str:
    return f"{th.name}: {th.summary.text}"


def claim(cl: Claim) -> str:
    return f"Claim check, {vocabulary.VERDICT[cl.verdict]}: {claim_title(cl)} {cl.reasoning}"


def registration(reg: Registration) -> str:
    return (f"{reg.title or reg.registry_id}: {vocabulary.REGISTRY[reg.registry]} entry, read on {reg.retrieved}; "
            "its registered facts (each marked confirmed or not), status history and the pages read.")


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut after the last whole word that fits in `limit` characters (an ellipsis marks a cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def attribute(text: str) -> str:
    """The description as the content of an HTML attribute: one line, at most LIMIT characters, escaped."""
    return html.escape(shorten(text, LIMIT), quote=True)


class _Found(Exception):
    """The first paragraph has ended: the rest of the page is not read (a finder page holds megabytes of table)."""


class _FirstParagraph(HTMLParser):
    """The text of the first <p> outside admonitions, tables, navigation and figures, without footnote marks."""

    _SKIP = frozenset({"table", "nav", "figure", "details", "sup", "script", "style", "svg"})
    _VOID = frozenset({"br", "img", "input", "hr", "wbr", "source", "meta", "link", "col", "area", "base", "embed",
                       "track"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None
        self._skipping = 0  #: depth inside a skipped element
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        if self._skipping or tag in self._SKIP or "admonition" in (dict(attrs).get("class") or "").split():
            self._skipping += 1
        elif tag == "p" and self.found is None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        if self._skipping:
            self._skipping -= 1
        elif tag == "p" and self._text is not None:
            text = " ".join("".join(self._text).split())
            self._text = None
            if text:
                self.found = text
                raise _Found

    def handle_data(self, data: str) -> None:
        if self._text is not None and not self._skipping:
            self._text.append(data)


def first_paragraph(content: str) -> str | None:
    """The first paragraph of prose of a page's HTML, as plain text (None if it has none)."""
    parser = _FirstParagraph()
    try:
        parser.feed(content)
        parser.close()
    except _Found:
        pass
    return parser.found


def of_records(atlas: Atlas) -> dict[str, str]:
    """Docs-relative path -> description (plain text) of every page drawn from one record: the generated pages
    and the therapies' pages (written by hand, one per therapy)."""
    out = {entity_src("studies", s.id): study(atlas, s) for s in atlas.studies.values()}
    out.update({entity_src("sources", s.id): source(s) for s in atlas.sources.values()})
    out.update({entity_src("claims", c.id): claim(c) for c in atlas.claims.values()})
    out.update({entity_src("therapies", t.id): therapy(t) for t in atlas.therapies.values()})
    out.update({entity_src("registrations", r.id): registration(r) for r in atlas.registrations.values()})
    return out
