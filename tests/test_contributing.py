"""CONTRIBUTING.md's worked examples work: its files, written into a copy of the site, pass the strict check and
build, and the study it adds appears in the site's study table."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from sitebuild import build, copy_site

from macros.pipeline import load_atlas

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- file: (\S+) -->\n```[a-z]*\n(.*?)\n```", re.DOTALL)
STUDY_TITLE = "AHSCT in adolescents with new-onset type 1 diabetes (Shanghai)"


def examples() -> dict[str, str]:
    found = dict(BLOCK.findall(GUIDE))
    assert set(found) == {"content/sources/gu2012_ahsct_dka_diabetescare.yaml",
                          "content/studies/gu2012_ahsct_adolescents.yaml",
                          "content/claims/seed_t1d_insulin_independence.yaml", "docs/ahsct.md"}
    return found


def nav_example() -> list:
    block = re.search(r"```yaml\n(nav:\n.*?)\n```", GUIDE, re.DOTALL)
    assert block
    return yaml.safe_load(block.group(1))["nav"]


@pytest.fixture(scope="module")
def walked_through(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site without the example's study and source, then every step of the guide applied (the
    study's row can only come from the guide's files)."""
    root = copy_site(tmp_path_factory.mktemp("guide") / "root")
    for path in examples():
        (root / path).unlink(missing_ok=True)
    for path, text in examples().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text + "\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    added = nav_example()[-1]
    config.write_text(text.replace("\nnav:\n", f"\nnav:\n  - {yaml.safe_dump(added).strip()}\n", 1), encoding="utf-8")
    return root


def _page(site: Path, name: str) -> str:
    page = site / name / "index.html"
    return page.read_text(encoding="utf-8") if page.exists() else ""


def test_the_examples_pass_the_strict_content_check(walked_through: Path) -> None:
    result = load_atlas(walked_through)
    assert [d.format() for d in result.diagnostics] == []
    assert result.atlas is not None
    assert "seed_t1d_insulin_independence" in result.atlas.claims


def test_the_added_study_appears_in_the_study_table_and_the_new_page(walked_through: Path) -> None:
    done = build(walked_through, walked_through / "site", chinese=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert STUDY_TITLE in html.unescape(_page(walked_through / "site", "studies"))
    compare = html.unescape(_page(walked_through / "site", "compare"))
    assert STUDY_TITLE in compare[compare.index('id="studies-in-china"'):]
    page = html.unescape((walked_through / "site" / "ahsct" / "index.html").read_text(encoding="utf-8"))
    assert STUDY_TITLE in page and "treated 28" in page
