"""The 404 page: what a reader who followed a broken or old link can do next (search, home, the main sections).

Pure: the sections come in as (title, href, children) with hrefs from the site's root, since the page is served at
whatever address was not found. The site adapter reads them from the navigation.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..messages import translate as _

MAX_CHILDREN = 6  #: a section with more pages than this is listed by its first page (its index) only


@dataclass(frozen=True)
class Entry:
    title: str
    href: str | None  #: None for a section without a page of its own
    children: tuple[Entry, ...] = field(default=())


def _link(entry: Entry) -> str:
    return f'<a href="{html.escape(entry.href or "", quote=True)}">{html.escape(entry.title)}</a>'


def _item(entry: Entry) -> str:
    children = [c for c in entry.children if c.href]
    if not children:
        return f"<li>{_link(entry)}</li>" if entry.href else ""
    if len(children) > MAX_CHILDREN:
        return f"<li>{_link(Entry(entry.title, children[0].href))}</li>"
    return f"<li>{html.escape(entry.title)}{html.escape(_(': '))}{' · '.join(_link(c) for c in children)}</li>"


def page(home: str, sections: Sequence[Entry]) -> str:
    """The 404 page's content (HTML)."""
    items = "".join(_item(entry) for entry in sections if entry.href != home)
    e = html.escape
    search = f'<label class="md-button" for="__search">{e(_("Search"))}</label>'
    start = f'<a class="md-button md-button--primary" href="{e(home, quote=True)}">{e(_("Home"))}</a>'
    return (
        f"<h1>{e(_('Page not found'))}</h1>"
        + "<p>" + e(_("There is no page at this address. The link may be mistyped, or the page may have moved: study, "
                      "source and claim pages are named after their record, which can be renamed.")) + "</p>"
        + f'<h2 id="search-the-atlas">{e(_("Search the atlas"))}</h2>'
        + "<p>" + e(_("{search} the atlas for a therapy, a study or a trial registration number (or press {key}).")).format(
            search=search, key="<kbd>/</kbd>") + "</p>"
        + f'<h2 id="start-again">{e(_("Start again"))}</h2>'
        + "<p>" + e(_("{home}: what is approved, what is in trials and what is sold without evidence, at a glance.")).format(
            home=start) + "</p>"
        + f"<ul>{items}</ul>"
    )
