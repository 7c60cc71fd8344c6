"""Shared test helpers: a temporary repository root made of the real schemas and fixture content."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def make_root(tmp_path: Path, *overlays: Path) -> Path:
    """A root with the real schemas/, the base fixture content, then each overlay on top: its content/ and
    schemas/, and the root-relative paths its remove.txt lists deleted (the checker's own inputs)."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(FIXTURES / "base" / "content", root / "content")
    for overlay in overlays:
        for folder in ("content", "schemas"):
            if (overlay / folder).is_dir():
                shutil.copytree(overlay / folder, root / folder, symlinks=True, dirs_exist_ok=True)
        removed = overlay / "remove.txt"
        for name in removed.read_text(encoding="utf-8").split() if removed.is_file() else ():
            target = root / name
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    return root


@pytest.fixture
def fixture_root(tmp_path: Path) -> Callable[..., Path]:
    return lambda *overlays: make_root(tmp_path, *overlays)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built once per test session with the strict build `make site` runs."""
    from sitebuild import build

    out = tmp_path_factory.mktemp("site")
    done = build(REPO, out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return out
