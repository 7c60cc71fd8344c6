"""The loader builds plain scalars inline (without a call per value): the refusals and positions must not change."""

from __future__ import annotations

import pytest

from macros.load import MAX_DEPTH, load_text, modeline

HEAD = modeline("glossary") + "\n"


def load(body: str):
    return load_text(HEAD + body, "content/glossary/t.yaml", "glossary")


def nested(levels: int, leaf: str) -> str:
    """`levels` nested block mappings below the top level, ending in `leaf` (a scalar at depth levels + 2)."""
    text = "id: t\n"
    for i in range(levels):
        text += "  " * i + f"k{i}:\n"
    return text + "  " * levels + f"leaf: {leaf}\n"


def test_scalars_in_sequences_and_mappings_keep_their_positions() -> None:
    record, found = load("id: t\nv:\n  - a\n  - [b, 'c', 3]\n  - k: x\n    j: [1, {m: z}]\n")
    assert found == [] and record is not None
    assert record.data["v"] == ["a", ["b", "c", 3], {"k": "x", "j": [1, {"m": "z"}]}]
    assert record.position(("v", 0)) == (4, 5)
    assert record.position(("v", 1, 1)) == (5, 9)
    assert record.position(("v", 1, 2)) == (5, 14)
    assert record.position(("v", 2, "k")) == (6, 8)
    assert record.position(("v", 2, "j", 1, "m")) == (7, 16)
    assert record.position(("v", 2, "j"), key=True) == (7, 5)


def test_a_scalar_at_the_depth_limit_is_accepted_and_one_below_it_refused() -> None:
    ok, found = load(nested(MAX_DEPTH - 2, "x"))  # the leaf value is at depth MAX_DEPTH
    assert found == [] and ok is not None
    _, found = load(nested(MAX_DEPTH - 1, "x"))
    assert [d.rule for d in found] == ["yaml-too-deep"]
    _, found = load("id: t\nv: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n")
    assert [d.rule for d in found] == ["yaml-too-deep"]


@pytest.mark.parametrize(("body", "rule"), [
    ("id: t\nv: [a, !!str b]\n", "yaml-tag"),
    ("id: t\nv: [a, &x b]\n", "yaml-anchor"),
    ("id: t\nv: [&x a, *x]\n", "yaml-anchor"),
    ("id: t\nv: !!str b\n", "yaml-tag"),
    ("id: t\nv: &x b\n", "yaml-anchor"),
    ("id: t\nv: [yes]\n", "yaml-ambiguous"),
    ("id: t\nv: 1\nv: 2\n", "yaml-duplicate-key"),
])
def test_refusals_hold_for_inline_scalars(body: str, rule: str) -> None:
    record, found = load(body)
    assert record is None
    assert rule in [d.rule for d in found]
