"""Shared test helpers: a temporary repository root made of the real schemas and fixture content."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def make_root(tmp_path: Path, *overlays: Path) -> Path:
    """A root with the real schemas/, the base fixture content, then each overlay's content/ on top."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(FIXTURES / "base" / "content", root / "content")
    for overlay in overlays:
        shutil.copytree(overlay / "content", root / "content", symlinks=True, dirs_exist_ok=True)
    return root


@pytest.fixture
def fixture_root(tmp_path: Path) -> Callable[..., Path]:
    return lambda *overlays: make_root(tmp_path, *overlays)
