"""An Atom feed of changes to the evidence: studies and claims, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as xml

MAX_ENTRIES = 200


@dataclass(frozen=True)
class Entry:
    id: str          #: a stable URI (the record's page, or a tag: URI for records without a page)
    title: str
    link: str        #: absolute URL
    summary: str
    published: str   #: RFC 3339
    updated: str     #: RFC 3339


def atom(title: str, site_url: str, feed_url: str, updated: str, entries: Sequence[Entry]) -> str:
    """An Atom 1.0 document. Every text from data is XML-escaped."""
    shown = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:MAX_ENTRIES]
    items = "".join(
        "<entry>"
        f"<id>{xml(e.id)}</id><title>{xml(e.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{xml(e.link)}"/>'
        f"<published>{xml(e.published)}</published><updated>{xml(e.updated)}</updated>"
        f'<summary type="text">{xml(e.summary)}</summary>'
        "</entry>\n"
        for e in shown
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>{xml(feed_url)}</id><title>{xml(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href="{xml(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{xml(site_url)}"/>'
        f"<updated>{xml(updated)}</updated><author><name>{xml(title)}</name></author>\n"
        f"{items}</feed>\n"
    )
