"""The mkdocs-macros adapter (`module_name` in mkdocs.yml): loads the atlas once per build and registers the
macros; the engine (macros/) does the work, nothing is decided here.

Pages opt in with `render_macros: true` in their front matter. Each macro call in a page sits under an HTML
comment naming the YAML it draws from. Every build reconciles its counts (macros/reconcile.py): the YAML files
per kind, the records loaded, the model and the rows of the site's tables must agree, or the build fails.

A content error or a macro error fails `make site` (exit status 1, the diagnostics printed, no traceback). In the
live preview (`make serve` sets the plugin's `on_error_fail` to false through mkdocs.yml) nothing stops the
server: the diagnostics are printed and shown on the pages instead, and the next good save rebuilds the site.
"""

from __future__ import annotations

import functools
import inspect
import logging
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.exceptions import BuildError
from mkdocs.utils.meta import get_data

_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:  # mkdocs-macros loads this file by path; the engine is the package `macros`
    sys.path.insert(0, _PROJECT)

from macros import history, messages
from macros.diagnostics import RULES
from macros.load import CONTENT_DIR
from macros.model import KINDS
from macros.pipeline import load_atlas_cached
from macros.reconcile import POST_BUILD_STAGES, CountMismatch, Ledger, SeenIds
from macros.render import (
    approvals,
    badges,
    chart,
    claims,
    facts,
    flow,
    glossary,
    home,
    rules_reference,
    scale,
    schema_reference,
    sources,
    studies,
    tables,
    therapy,
    trials,
)
from macros.render.citations import CITED_META, PageCitations
from macros.render.downloads import index_listing
from macros.render.errors import error_block, error_page
from macros.render.links import DATA_DIR, linker, relative

log = logging.getLogger("mkdocs.plugins.atlas")  # under "mkdocs": --strict counts its warnings
_state: dict[str, Any] = {}
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
_MACROS_PLUGIN_ERROR = ("# _Macro Rendering Error_", "# _Macro Syntax Error_")  #: mkdocs-macros' error pages


def is_live(env: Any) -> bool:
    """The live preview: macro errors are shown on the page rather than stopping the build (mkdocs.yml)."""
    return not env.config["on_error_fail"]


