"""Where generated pages live and how one page links to another: pure path arithmetic, no MkDocs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

#: Kinds with a page per record, in the folder (under docs/) of the kind's name: therapies' pages are written by
#: hand, studies' and sources' pages are generated (render/entities.py).
ENTITY_KINDS = ("therapies", "studies", "sources")
DATA_DIR = "data"

#: A function giving the Markdown link target of a record's page from the page being rendered.
Link = Callable[[str, str], str]


def entity_src(kind: str, record_id: str) -> str:
    """The docs-relative path of a record's generated page."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"no pages are generated for {kind!r}; pages exist for: {', '.join(ENTITY_KINDS)}")
    return f"{kind}/{record_id}.md"


def relative(from_src: str, to_path: str) -> str:
    """A link target from the page at docs-relative `from_src` to the docs-relative file `to_path`."""
    return posixpath.relpath(to_path, posixpath.dirname(from_src) or ".")


def linker(from_src: str) -> Link:
    """The Link function of the page at `from_src`."""
    return lambda kind, record_id: relative(from_src, entity_src(kind, record_id))


def url_of(src: str) -> str:
    """The directory URL MkDocs gives a Markdown file (use_directory_urls): 'studies/x.md' -> 'studies/x/'."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
