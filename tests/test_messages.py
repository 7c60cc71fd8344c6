"""The engine's words per language (macros/messages.py): the Chinese catalogue translates every label of the
vocabulary and every other message the engine writes, and holds nothing the engine no longer writes."""

from __future__ import annotations

from datetime import date

import pytest

from macros import i18n, messages, vocabulary
from macros.render import tables, values

#: The engine's messages outside the vocabulary and the subjects' facts (msgctxt None, and "column" for headers).
MESSAGES = ("Last updated", "No records match.", "No regulatory decision in the atlas concerns this.", "Not yet known",
            "unknown", "No source read gives this value", "not yet translated", "None", "Context, not evidence:")
HEADERS = ("Date", "Where", "Regulator", "Decision", "Product", "Scope", "Event", "What", "Fact", "Value", "Measure",
           "Result", "Claim", "Verdict", "Why", "Studies", "Meaning", "Claims", "Code", "Level", "Rule",
           "Studies in the atlas", "Source", "Kind", "Quality", "Confirmed fields", "Study", "Participants",
           "Follow-up (months)", "Region", "Aim", "File", "Records", "What it holds", "Category",
           "Cited by therapies and studies")


def label_tables() -> list[messages.Labels]:
    found = [t for t in vars(vocabulary).values() if isinstance(t, messages.Labels)]
    return [*found, *vocabulary.MEANINGS.values(), values.FLAG]


def wanted() -> set[tuple[str | None, str]]:
    headers = {("column", fact.label) for kind in tables.COLUMNS.values() for fact in kind.values()}
    headers |= {("column", header) for header in HEADERS}
    return ({(t.context, text) for t in label_tables() for text in t.english.values()} | headers
            | {(None, m) for m in MESSAGES})


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