def define_env(env: Any) -> None:
    """Called by mkdocs-macros once per build (once per edition: mkdocs-static-i18n builds each in turn)."""
    messages.use(env.conf.theme["language"])  # the engine's words in this edition's language
    result = load_atlas_cached(Path(env.project_dir))  # reused across `mkdocs serve` rebuilds until content changes
    for diagnostic in result.diagnostics:
        (log.error if result.failed() else log.warning)(diagnostic.format())
    _state.clear()
    _state["live"] = is_live(env)
    if result.atlas is None:
        if not _state["live"]:
            raise SystemExit(f"content/ has errors: run `make check` ({len(result.diagnostics)} problem(s) above)")
        _state["broken"] = [d.format() for d in result.diagnostics]
        log.error("content/ has errors: every page shows them until the next good save")
        return
    _state["result"] = result
    atlas = _state["atlas"] = result.atlas
    ledger = _state["ledger"] = Ledger.of_files(Path(env.project_dir), result.loaded)
    ledger.record("loaded", result.loaded)
    ledger.record("model", atlas.counts())
    shown = _state["tables"] = SeenIds(tables.COLUMNS)
    POST_BUILD_STAGES["tables"] = shown.counts
    schemas = result.schemas
    macro = _guarded_registrar(env)

    @macro
    def cite(*ids: str) -> str:
        """Footnote references to sources: {{ cite("source_id", ...) }}."""
        return _state["page"](ids)

    def data_table(kind: str, columns: Sequence[str], where: Mapping[str, Any] | None, allow_empty: bool,
                   details: Sequence[str] | None) -> str:
        rows = tables.select(atlas, kind, where, allow_empty)
        shown.add(kind, (row.id for row in rows))
        return tables.data_table(tables.table(atlas, kind, rows, columns, _state["page"], _state["link"], details),
                                 kind, _state["src"])

    @macro
    def comparison_table(kind: str, columns: Sequence[str], where: Mapping[str, Any] | None = None,
                         allow_empty: bool = False, details: Sequence[str] | None = None) -> str:
        """A table of `kind` records matching `where`, with the named columns (allow_empty: no match is fine;
        details: the columns that wait in expandable rows)."""
        return data_table(kind, columns, where, allow_empty, details)

    @macro
    def study_table(columns: Sequence[str] = tables.DEFAULT_STUDY_COLUMNS, where: Mapping[str, Any] | None = None,
                    allow_empty: bool = False, details: Sequence[str] | None = None) -> str:
        """A table of studies matching `where`."""
        return data_table("studies", columns, where, allow_empty, details)

    @macro
    def fact(kind: str, record_id: str, field: str) -> str:
        """One field of one record, inline, with its citation."""
        return facts.fact(atlas, kind, record_id, field, _state["page"])

    @macro
    def data_model_reference() -> str:
        """Every kind and field of the data model, from schemas/."""
        return schema_reference.reference(schemas, KINDS)

    @macro
    def rule_reference() -> str:
        """Every diagnostic rule id with its severity, meaning and fix."""
        return rules_reference.reference(RULES.values())

    @macro
    def therapy_sheet(therapy_id: str) -> str:
        """A therapy's fact sheet: every field, cited, and what is not yet known."""
        return therapy.fact_sheet(atlas, therapy_id, _state["page"])

    @macro
    def table_terms(columns: Sequence[str] = tables.DEFAULT_STUDY_COLUMNS, where: Mapping[str, Any] | None = None,
                    allow_empty: bool = False) -> str:
        """The glossary terms that a study table with `columns` of the studies matching `where` mentions, linked."""
        headers = (tables.COLUMNS["studies"][c].label for c in columns)
        texts = glossary.study_texts(tables.select(atlas, "studies", where, allow_empty), headers)
        return glossary.terms_line(atlas, texts, relative(_state["src"], "glossary.md"))

    @macro
    def study_details(where: Mapping[str, Any] | None = None, allow_empty: bool = False) -> str:
        """Studies matching `where` in full: every outcome, harms including deaths, limitations."""
        return studies.study_details(atlas, tables.select(atlas, "studies", where, allow_empty), _state["page"])

    @macro
    def claims_table(where: Mapping[str, Any] | None = None, allow_empty: bool = False) -> str:
        """Checked claims matching `where` (e.g. {"origin_paragraph": 2}), with verdicts and evidence."""
        return claims.claims_table(atlas, tables.select(atlas, "claims", where, allow_empty), _state["page"],
                                   _state["link"])

    @macro
    def verdict_counts() -> str:
        """How many claims received each verdict of the closed set."""
        return claims.verdict_counts(list(atlas.claims.values()))

    @macro
    def approvals_table(where: Mapping[str, Any] | None = None, allow_empty: bool = False) -> str:
        """Regulatory decisions matching `where`, dated ones first in date order."""
        return approvals.approvals_table(atlas, tables.select(atlas, "approvals", where, allow_empty), _state["page"])

    @macro
    def timeline() -> str:
        """Every dated study publication and regulatory decision, in date order."""
        return approvals.timeline(atlas, _state["page"])

    @macro
    def glossary_list() -> str:
        """Every glossary term as a section with an anchor."""
        return glossary.glossary(atlas, _state["page"])

    @macro
    def evidence_levels() -> str:
        """The evidence scale from macros/evidence.py, with how many studies reach each level."""
        return scale.evidence_levels(list(atlas.studies.values()))

    @macro
    def study_flow() -> str:
        """Studies identified, included and excluded by reason, then every excluded study with its reason."""
        return flow.study_flow(atlas) + "\n\n" + flow.exclusions_table(atlas, _state["page"])

    @macro
    def sources_table(where: Mapping[str, Any] | None = None, allow_empty: bool = False) -> str:
        """Sources matching `where` (e.g. {"quality": "primary"}) with their confirmed fields."""
        return sources.sources_table(tables.select(atlas, "sources", where, allow_empty), _state["page"])

    @macro
    def study_chart() -> str:
        """Every study placed by participants and follow-up (accessible SVG), with its data as a table."""
        return chart.figure(atlas, _state["link"], _state["page"])

    @macro
    def evidence_legend() -> str:
        """What each evidence level means (the badges' legend)."""
        return badges.legend()

    @macro
    def source_table() -> str:
        """Every source, linked to its page."""
        return tables.data_table(tables.source_table(atlas, _state["link"]), "sources", _state["src"])

    today = history.build_date()[:10]

    @macro
    def trial_finder() -> str:
        """Every registration in one data table (facets, sort keys, cards on phones), and its downloads."""
        shown.add("registrations", atlas.registrations)
        return trials.finder(atlas, today, _state["src"])

    @macro
    def trial_chart() -> str:
        """Registered trials per start year, China and elsewhere (accessible SVG and its table)."""
        return trials.chart(atlas)

    @macro
    def trial_flow() -> str:
        """The PRISMA-style flow of registrations: found per registry, screened, excluded, included."""
        return trials.flow(atlas)

    @macro
    def trial_count(key: str) -> str:
        """One count of registrations (registrations, trials, china, elsewhere, completed_no_results…)."""
        return trials.count_text(atlas, today, key)

    @macro
    def trial_calendars() -> str:
        """The calendars of upcoming primary completions (overall and per therapy), with their counts."""
        return trials.calendars_list(atlas, today, _state["src"])

    @macro
    def registries_covered() -> str:
        """Which registries are read, and how."""
        return trials.registries_covered()

    @macro
    def at_a_glance() -> str:
        """The home page's summary: approved, in trials, sold without evidence, counts and the latest changes."""
        past = history.read(Path(env.project_dir), tuple(f"{CONTENT_DIR}/{k}" for k in home.CHANGING_KINDS))
        return home.glance(atlas, _state["page"], _state["src"], home.record_dates(atlas, past.dates, CONTENT_DIR))

    @macro
    def data_files() -> str:
        """The downloads, with what each holds (the Data page)."""
        return index_listing(atlas, lambda path: relative(_state["src"], f"{DATA_DIR}/{path}"))


