"""The MkDocs hook that adds the generated content (listed under `hooks:` in mkdocs.yml). A thin adapter: it adds the
pages and files that macros.generate computed to the site, and fills in what only the whole rendered site knows:
which pages cite a source, from what each page cited while it rendered (generated pages: `Generated.cited`; pages
with macros: the `CITED_META` the macros adapter sets). The atlas is the one the macros adapter loaded.

Two editions (macros/i18n.py): mkdocs-static-i18n runs the whole build once per language. It cannot handle
`File.generated` files (its issue 263: it reads their `abs_src_path`, which is None), so this hook adds them after
the plugin has chosen the edition's files (a lower event priority), and puts the Chinese edition's pages and feed
under `zh/`, where the plugin would not: otherwise the Chinese pass overwrites the English pages. The downloads are
one dataset for both editions: every pass writes the English pass's bytes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import i18n, messages
from macros.generate import FEED_PATH, Generated, generate
from macros.pipeline import Result, load_atlas_cached
from macros.render import entities
from macros.render.citations import CITED_META

_state: dict[str, Any] = {"downloads": {}}
I18N_PRIORITY = -100  #: mkdocs-static-i18n's on_files priority


def edition(config: Any) -> str:
    """The language of the edition being built (mkdocs-static-i18n sets theme.language per pass)."""
    return config.theme["language"]


def _generated(config: Any, src: str, text: str, lang: str, **kwargs: Any) -> File:
    """A generated file placed in the folder of edition `lang`, with the attributes mkdocs-static-i18n's sitemap
    reads (its own files carry them)."""
    file = File.generated(config, src, content=text, **kwargs)
    file.dest_uri = i18n.prefix(lang) + file.dest_uri
    file.locale = file.locale_alternate_of = lang
    file.alternates = {lang: file}
    return file


def _downloads(lang: str, files: dict[str, str]) -> dict[str, str]:
    """The downloads of this pass: the English pass's, in every pass. They are one dataset, and a later pass would
    otherwise write its own (another build time) over them."""
    if lang == i18n.DEFAULT:  # each build (and each `mkdocs serve` rebuild) starts with the English pass
        _state["downloads"] = {path: text for path, text in files.items() if path != FEED_PATH}
    return {**_state["downloads"], FEED_PATH: files[FEED_PATH]}


def _loaded(config: Any) -> Result:
    """This build's atlas: the one the macros adapter loaded (the pipeline keeps it until content/ changes)."""
    return load_atlas_cached(Path(config.config_file_path).parent)


@event_priority(I18N_PRIORITY - 10)  # after mkdocs-static-i18n has picked this edition's files
def on_files(files: Files, config: Any) -> Files:
    lang = edition(config)
    messages.use(lang)  # the generated pages' words in this edition's language
    generated: Generated = generate(_loaded(config), Path(config.config_file_path).parent, config.site_url or "/",
                                    config.site_name)
    added = set()
    for src, text in generated.pages.items():
        if files.get_file_from_path(src) is None:  # a page written by hand for this record replaces the generated one
            files.append(_generated(config, src, text, lang, inclusion=InclusionLevel.NOT_IN_NAV))
            added.add(src)
    for src, text in _downloads(lang, generated.files).items():
        if files.get_file_from_path(src) is not None:
            raise SystemExit(f"docs/{src} is written by hand, but the atlas generates it: delete docs/{src}")
        files.append(_generated(config, src, text, lang if src == FEED_PATH else i18n.DEFAULT))
    _state.update(generated=generated, added=added, cited_on={})
    i18n_plugin = config.plugins.get("i18n")
    if i18n_plugin is not None:  # its sitemap lists the pages it saw in on_files: add the generated ones
        i18n_plugin.i18n_files_per_language.setdefault(lang, []).extend(
            file for file in files if file.src_uri in added)
    return files


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """Every page has rendered its Markdown (and run its macros) before any page reaches on_page_context."""
    src = page.file.src_uri
    cited = _state["generated"].cited[src] if src in _state["added"] else page.meta.get(CITED_META, ())
    for source_id in cited:
        if src != f"sources/{source_id}.md":
            _state["cited_on"].setdefault(source_id, []).append(page)
    return html


def on_page_context(context: dict[str, Any], page: Any, config: Any, **_: Any) -> dict[str, Any]:
    generated: Generated = _state["generated"]
    src = page.file.src_uri
    if src not in _state["added"]:
        return context
    kind, _, name = src.partition("/")
    if kind == "sources":
        citing = _state["cited_on"].get(name[:-3], [])
        links = [(p.title or p.file.src_uri, get_relative_url(p.url or ".", page.url)) for p in citing]
        page.content = page.content.replace(entities.CITED_ON_MARKER, entities.cited_on(links))
    if src in generated.jsonld:
        page.meta["atlas_jsonld"] = generated.jsonld[src]
    if src in generated.titles:
        page.meta["title"] = generated.titles[src]
    if src in generated.records and config.repo_url and config.edit_uri:
        # "Edit this page" opens the YAML record the page is generated from
        project = Path(config.config_file_path).parent
        record = os.path.relpath(project / generated.records[src], config.docs_dir).replace(os.sep, "/")
        page.edit_url = urljoin(urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri), record)
    return context
