"""MkDocs hook: the language switcher and hreflang alternates of every page, for both editions (macros/i18n.py).

mkdocs-static-i18n's own switcher (`reconfigure_material`) warns that it does not work with Material's
`navigation.instant`, and a strict build fails on that warning; it is off (mkdocs.yml). Instead this hook gives
each page, in `config.extra.alternate` (which Material renders as `<link rel="alternate" hreflang>` in the head and
as the switcher in the header), the URL of the same page in each edition. docs/assets/editions.js keeps the
switcher current across instant navigation and makes a link into the other edition load the page in full, so
`<html lang>`, the header and the search language always belong to the page shown.

Every pass writes the theme's static pages (404.html) and its sitemap (overrides/sitemap.xml: the pass's pages) to
the site root: the Chinese pass would overwrite the English ones with its own. After that pass, its files move to
zh/ and the English ones are put back, so sitemap.xml lists the English pages and zh/sitemap.xml the Chinese ones.

Each pass builds a new Jinja environment and would compile every theme template again: the compiled templates are
kept for the next pass (`on_env`), checked against each template's source as Jinja's own bytecode caches are.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import i18n

PER_EDITION = ("404.html", "sitemap.xml", "sitemap.xml.gz")  #: files every pass writes to the site root
_english: dict[str, bytes] = {}


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, by template; a template whose source changed is compiled again."""

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = (bucket.checksum, bucket.code)


_templates = CompiledTemplates()


def alternates(url: str) -> list[dict[str, str]]:
    """Material's `extra.alternate` entries for the page at site-root-relative `url`: one per edition."""
    return [{"name": language.name, "link": link or "./", "lang": language.hreflang}
            for language, link in ((i18n.LANGUAGES[lang], link) for lang, link in i18n.counterparts(url).items())]


def on_env(env: jinja2.Environment, **_: Any) -> jinja2.Environment:
    env.bytecode_cache = _templates
    return env


def on_page_context(context: dict[str, Any], page: Any, config: Any, **_: Any) -> dict[str, Any]:
    config.extra["alternate"] = alternates(page.url)
    return context


def on_post_build(config: Any) -> None:
    lang, site = config.theme["language"], Path(config.site_dir)
    for name in PER_EDITION:
        path = site / name
        if not path.is_file():
            continue
        if lang == i18n.DEFAULT:
            _english[name] = path.read_bytes()
        elif name in _english:
            (site / i18n.prefix(lang) / name).write_bytes(path.read_bytes())
            path.write_bytes(_english[name])
