"""The loader's one scalar policy, its positions, and its refusals."""

from __future__ import annotations

import tracemalloc

import pytest

from macros.load import MAX_DEPTH, load_text, modeline

HEAD = modeline("glossary") + "\n"


def load(body: str):
    return load_text(HEAD + body, "content/glossary/t.yaml", "glossary")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True), ("false", False), ("null", None), ("~", None), ("", None),
        ("12", 12), ("-3", -3), ("1.5", 1.5),
        ("2024-09-25", "2024-09-25"),  # dates stay text: the schema checks them
        ("007", "007"), ("1e3", "1e3"), ("0x1F", "0x1F"), (".inf", ".inf"), ("1_000", "1_000"),
        ('"no"', "no"), ("'true'", "true"), ('"12"', "12"),
    ],
)
def test_scalar_policy(text: str, value: object) -> None:
    record, diagnostics = load(f"id: t\nv: {text}\n")
    assert diagnostics == []
    assert record is not None and record.data["v"] == value
    assert type(record.data["v"]) is type(value)


@pytest.mark.parametrize("text", ["yes", "No", "ON", "off", "True", "FALSE", "Null", "y", "N"])
def test_yaml11_spellings_are_refused(text: str) -> None:
    record, diagnostics = load(f"id: t\nv: {text}\n")
    assert record is None
    assert [(d.rule, d.line, d.col) for d in diagnostics] == [("yaml-ambiguous", 3, 4)]


def test_positions_of_keys_and_values() -> None:
    record, _ = load("id: t\nterm: T\nlist:\n  - a\n  - {k: v}\n")
    assert record.position(("term",)) == (3, 7)
    assert record.position(("term",), key=True) == (3, 1)
    assert record.position(("list", 1, "k")) == (6, 9)
    assert record.position(("list", 1, "missing")) == (6, 5)  # nearest ancestor


def test_block_scalars_are_text() -> None:
    record, _ = load("id: t\nv: |\n  line one\n  true\n")
    assert record.data["v"] == "line one\ntrue\n"


def test_billion_laughs_is_refused_at_the_first_anchor_in_bounded_memory() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    tracemalloc.start()
    record, diagnostics = load("\n".join(lines) + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert record is None
    assert [(d.rule, d.line) for d in diagnostics] == [("yaml-anchor", 2)]
    assert peak < 2_000_000  # the expanded document would need gigabytes


def test_nesting_limit() -> None:
    ok, found = load("id: t\nv: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert found == [] and ok is not None
    _, found = load("id: t\nv: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert [d.rule for d in found] == ["yaml-too-deep"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!str 3", "!custom x", "!!binary aGk="])
def test_every_tag_is_refused(tag: str) -> None:
    record, diagnostics = load(f"id: t\nv: {tag}\n")
    assert record is None
    assert [d.rule for d in diagnostics] == ["yaml-tag"]


def test_all_tabs_are_reported_with_their_lines() -> None:
    _, diagnostics = load("id: t\nv:\n\t- a\n\t- b\n")
    assert [(d.rule, d.line) for d in diagnostics] == [("yaml-tab", 4), ("yaml-tab", 5)]


def test_a_modeline_error_does_not_hide_other_errors() -> None:
    record, diagnostics = load_text("id: t\nk: 1\nk: 2\n", "content/glossary/t.yaml", "glossary")
    assert [d.rule for d in diagnostics] == ["modeline", "yaml-duplicate-key"]
    assert record is None
