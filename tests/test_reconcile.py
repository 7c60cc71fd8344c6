"""Reconciliation, "nothing lost": the counts per kind agree at every stage, and every build checks it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import make_root
from trust_support import BASE_CONTENT, build, make_project

from bench.synth import english_only
from macros.model import KINDS
from macros.reconcile import CountMismatch, Ledger, SeenIds, count_files


def test_files_are_counted_per_kind_folder(tmp_path: Path) -> None:
    root = make_root(tmp_path, base=BASE_CONTENT)
    (root / "content" / "studies" / "notes.md").write_text("not a record")
    base = root / "content"
    assert count_files(root, KINDS) == {kind: len(list((base / kind).glob("*.yaml"))) for kind in KINDS}
    assert count_files(root, KINDS)["studies"] == 2  # the .md beside them is not a record


def test_a_ledger_that_agrees_verifies() -> None:
    ledger = Ledger({"studies": 3, "therapies": 2})
    ledger.record("model", {"studies": 3, "therapies": 2})
    ledger.record("tables", {"studies": 3})
    ledger.verify()
    assert ledger.summary() == "reconciled 3 studies, 2 therapies across stages: files, model, tables"


def test_every_difference_is_named() -> None:
    ledger = Ledger({"studies": 3, "therapies": 2})
    ledger.record("model", {"studies": 3, "therapies": 2})
    ledger.record("tables", {"studies": 2, "therapies": 3})
    ledger.record("downloads", {"studies": 0})
    with pytest.raises(CountMismatch) as raised:
        ledger.verify()
    message = str(raised.value)
    assert "tables: 2 studies, but content/studies/ holds 3 (1 lost)" in message
    assert "tables: 3 therapies, but content/therapies/ holds 2 (1 extra)" in message
    assert "downloads: 0 studies, but content/studies/ holds 3 (3 lost)" in message
    assert "model" not in message


def test_a_stage_is_recorded_once_and_only_for_known_kinds() -> None:
    ledger = Ledger({"studies": 1})
    ledger.record("model", {"studies": 1})
    with pytest.raises(ValueError, match="already recorded"):
        ledger.record("model", {"studies": 1})
    with pytest.raises(ValueError, match="already recorded"):
        ledger.record("files", {"studies": 1})
    with pytest.raises(ValueError, match="unknown kinds: trials"):
        ledger.record("pages", {"trials": 1})


def test_seen_ids_count_each_record_once() -> None:
    seen = SeenIds(["studies", "therapies"])
    seen.add("studies", ["a", "b"])
    seen.add("studies", ["b", "c"])
    assert seen.counts() == {"studies": 3, "therapies": 0}


def test_the_real_site_reconciles_in_its_build(tmp_path: Path) -> None:
    result = build(make_project(tmp_path))
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stderr.splitlines() if "reconciled" in l)
    studies = len(list((tmp_path / "content" / "studies").glob("*.yaml")))
    assert f"{studies} studies" in line
    assert line.endswith("across stages: files, loaded, model, tables, registrations.json, pages")


def test_a_page_that_hides_records_fails_the_build(tmp_path: Path) -> None:
    """If no table of the site shows some studies (a filter left on the all-studies table), the build fails. This
    test and the next two build the English edition only: their subject is the ledger, not the editions."""
    project = make_project(tmp_path)
    pages = [p for p in (project / "docs").rglob("*.md") if "study_table(" in p.read_text(encoding="utf-8")]
    assert pages, "the site has study tables"
    for page in pages:
        page.write_text(re.sub(r"study_table\(.*?\) \}\}", 'study_table(["title"], where={"design": "case-report"}) }}',
                               page.read_text(encoding="utf-8")), encoding="utf-8")
    held = len(list((project / "content" / "studies").glob("*.yaml")))
    result = build(project, chinese=False)
    assert result.returncode == 1
    assert "records were lost or duplicated between content/ and the site" in result.stderr
    assert f"studies, but content/studies/ holds {held} (" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_record_lost_by_the_engine_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """A loader that silently drops a file (the bug reconciliation exists for) cannot pass a build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    import macros.pipeline

    project = make_project(tmp_path)
    held = len(list((project / "content" / "glossary").glob("*.yaml")))
    assert held
    real = macros.pipeline.load_content

    def lossy(root, kinds):
        records, diagnostics = real(root, kinds)
        return [r for r in records if r.kind != "glossary"], diagnostics

    monkeypatch.setattr(macros.pipeline, "load_content", lossy)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / english_only(project)), site_dir=str(project / "site"))
    with pytest.raises(Abort, match="BuildError"):
        mkdocs_build(config)
    assert f"loaded: 0 glossary, but content/glossary/ holds {held} ({held} lost)" in caplog.text
    assert "model: 0 glossary" in caplog.text


def test_a_new_stage_is_one_entry_and_is_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """How entity pages or data downloads join: an entry in POST_BUILD_STAGES; a wrong count fails the build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from macros import reconcile

    project = make_project(tmp_path)
    held = {kind: len(list((project / "content" / kind).glob("*.yaml"))) for kind in ("studies", "sources")}
    monkeypatch.setitem(reconcile.POST_BUILD_STAGES, "downloads", lambda: {**held, "studies": held["studies"] + 1})
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    with pytest.raises(Abort, match="BuildError"):
        mkdocs_build(load_config(str(project / english_only(project)), site_dir=str(project / "site")))
    assert f"downloads: {held['studies'] + 1} studies, but content/studies/ holds {held['studies']} (1 extra)" in caplog.text
    assert "sources, but" not in caplog.text
    caplog.clear()
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.atlas")
    monkeypatch.setitem(reconcile.POST_BUILD_STAGES, "downloads", lambda: dict(held))
    mkdocs_build(load_config(str(project / english_only(project)), site_dir=str(project / "site")))
    assert "across stages: files, loaded, model, tables, registrations.json, pages, downloads" in caplog.text