def _guarded_registrar(env: Any) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """`env.macro`, with every error of a call reported as PAGE:LINE: message (see `_fail`)."""
    def register(function: Callable[..., str]) -> Callable[..., str]:
        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> str:
            try:
                return function(*args, **kwargs)
            except Exception as err:  # noqa: BLE001 - any error of a macro call is reported where the call is
                return _fail(env, f"{_call_site(env)}: {function.__name__}(): {err}")
        return env.macro(call)
    return register


def _call_site(env: Any) -> str:
    """docs/PAGE.md:LINE of the macro call being rendered (Jinja maps its frames back to template lines)."""
    src, line = f"docs/{env.page.file.src_uri}", None
    frame = inspect.currentframe()
    while frame is not None and line is None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(frame.f_lineno) + _state.get("front_matter_lines", 0)
        frame = frame.f_back
    del frame
    return f"{src}:{line}" if line else src


def _fail(env: Any, message: str) -> str:
    """A page that cannot be built: stop `make site`; in the live preview, show the error where it happened."""
    log.error(message)
    if not _state["live"]:
        raise SystemExit(f"a page has errors: {message}")
    return error_block(message)


def on_pre_page_macros(env: Any) -> None:
    if "broken" in _state:
        env.markdown = ""  # the site hook shows the content errors instead (hooks/site_pages.py)
        return
    raw = env.page.file.content_string
    body = get_data(raw)[0]  # the page without its front matter, as MkDocs reads it
    _state["front_matter_lines"] = raw[: len(raw) - len(body)].count("\n") if raw.endswith(body) else 0
    _state["body"] = env.markdown  # as written: hand-written footnotes are found (and their lines counted) here
    _state["page"] = PageCitations(_state["atlas"].sources)
    _state["src"] = env.page.file.src_uri
    _state["link"] = linker(env.page.file.src_uri)


def on_post_page_macros(env: Any) -> None:
    if "broken" in _state:
        return
    citations: PageCitations = _state.pop("page")
    if _state["live"] and env.markdown.startswith(_MACROS_PLUGIN_ERROR):  # a Jinja error, shown by mkdocs-macros
        env.markdown = error_page("This page has a macro error", env.markdown.splitlines(),
                                  "Fix the page and save: the preview rebuilds.")
        return
    body = _state["body"]
    own = {m.group(1): m.start() for m in _FOOTNOTE_DEFINITION.finditer(body)}
    for source_id in citations.cited:
        if source_id in own:
            line = body.count("\n", 0, own[source_id]) + 1 + _state["front_matter_lines"]
            env.markdown += _fail(env, f"docs/{env.page.file.src_uri}:{line}: footnote [^{source_id}] is defined by "
                                       f"hand, and cite(\"{source_id}\") would replace it with the reference: "
                                       "rename the hand-written footnote")
    env.page.meta[CITED_META] = citations.cited  # what this page cites, in footnote order (hooks/site_pages.py)
    env.markdown += citations.references()


def on_post_build(env: Any) -> None:
    """Fail the build if any stage shows more or fewer records than content/ holds."""
    if "broken" in _state:
        return
    ledger: Ledger = _state["ledger"]
    for stage, count in POST_BUILD_STAGES.items():
        ledger.record(stage, count())
    try:
        ledger.verify()
    except CountMismatch as err:
        if not _state["live"]:
            raise BuildError(str(err)) from None
        log.error(str(err))
        return
    log.info(ledger.summary())
