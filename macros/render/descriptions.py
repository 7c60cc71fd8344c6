"""Each page's meta description, from its data: what a search result or a shared link shows under the title.

Generated pages (trials' too) and therapy pages are described from their record; a hand-written page by its front matter's
`description`, else by its first paragraph of prose. `attribute()` makes the text safe inside the attribute (the
theme prints page.meta.description as it is).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from .. import vocabulary
from ..messages import translate as _
from ..model import Atlas, Claim, Registration, Source, Study, Therapy
from .entities import claim_title
from .escape import has_chinese, local
from .links import entity_src

LIMIT = 160  #: characters: what search results show


def study(atlas: Atlas, st: Study) -> str:
    where = _(", ", "list").join(vocabulary.country(c) for c in st.countries)
    count = st.participants
    if count is not None:
        sign = "" if count.precision == "exact" else vocabulary.PRECISION[count.precision] + " "
        where += _(", ") + _("{count} participants").format(count=f"{sign}{count.value}")
    return _("{title}: {design} of {therapy} ({where}); evidence {code}, {level}.").format(
        title=local(st.title), design=vocabulary.DESIGN[st.design], therapy=local(atlas.therapies[st.therapy].short_name),
        where=where, code=st.evidence.code, level=st.evidence.name.lower())


def source(src: Source) -> str:
    venue = ", ".join(x for x in (src.container_title or src.publisher, src.issued) if x)
    return _("{category}: {label}{venue}. Its reference, the fields confirmed and the pages citing it.").format(
        category=vocabulary.sentence(vocabulary.CATEGORY[src.category]), label=local(src.label),
        venue=f" ({venue})" if venue else "")


def therapy(th: Therapy) -> str:
    return f"{local(th.name)}{_(': ')}{local(th.summary.text)}"


def claim(cl: Claim) -> str:
    return _("Claim check, {verdict}: {claim} {reasoning}").format(
        verdict=vocabulary.VERDICT[cl.verdict], claim=claim_title(cl), reasoning=local(cl.reasoning))


def registration(reg: Registration) -> str:
    return _("{title}: {registry} entry {id}, read on {date}; its registered facts (each marked confirmed or not), "
             "status history and the pages read.").format(title=local(reg.title or reg.registry_id), id=reg.registry_id,
                                                          registry=vocabulary.REGISTRY[reg.registry], date=reg.retrieved)


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut after the last whole word (in Chinese, the last punctuation mark) that fits in `limit`
    characters (an ellipsis marks a cut)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    breaks = " ，。；、：" if has_chinese(head) else " "
    cut = max(head.rfind(b) for b in breaks)
    return (head[:cut] if cut > 0 else head).rstrip(",;:.，。；、：") + "…"


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
