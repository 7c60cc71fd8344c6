"""Shared test helpers: a temporary repository root made of the real schemas and fixture content."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


def make_root(tmp_path: Path, *overlays: Path, base: Path | None = FIXTURES / "base" / "content") -> Path:
    """A root with the real schemas/, a copy of `base` as content/ (none: empty), then each overlay on top: its
    content/ and schemas/, and the root-relative paths its remove.txt lists deleted (the checker's own inputs)."""
    root = tmp_path / "root"
    shutil.copytree(REPO / "schemas", root / "schemas")
    if base is None:
        (root / "content").mkdir()
    else:
        shutil.copytree(base, root / "content")
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


#: Test modules that run a real MkDocs build of their own (tests using the `site` fixture are marked automatically).
BUILD_MODULES = {"test_build", "test_contributing", "test_injection", "test_last_updated", "test_reconcile",
                 "test_reader_site", "test_publish_build", "test_page_errors"}
#: Test modules that take seconds of CPU: subprocesses of tools (a Java VM), git repositories, benchmarks.
SLOW_MODULES = {"test_bench", "test_workflows", "test_contributor_tools", "test_linkcheck",
                "test_properties", "test_supply_chain", "test_html_valid"}


def pytest_configure(config: pytest.Config) -> None:
    """With $CPU_PROFILE_DIR set, each test's CPU is recorded there (tests/cpu_profile.py, `make profile`)."""
    if os.environ.get("CPU_PROFILE_DIR"):
        import cpu_profile

        config.pluginmanager.register(cpu_profile, "cpu_profile")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `build`, `browser` and `slow` (pyproject.toml), so `make test-fast` can leave them out."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if "site" in item.fixturenames or module in BUILD_MODULES:
            item.add_marker(pytest.mark.build)
        if module in ("test_reader_browser", "test_editions_browser"):
            item.add_marker(pytest.mark.browser)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _english_words() -> None:
    """Each test starts in English: an in-process build ends in its last (Chinese) pass's language, and a test that
    renders after it in the same worker would otherwise write Chinese words."""
    from macros import messages

    messages.use(messages.i18n.DEFAULT)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built once per test run with the strict build `make site` runs. `make test` has just made
    that build into site/ and names it in $ATLAS_BUILT_SITE; otherwise the first test worker builds it (under a lock)
    and the other workers of the run use it."""
    if os.environ.get("ATLAS_BUILT_SITE"):
        return Path(os.environ["ATLAS_BUILT_SITE"]).resolve()
    from sitebuild import build

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, above each worker's own
    out, built = shared / "shipped-site", shared / "shipped-site.built"
    with (shared / "shipped-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            done = build(REPO, out)
            assert done.returncode == 0, done.stdout + done.stderr
            assert "WARNING" not in done.stderr, done.stderr
            built.touch()
    return out
