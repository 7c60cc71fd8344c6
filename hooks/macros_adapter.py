"""The mkdocs-macros adapter (`module_name` in mkdocs.yml): loads the atlas once per build and registers the
macros; the engine (macros/) does the work, nothing is decided here.

Pages opt in with `render_macros: true` in their front matter. Each macro call in a page sits under an HTML
comment naming the YAML it draws from. Every build reconciles its counts (macros/reconcile.py): the YAML files
per kind, the records loaded, the model and the rows of the site's tables must agree, or the build fails.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.exceptions import BuildError

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # mkdocs-macros loads this file by path; the engine is the package `macros`
    sys.path.insert(0, _PROJECT)

from macros import messages
from macros.diagnostics import RULES
from macros.model import KINDS
from macros.pipeline import load_atlas_cached
from macros.reconcile import POST_BUILD_STAGES, CountMismatch, Ledger, SeenIds
from macros.render import (
    approvals,
    badges,
    chart,
    claims,
    facts,
    glossary,
    rules_reference,
    scale,
    schema_reference,
    sources,
    studies,
    tables,
    therapy,
)
from macros.render.citations import CITED_META, PageCitations
from macros.render.downloads import index_listing
from macros.render.links import DATA_DIR, linker, relative

log = logging.getLogger("mkdocs.plugins.atlas")  # under "mkdocs": --strict counts its warnings
_state: dict[str, Any] = {}


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (once per edition: mkdocs-static-i18n builds each in turn)."""
    messages.use(env.conf.theme["language"])  # the engine's words in this edition's language
    result = load_atlas_cached(Path(env.project_dir))  # reused across `mkdocs serve` rebuilds until content changes
    for diagnostic in result.diagnostics:
        (log.error if result.failed() else log.warning)(diagnostic.format())
    if result.atlas is None:
        raise SystemExit(f"content/ has errors: run `make check` ({len(result.diagnostics)} problem(s) above)")
    _state["result"] = result
    atlas = _state["atlas"] = result.atlas
    ledger = _state["ledger"] = Ledger.of_files(Path(env.project_dir), result.loaded)
    ledger.record("loaded", result.loaded)
    ledger.record("model", atlas.counts())
    shown = _state["tables"] = SeenIds(tables.COLUMNS)
    POST_BUILD_STAGES["tables"] = shown.counts
    schemas = result.schemas

    @env.macro
    def cite(*ids: str) -> str:
        """Footnote references to sources: {{ cite("source_id", ...) }}."""
        return _state["page"](ids)

    @env.macro
    def comparison_table(kind: str, columns: Sequence[str], where: Mapping[str, Any] | None = None) -> str:
        """A table of `kind` records matching `where`, with the named columns."""
        rows = tables.select(atlas, kind, where)
        shown.add(kind, (row.id for row in rows))
        return tables.data_table(tables.table(atlas, kind, rows, columns, _state["page"], _state["link"]),
                                 kind, _state["src"])

    @env.macro
    def study_table(columns: Sequence[str] = tables.DEFAULT_STUDY_COLUMNS, where: Mapping[str, Any] | None = None) -> str:
        """A table of studies matching `where`."""
        return comparison_table("studies", columns, where)

    @env.macro
    def fact(kind: str, record_id: str, field: str) -> str:
        """One field of one record, inline, with its citation."""
        return facts.fact(atlas, kind, record_id, field, _state["page"])

    @env.macro
    def data_model_reference() -> str:
        """Every kind and field of the data model, from schemas/."""
        return schema_reference.reference(schemas, KINDS)

    @env.macro
    def rule_reference() -> str:
        """Every diagnostic rule id with its severity, meaning and fix."""
        return rules_reference.reference(RULES.values())

    @env.macro
    def therapy_sheet(therapy_id: str) -> str:
        """A therapy's fact sheet: every field, cited, and what is not yet known."""
        return therapy.fact_sheet(atlas, therapy_id, _state["page"])

    @env.macro
    def study_details(where: Mapping[str, Any] | None = None) -> str:
        """Studies matching `where` in full: every outcome, harms including deaths, limitations."""
        return studies.study_details(atlas, tables.select(atlas, "studies", where), _state["page"])

    @env.macro
    def claims_table(where: Mapping[str, Any] | None = None) -> str:
        """Checked claims matching `where` (e.g. {"origin_paragraph": 2}), with verdicts and evidence."""
        return claims.claims_table(atlas, tables.select(atlas, "claims", where), _state["page"])

    @env.macro
    def verdict_counts() -> str:
        """How many claims received each verdict of the closed set."""
        return claims.verdict_counts(list(atlas.claims.values()))

    @env.macro
    def approvals_table(where: Mapping[str, Any] | None = None) -> str:
        """Regulatory decisions matching `where`, dated ones first in date order."""
        return approvals.approvals_table(atlas, tables.select(atlas, "approvals", where), _state["page"])

    @env.macro
    def timeline() -> str:
        """Every dated study publication and regulatory decision, in date order."""
        return approvals.timeline(atlas, _state["page"])

    @env.macro
    def glossary_list() -> str:
        """Every glossary term as a section with an anchor."""
        return glossary.glossary(atlas, _state["page"])

    @env.macro
    def evidence_levels() -> str:
        """The evidence scale from macros/evidence.py, with how many studies reach each level."""
        return scale.evidence_levels(list(atlas.studies.values()))

    @env.macro
    def sources_table(where: Mapping[str, Any] | None = None) -> str:
        """Sources matching `where` (e.g. {"quality": "primary"}) with their confirmed fields."""
        return sources.sources_table(tables.select(atlas, "sources", where), _state["page"])

    @env.macro
    def study_chart() -> str:
        """Every study placed by participants and follow-up (accessible SVG), with its data as a table."""
        return chart.figure(atlas, _state["link"], _state["page"])

    @env.macro
    def evidence_legend() -> str:
        """What each evidence level means (the badges' legend)."""
        return badges.legend()

    @env.macro
    def source_table() -> str:
        """Every source, linked to its page."""
        return tables.data_table(tables.source_table(atlas, _state["link"]), "sources", _state["src"])

    @env.macro
    def data_files() -> str:
        """The downloads, with what each holds (the Data page)."""
        return index_listing(atlas, lambda path: relative(_state["src"], f"{DATA_DIR}/{path}"))


def on_pre_page_macros(env: Any) -> None:
    _state["page"] = PageCitations(_state["atlas"].sources)
    _state["src"] = env.page.file.src_uri
    _state["link"] = linker(env.page.file.src_uri)


def on_post_page_macros(env: Any) -> None:
    page: PageCitations = _state.pop("page")
    env.page.meta[CITED_META] = page.cited  # what this page cites, in footnote order (hooks/site_pages.py reads it)
    env.markdown += page.references()


def on_post_build(env: Any) -> None:
    """Fail the build if any stage shows more or fewer records than content/ holds."""
    ledger: Ledger = _state["ledger"]
    for stage, count in POST_BUILD_STAGES.items():
        ledger.record(stage, count())
    try:
        ledger.verify()
    except CountMismatch as err:
        raise BuildError(str(err)) from None
    log.info(ledger.summary())
