"""Translatable text in the data (macros/translations.py): `{en: ..., zh: ...}` where the schema allows it, checked
like the English, reaching the model as Text and the Chinese edition in Chinese; coverage per kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import REPO

from macros import messages
from macros.cli import main
from macros.pipeline import load_atlas
from macros.render import escape, values
from macros.translations import Text, translatable_fields
from macros.validate import read_schemas

THERAPY = "content/therapies/th_a.yaml"
CLAIM = "content/claims/cl_a.yaml"


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def _translated(root: Path) -> Path:
    _edit(root, THERAPY, "  text: A therapy used only in tests.\n",
          "  text:\n    en: A therapy used only in tests.\n    zh: 仅用于测试的疗法。\n")
    _edit(root, CLAIM, "reasoning: One small uncontrolled trial.\n",
          "reasoning:\n  en: One small uncontrolled trial.\n")
    return root


def test_the_translatable_fields_are_the_reader_facing_texts() -> None:
    """Text readers see is translatable; identifiers, vocabulary values and what is quoted as published (a source's
    title and authors, a registration's official title, intervention and sponsor) are not."""
    schemas, _ = read_schemas(REPO)
    assert translatable_fields("therapies.schema.json", schemas) == {
        ("name",), ("short_name",), ("summary", "text"), ("cell_source", "text"), ("delivery", "route"),
        ("delivery", "site"), ("immunosuppression", "note"), ("developers", "*"), ("regulatory_status", "text"),
        ("unknowns", "*")}
    assert translatable_fields("claims.schema.json", schemas) == {
        ("claim",), ("origin", "name"), ("reasoning",), ("context", "text")}
    assert {("title",), ("outcomes", "*", "result"), ("adverse_events", "death_causes", "*"), ("limitations", "*")} \
        <= translatable_fields("studies.schema.json", schemas)
    assert translatable_fields("sources.schema.json", schemas) == {("summary",), ("provenance", "note")}
    assert translatable_fields("registrations.schema.json", schemas) == {("title",), ("conditions", "*"), ("notes", "*")}


def test_text_per_language_reaches_the_model_and_each_edition(fixture_root: Callable[..., Path]) -> None:
    result = load_atlas(_translated(fixture_root()))
    assert result.diagnostics == () and result.atlas is not None
    summary = result.atlas.therapies["th_a"].summary.text
    assert isinstance(summary, Text) and summary == "A therapy used only in tests."
    assert summary.in_language("zh") == "仅用于测试的疗法。"
    reasoning = result.atlas.claims["cl_a"].reasoning
    assert reasoning == "One small uncontrolled trial." and reasoning.in_language("zh") is None
    try:
        messages.use("zh")
        assert escape.text(summary) == "仅用于测试的疗法。"
        assert escape.text(reasoning) == "One small uncontrolled trial."  # not translated: the English
        assert values.data_text(summary) == "仅用于测试的疗法。"
        assert values.data_text(reasoning) == ('<span class="atlas-untranslated" lang="en" title="尚未翻译">'
                                               "One small uncontrolled trial.</span>")
    finally:
        messages.use("en")
    assert escape.text(summary) == values.data_text(summary) == "A therapy used only in tests."
    assert result.data["therapies"][0]["summary"]["text"] == {"en": "A therapy used only in tests.",
                                                              "zh": "仅用于测试的疗法。"}  # downloads keep both


def test_chinese_text_is_checked_as_the_english_is(fixture_root: Callable[..., Path]) -> None:
    root = _translated(fixture_root())
    _edit(root, THERAPY, "    zh: 仅用于测试的疗法。\n", "    zh: ''\n")
    result = load_atlas(root)
    assert [(d.path, d.rule) for d in result.diagnostics] == [(THERAPY, "schema-length")]
    assert result.atlas is None


def test_make_check_reports_translation_coverage_per_kind(fixture_root: Callable[..., Path], capsys) -> None:
    assert main(["check", "--root", str(_translated(fixture_root()))]) == 0
    out = capsys.readouterr().out
    assert "claims 0 of 3 field(s)" in out and "therapies 1 of 18 field(s)" in out
