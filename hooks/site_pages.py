"""The MkDocs hook that adds the generated content (listed under `hooks:` in mkdocs.yml). A thin adapter: it adds the
pages and files that macros.generate computed to the site, and fills in what only the whole rendered site knows:
which pages cite a source, from what each page cited while it rendered (generated pages: `Generated.cited`; pages
with macros: the `CITED_META` the macros adapter sets). The atlas is the one the macros adapter loaded.

A page written by hand at the path of a generated page (the therapies' pages) replaces it only when its front
matter says `replaces_generated: true`; any other collision, and a declaration that replaces nothing, fail the
build. Each build counts the pages shown per record (the `pages` stage of macros/reconcile.py). In the live
preview, a content error replaces every page with the list of diagnostics.

Two editions (macros/i18n.py): mkdocs-static-i18n runs the whole build once per language. It cannot handle
`File.generated` files (its issue 263: it reads their `abs_src_path`, which is None), so this hook adds them after
the plugin has chosen the edition's files (a lower event priority), and puts the Chinese edition's pages and feed
under `zh/`, where the plugin would not: otherwise the Chinese pass overwrites the English pages. The downloads are
one dataset for both editions: every pass writes the English pass's bytes."""

from __future__ import annotations

import html
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros import i18n, messages
from macros.generate import FEED_PATH, Generated, generate
from macros.pipeline import Result, load_atlas_cached
from macros.reconcile import POST_BUILD_STAGES, SeenIds
from macros.render import descriptions, entities, not_found, trials
from macros.render.citations import CITED_META
from macros.render.errors import error_page

REPLACES = "replaces_generated"  #: front matter of a hand-written page that replaces a generated one
log = logging.getLogger("mkdocs.plugins.atlas.site")
_state: dict[str, Any] = {}
_downloads_of_this_build: dict[str, str] = {}  #: the English pass's downloads, kept for the later passes
_registrations_downloaded: dict[str, int] = {}  #: how many registrations those downloads hold (the ledger's stage)
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
    """The downloads of this pass: the English pass's, in every pass. They are one dataset, so a later pass does
    not make them again (generate's with_downloads), and its feed is its own."""
    if lang == i18n.DEFAULT:  # each build (and each `mkdocs serve` rebuild) starts with the English pass
        _downloads_of_this_build.clear()
        _downloads_of_this_build.update({path: text for path, text in files.items() if path != FEED_PATH})
        _registrations_downloaded["registrations"] = len(json.loads(files["data/registrations.json"]))
    return {**_downloads_of_this_build, FEED_PATH: files[FEED_PATH]}


def _live(config: Any) -> bool:
    """The live preview (`make serve`): the macros plugin's on_error_fail is off (mkdocs.yml)."""
    return not config.plugins["macros"].config["on_error_fail"]


def _declares_replacement(file: File) -> bool:
    return get_data(file.content_string)[1].get(REPLACES) is True


def _collisions(files: Files, generated: Generated) -> tuple[set[str], list[str]]:
    """The declared replacements, and every collision that is not declared or a declaration that replaces nothing."""
    replaced, problems = set(), []
    for src in generated.pages:
        written = files.get_file_from_path(src)
        if written is None:
            continue
        if _declares_replacement(written):
            replaced.add(src)
        else:
            problems.append(f"docs/{src} is written by hand, but the atlas generates this page from "
                            f"{generated.records[src]}: add `{REPLACES}: true` to its front matter if it replaces "
                            "the generated page, or move it")
    for file in files.documentation_pages():
        if file.src_uri not in generated.pages and _declares_replacement(file):
            problems.append(f"docs/{file.src_uri} says `{REPLACES}: true`, but no page is generated there")
    return replaced, problems


def _kind_of(src: str) -> str:
    """The kind of records a generated page shows (trial pages show registrations)."""
    kind = src.partition("/")[0]
    return "registrations" if kind == trials.FOLDER else kind


def _loaded(config: Any) -> Result:
    """This build's atlas: the one the macros adapter loaded (the pipeline keeps it until content/ changes)."""
    return load_atlas_cached(Path(config.config_file_path).parent)


def _problem(config: Any, message: str) -> None:
    """Fail the build; in the live preview, print the problem and go on."""
    if not _live(config):
        raise PluginError(message)
    log.error(message)


