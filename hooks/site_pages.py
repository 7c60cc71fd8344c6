"""The MkDocs hook that adds the generated content (listed under `hooks:` in mkdocs.yml). A thin adapter: it adds the
pages and files that macros.generate computed to the site, and fills in what only the rendered site knows
(which pages cite a source). The atlas is the one the macros adapter loaded for this build."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # MkDocs loads hooks by path; the engine is imported as the package `macros`
    sys.path.insert(0, _PROJECT)
from macros.generate import Generated, generate
from macros.pipeline import Result, load_atlas_cached
from macros.reconcile import POST_BUILD_STAGES
from macros.render import entities, trials

_FOOTNOTE_REF = re.compile(r'href="#fn:([^"]+)"')
_state: dict[str, Any] = {}


def _loaded(config: Any) -> Result:
    """This build's atlas: the one the macros adapter loaded (the pipeline keeps it until content/ changes)."""
    return load_atlas_cached(Path(config.config_file_path).parent)


def on_files(files: Files, config: Any) -> Files:
    loaded = _loaded(config)
    generated: Generated = generate(loaded, Path(config.config_file_path).parent, config.site_url or "/",
                                    config.site_name)
    added = set()
    for src, text in generated.pages.items():
        if files.get_file_from_path(src) is None:  # a page written by hand for this record replaces the generated one
            files.append(File.generated(config, src, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
            added.add(src)
    for src, text in generated.files.items():
        if files.get_file_from_path(src) is not None:
            raise SystemExit(f"docs/{src} is written by hand, but the atlas generates it: delete docs/{src}")
        files.append(File.generated(config, src, content=text))
    # the sources of this build, kept for every page (looking the atlas up per page would snapshot content/ each time)
    _state.update(generated=generated, added=added, cited_on={}, sources=loaded.atlas.sources)
    shown = {"registrations": sum(src.startswith(trials.FOLDER + "/") and src != trials.INDEX_SRC for src in added)}
    downloaded = {"registrations": len(json.loads(generated.files["data/registrations.json"]))}
    POST_BUILD_STAGES["trial pages"] = lambda: shown
    POST_BUILD_STAGES["registrations.json"] = lambda: downloaded
    return files


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    sources = _state["sources"]
    own = page.file.src_uri
    for source_id in dict.fromkeys(_FOOTNOTE_REF.findall(html)):
        if source_id in sources and own != f"sources/{source_id}.md":
            _state["cited_on"].setdefault(source_id, []).append(page)
    return html


def on_page_context(context: dict[str, Any], page: Any, config: Any, **_: Any) -> dict[str, Any]:
    generated: Generated = _state["generated"]
    src = page.file.src_uri
    if src not in _state["added"]:
        return context
    kind, _, name = src.partition("/")
    if kind == "sources" and name.endswith(".md") and src in generated.pages:
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
