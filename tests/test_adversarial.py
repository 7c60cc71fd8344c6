"""The loader's bounds: exponential aliases, deep nesting and huge files cost little; a symbolic link is refused;
every schema keyword has its own rule. (The cases themselves are tests/fixtures/cases/, run by test_rules.py.)"""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, make_root
from trust_support import diagnostics, run_check

from macros import load
from macros.validate import _RULE_BY_KEYWORD

STRUCTURAL = {"$schema", "$ref", "$defs", "title", "description", "examples", "default", "properties", "items", "oneOf"}


def _keywords(schema: object) -> set[str]:
    if isinstance(schema, list):
        return set().union(*map(_keywords, schema)) if schema else set()
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            found |= set().union(*map(_keywords, value.values()))
        elif key not in ("examples", "default", "enum", "const"):
            found |= _keywords(value)
    return found


def test_every_schema_keyword_has_its_own_rule() -> None:
    keywords = set().union(*(_keywords(json.loads(p.read_text())) for p in (REPO / "schemas").glob("*.json")))
    assert "pattern" in keywords and "oneOf" in keywords
    assert keywords - STRUCTURAL <= set(_RULE_BY_KEYWORD)


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "content" / "glossary").mkdir(exist_ok=True)
    os.symlink("/etc/passwd", root / "content" / "glossary" / "passwd.yaml")
    result = run_check(root)
    assert [(f, l, r) for f, l, _, r, _ in diagnostics(result.stdout)] == [
        ("content/glossary/passwd.yaml", 1, "file-not-regular")
    ]
    assert "Traceback" not in result.stdout + result.stderr


def _count_events(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the parser events the loader pulls from libyaml: its work."""
    pulled = [0]
    parse = yaml.parse

    def counting(*args, **kwargs):
        for event in parse(*args, **kwargs):
            pulled[0] += 1
            yield event

    monkeypatch.setattr(load.yaml, "parse", counting)
    return pulled


def _load_bounded(path: Path, kind: str) -> tuple[list, int]:
    tracemalloc.start()
    try:
        record, found = load.load_file(path, path.name, kind)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert record is None
    return [d.rule for d in found], peak


def test_billion_laughs_is_refused_at_the_first_anchor(monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIXTURES / "cases" / "billion-laughs" / "content" / "glossary" / "laughs.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("*a") > 250  # the document does expand to 10^29 strings if aliases are followed
    pulled = _count_events(monkeypatch)
    rules, peak = _load_bounded(path, "glossary")
    assert rules == ["yaml-anchor"]
    assert pulled[0] <= 10  # stream, document, mapping, two keys, the anchored value: nothing expanded
    assert peak < 512 * 1024  # bytes; the expansion would need far more than all memory there is


def test_deep_flow_nesting_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(load.modeline("glossary") + "\nid: " + "[" * 200_000 + "\n", encoding="utf-8")
    assert path.stat().st_size < load.MAX_FILE_BYTES
    pulled = _count_events(monkeypatch)
    rules, peak = _load_bounded(path, "glossary")
    assert rules == ["yaml-too-deep"]
    assert pulled[0] <= load.MAX_DEPTH + 10
    assert peak < 4 * 1024 * 1024


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    path = root / "content" / "studies" / "huge.yaml"
    with path.open("wb") as f:  # sparse: 2 GiB that take no disk space
        f.truncate(2 * 1024**3)
    tracemalloc.start()
    try:
        records, found = load.load_content(root, load.discover_kinds(root))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(d.path, d.rule) for d in found] == [("content/studies/huge.yaml", "file-too-large")]
    assert str(load.MAX_FILE_BYTES) in found[0].message
    assert len(records) == len(list((FIXTURES / "base" / "content").rglob("*.yaml")))
    assert peak < 8 * 1024 * 1024


def test_the_limits_are_documented_where_contributors_read() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Security and data integrity"):]
    assert load.MAX_FILE_BYTES % 1024 == 0
    assert f"**{load.MAX_FILE_BYTES // 1024} KiB** (`MAX_FILE_BYTES`" in section
    assert f"**{load.MAX_DEPTH} levels** (`MAX_DEPTH`)" in section