@event_priority(I18N_PRIORITY - 10)  # after mkdocs-static-i18n has picked this edition's files
def on_files(files: Files, config: Any) -> Files:
    _state.clear()
    lang = edition(config)
    messages.use(lang)  # the generated pages' words in this edition's language
    result = _loaded(config)
    if result.atlas is None:  # only in the live preview: the macros adapter stops any other build first
        _state["broken"] = [d.format() for d in result.diagnostics]
        return files
    generated: Generated = generate(result, Path(config.config_file_path).parent, config.site_url or "/",
                                    config.site_name, with_downloads=lang == i18n.DEFAULT)
    replaced, problems = _collisions(files, generated)
    for problem in problems:
        _problem(config, problem)
    added = set()
    for src, text in generated.pages.items():
        if files.get_file_from_path(src) is None:
            files.append(_generated(config, src, text, lang, inclusion=InclusionLevel.NOT_IN_NAV))
            added.add(src)
    for src, text in _downloads(lang, generated.files).items():
        if files.get_file_from_path(src) is not None:
            _problem(config, f"docs/{src} is written by hand, but the atlas generates it: delete docs/{src}")
            continue
        files.append(_generated(config, src, text, lang if src == FEED_PATH else i18n.DEFAULT))
    downloaded = dict(_registrations_downloaded)
    POST_BUILD_STAGES["registrations.json"] = lambda: downloaded
    shown = SeenIds(dict.fromkeys(_kind_of(src) for src in generated.pages))  # kinds with pages
    POST_BUILD_STAGES["pages"] = shown.counts
    _state.update(generated=generated, added=added, replaced=replaced, cited_on={}, shown=shown)
    i18n_plugin = config.plugins.get("i18n")
    if i18n_plugin is not None:  # its sitemap lists the pages it saw in on_files: add the generated ones
        i18n_plugin.i18n_files_per_language.setdefault(lang, []).extend(
            file for file in files if file.src_uri in added)
    return files


@event_priority(-100)  # after the macros plugin has rendered the page
def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    """In the live preview with content errors, every page lists them (escaped) instead."""
    if "broken" not in _state:
        return markdown
    page.meta["title"] = "Content errors"
    return error_page("The atlas' content has errors", _state["broken"],
                      "Fix the files named below and save: the preview rebuilds. `make check` lists the same.")


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """Every page has rendered its Markdown (and run its macros) before any page reaches on_page_context."""
    if "broken" in _state:
        return html
    src = page.file.src_uri
    if src in _state["added"] or src in _state["replaced"]:
        _state["shown"].add(_kind_of(src), [src.rpartition("/")[2][: -len(".md")]])
    cited = _state["generated"].cited[src] if src in _state["added"] else page.meta.get(CITED_META, ())
    for source_id in cited:
        if src != f"sources/{source_id}.md":
            _state["cited_on"].setdefault(source_id, []).append(page)
    return html


def _description(page: Any, generated: Generated, config: Any) -> str:
    """The page's meta description, escaped: its front matter's, else its record's, else its first paragraph (after
    its title, on a generated page that has no description of its own)."""
    src = page.file.src_uri
    text = page.meta.get("description") or generated.descriptions.get(src) or \
        descriptions.first_paragraph(page.content or "")
    if src in generated.titles and src not in generated.descriptions:
        text = html.unescape(generated.titles[src]) + (f": {text}" if text else "")
    if not text:
        _problem(config, f"docs/{src} has no paragraph of prose to describe it in search results: add "
                         "`description: ...` to its front matter")
        return ""
    return descriptions.attribute(str(text))


def on_page_context(context: dict[str, Any], page: Any, config: Any, **_: Any) -> dict[str, Any]:
    if "broken" in _state:
        return context
    generated: Generated = _state["generated"]
    src = page.file.src_uri
    page.meta["description"] = _description(page, generated, config)
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


def _entry(item: Any, root: str) -> not_found.Entry:
    """A nav item as a 404 page entry, its href from the site's root."""
    href = root + item.url if getattr(item, "url", None) is not None else None
    return not_found.Entry(item.title or "", href, tuple(_entry(c, root) for c in item.children or ()))


def on_template_context(context: dict[str, Any], template_name: str, config: Any, **_: Any) -> dict[str, Any]:
    """The 404 page's content: served at any address, so its links start at the site's root."""
    if template_name == "404.html":
        root = urlsplit(config.site_url or "/").path or "/"
        home = root + i18n.prefix(edition(config))  # the Chinese edition's 404 page leads to its own home
        context["atlas_not_found"] = not_found.page(home, [_entry(item, root) for item in context["nav"].items])
    return context
