"""Build a site with the real MkDocs in a subprocess, as `make site` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

#: What a copy of the site needs (content/ may be swapped for fixtures).
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "macros", "schemas", "content")


def build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the site in `root` into `out`, in a subprocess with root's own engine."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"),
         "--site-dir", str(out)],
        cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


def copy_site(dest: Path, content: Path | None = None) -> Path:
    """A copy of the repository's site sources, to break on purpose; `content` replaces content/ if given."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = content if part == "content" and content is not None else REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest
