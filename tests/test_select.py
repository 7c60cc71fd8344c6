"""tables.select, which every table macro filters its rows with: an empty result only when asked for, and a clear
error for an unknown kind or field (tests/test_page_errors.py shows those errors on the page that made them)."""

from __future__ import annotations

import pytest

from macros.render import tables
from macros.render.errors import MacroError


@pytest.mark.parametrize(("where", "allow_empty", "rows"), [
    ({"regions": "china"}, False, 1), ({"regions": "mars"}, True, 0), (None, False, 2), ({}, False, 2)])
def test_select_allows_empty_only_when_asked(where: dict | None, allow_empty: bool, rows: int, atlas_a) -> None:
    assert len(tables.select(atlas_a, "therapies", where, allow_empty)) >= rows


@pytest.mark.parametrize("where", [{"regions": "mars"}, {"stage": 3}, {"regions": None}])
def test_select_refuses_an_empty_result(where: dict, atlas_a) -> None:
    with pytest.raises(MacroError, match="matches no therapies"):
        tables.select(atlas_a, "therapies", where)


@pytest.mark.parametrize(("kind", "where", "says"), [
    ("therapys", None, "unknown kind"), ("therapies", {"_private": 1}, "cannot filter"),
    ("therapies", {"colour": "red"}, "cannot filter"), ("therapies", ["regions"], "must be a mapping")])
def test_select_refuses_unknown_names(kind: str, where: object, says: str, atlas_a) -> None:
    with pytest.raises(MacroError, match=says):
        tables.select(atlas_a, kind, where)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def atlas_a():
    from conftest import REPO

    from macros.pipeline import load_atlas
    return load_atlas(REPO).atlas
