"""Text that breaks other formats: characters XML 1.0 does not allow and Unicode non-characters are refused at
load with their position (one in a title made feed.xml ill-formed); and a tag on a key is not silently dropped."""

from __future__ import annotations

import pytest

from macros.load import load_text, modeline


def _found(body: str) -> list[tuple[int, int, str]]:
    _, found = load_text(modeline("glossary") + "\n" + body, "content/glossary/x.yaml", "glossary")
    return [(d.line, d.col, d.rule) for d in found]


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_non_characters_in_the_file_are_refused(char: str) -> None:
    assert _found(f"id: x\nterm: ab{char}c\n") == [(3, 9, "yaml-noncharacter")]


@pytest.mark.parametrize("escape", [r"\uFFFE", r"\uFFFF", r"\uFDD5", r"\U0002FFFF"])
def test_non_characters_written_as_escapes_are_refused(escape: str) -> None:
    assert _found(f'id: x\nterm: "ab{escape}"\n') == [(3, 7, "yaml-noncharacter")]


def test_a_lone_surrogate_escape_is_refused() -> None:
    assert [rule for *_, rule in _found('id: x\nterm: "a\\ud800"\n')] == ["yaml-syntax"]


@pytest.mark.parametrize("char", ["\ufffd", "\ue000", "\U0001f600", "\u00e9"])
def test_other_characters_load(char: str) -> None:
    assert _found(f"id: x\nterm: a{char}\n") == []


@pytest.mark.parametrize("tagged", ["!!str term: a", "!x term: a", "!<tag:yaml.org,2002:str> term: a"])
def test_a_tag_on_a_key_is_reported(tagged: str) -> None:
    assert _found(f"id: x\n{tagged}\n") == [(3, 1, "yaml-tag")]
