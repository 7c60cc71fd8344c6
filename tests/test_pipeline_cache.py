"""The atlas kept across `mkdocs serve` rebuilds is reused only while content/ and schemas/ are unchanged."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from macros import pipeline
from macros.pipeline import load_atlas, load_atlas_cached


@pytest.fixture
def root(fixture_root: Callable[..., Path]) -> Path:
    pipeline._last.clear()
    return fixture_root()


def a_study(root: Path) -> Path:
    return min((root / "content" / "studies").glob("*.yaml"))


def test_unchanged_content_is_not_loaded_again(root: Path) -> None:
    first = load_atlas_cached(root)
    assert first.atlas is not None
    assert load_atlas_cached(root) is first


@pytest.mark.parametrize("change", ["touch", "edit", "add", "delete", "schema", "rename"])
def test_any_change_under_content_or_schemas_loads_again(root: Path, change: str) -> None:
    first = load_atlas_cached(root)
    study = a_study(root)
    if change == "touch":
        status = study.stat()
        os.utime(study, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    elif change == "edit":
        study.write_text(study.read_text(encoding="utf-8").replace("\nid: ", "\nid: x"), encoding="utf-8")
    elif change == "add":
        shutil.copy(study, study.with_name("zz_copy.yaml"))
    elif change == "delete":
        study.unlink()
    elif change == "schema":
        schema = root / "schemas" / "common.schema.json"
        schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    else:
        study.rename(study.with_name("renamed.yaml"))
    second = load_atlas_cached(root)
    assert second is not first
    assert second == load_atlas(root)  # what a fresh load finds, errors included
    if change in ("edit", "add", "rename"):
        assert second.atlas is None  # id no longer matches the file name, or a duplicate id


def test_roots_are_kept_apart(root: Path, fixture_root: Callable[..., Path], tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(root, other)
    assert load_atlas_cached(root) is not load_atlas_cached(other)
    assert load_atlas_cached(root) is load_atlas_cached(root)


def test_the_collector_is_paused_only_during_a_load(root: Path) -> None:
    assert gc.isenabled()
    load_atlas(root)
    assert gc.isenabled()
    gc.disable()
    try:
        load_atlas(root)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


def test_studies_of_a_therapy_come_from_an_index_equal_to_a_scan(root: Path) -> None:
    atlas = load_atlas(root).atlas
    assert atlas is not None
    for therapy in [*atlas.therapies, "no_such_therapy"]:
        assert atlas.studies_of(therapy) == tuple(s for s in atlas.studies.values() if s.therapy == therapy)
    assert sum(len(atlas.studies_of(t)) for t in atlas.therapies) == len(atlas.studies) > 0
