"""The engine's words per language (macros/messages.py): the Chinese catalogue translates every label of the
vocabulary and every other message the engine writes, and holds nothing the engine no longer writes."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from macros import evidence, i18n, messages, registries, vocabulary
from macros.render import downloads, entities, home, tables, trials, values

ENGINE = Path(messages.__file__).resolve().parent
#: Messages the engine composes (not a literal at the call): msgctxt None, and "column" for headers.
MESSAGES = ("Last updated", "unknown", *(f"Table of {kind}" for kind in ("therapies", "studies", "registrations")),
            trials.FLAG, vocabulary.UNREAD)
HEADERS = ("Flag", "Date", "Where", "Regulator", "Decision", "Product", "Scope", "Event", "What", "Measure",
           "Result", "Meaning", "Claims", "Code", "Level", "Rule",
           "Studies in the atlas", "Source", "Kind", "Quality", "Confirmed fields", "Study", "Participants",
           "Follow-up (months)", "Region", "Aim", "File", "Records", "What it holds", "Category",
           "Cited by therapies and studies")
#: Calls whose first arguments are messages: name -> the msgctxt they use ("" for the call's own second argument).
CALLS = {"_": "", "translate": "", "headers": "column", "header_row": "column"}


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def written() -> set[tuple[str | None, str]]:
    """Every (msgctxt, message) the engine's source passes as a literal to translate() (also imported as `_`),
    headers() or header_row()."""
    found: set[tuple[str | None, str]] = set()
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _called(node) not in CALLS:
                continue
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
            if CALLS[_called(node)]:
                found |= {(CALLS[_called(node)], a) for a in args if a is not None}
            elif args and args[0] is not None:
                context = args[1] if len(args) > 1 else None
                found.add((context, args[0]))
    return found


def test_the_source_scan_finds_the_messages_of_each_kind_of_call() -> None:
    found = written()
    assert (None, "Context, not evidence:") in found  # messages.translate("...")
    assert (None, "Page not found") in found  # translate imported as _
    assert ("column", "Stage") in found and ("column", "Excluded study") in found  # header_row(), headers()
    assert ("column", "Also registered as") in found  # _(message, context)


def label_tables() -> list[messages.Labels]:
    found = [t for t in vars(vocabulary).values() if isinstance(t, messages.Labels)]
    return [*found, *vocabulary.MEANINGS.values(), values.FLAG]


def wanted() -> set[tuple[str | None, str]]:
    headers = {("column", fact.label) for kind in tables.COLUMNS.values() for fact in kind.values()}
    headers |= {("column", header) for header in HEADERS}
    facets = {("facet", f.label) for kind in tables.FACETS.values() for f in kind.values()}
    facets |= {("facet", label) for label in (*tables.SOURCE_FACETS.values(), "Flag", "Atlas therapy")}
    levels = {("evidence-level", lv.english_name) for lv in evidence.LEVELS}
    levels |= {("evidence-rule", lv.english_rule) for lv in evidence.LEVELS}
    levels |= {("registry-status", status) for status in registries.CTGOV_STATUS.values()}
    levels |= {("noun", noun) for pair in home.NOUNS for noun in pair}
    levels |= {("download", text) for text in downloads.DESCRIPTIONS.values()}
    levels |= {("backlink", what) for _, what in entities.BACKLINKS.values()}
    return ({(t.context, text) for t in label_tables() for text in t.english.values()} | headers | facets | levels
            | {(None, m) for m in MESSAGES} | written())


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT])
def test_every_message_has_a_translation_and_none_is_stale(lang: str) -> None:
    catalogue = messages.catalogue(lang)
    held = {(m.context, m.id): m for m in catalogue if m.id}
    missing = sorted(wanted() - held.keys(), key=str)
    assert not missing, f"{messages.catalogue_path(lang)} lacks (msgctxt, msgid): {missing[:10]}"
    stale = sorted(held.keys() - wanted(), key=str)
    assert not stale, f"{messages.catalogue_path(lang)} holds messages the engine no longer writes: {stale[:10]}"
    untranslated = [key for key, m in held.items() if not m.string or m.fuzzy]
    assert not untranslated, f"empty or fuzzy translations: {untranslated[:10]}"


def test_labels_read_in_the_language_of_the_edition_being_built() -> None:
    try:
        messages.use("zh")
        assert vocabulary.DESIGN["randomised-controlled"] == "随机对照试验"
        assert vocabulary.label("therapies", "origin", "allogeneic") == "异体"
        assert vocabulary.country("CN") == "中国" and vocabulary.country("XX") == "XX"
        assert vocabulary.MEANINGS["verdict"]["false"] == "与证据相矛盾。"
        assert messages.long_date(date(2024, 3, 4)) == "2024年3月4日"
        assert ">未知</span>" in values.UNKNOWN
    finally:
        messages.use("en")
    assert vocabulary.DESIGN["randomised-controlled"] == "randomised controlled"
    assert messages.long_date(date(2024, 3, 4)) == "4 March 2024"
    assert ">unknown</span>" in values.UNKNOWN


def test_a_message_no_catalogue_holds_stays_english_and_an_unknown_language_is_refused() -> None:
    assert messages.translate("no such message", lang="zh") == "no such message"
    with pytest.raises(ValueError, match="unknown language"):
        messages.use("fr")
