"""Reproducible builds: two builds of the same commit are byte-identical (another process, another hash seed, a
later wall clock), because every date that is not from a file's history is the last commit's (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO
from sitebuild import build, source_date_epoch


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_of_one_commit_are_byte_identical(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONHASHSEED", "12345")  # sets and dicts in another order, should anything depend on it
    again = tmp_path / "again"
    done = build(REPO, again)
    assert done.returncode == 0, done.stderr
    first, second = _tree(site), _tree(again)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_the_build_date_is_the_last_commits(site: Path) -> None:
    epoch = source_date_epoch(REPO).get("SOURCE_DATE_EPOCH")
    if epoch is None:
        pytest.skip("not a git repository")
    stamp = datetime.fromtimestamp(int(epoch), UTC).isoformat().replace("+00:00", "Z")
    assert f"<updated>{stamp}</updated><author>" in (site / "feed.xml").read_text(encoding="utf-8")
    assert json.loads((site / "data/index.json").read_text(encoding="utf-8"))["built"] == stamp
    with gzip.open(site / "sitemap.xml.gz") as sitemap:
        assert sitemap.read() == (site / "sitemap.xml").read_bytes()
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") <= int(epoch)  # gzip's mtime


def test_sitemap_dates_come_from_history(site: Path) -> None:
    days = re.findall(r"<lastmod>([0-9-]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    log = subprocess.run(["git", "log", "--format=%cs"], cwd=REPO, capture_output=True, text=True, check=False).stdout
    if not log:
        pytest.skip("not a git repository")
    assert days and set(days) <= set(log.split()), sorted(set(days) - set(log.split()))
