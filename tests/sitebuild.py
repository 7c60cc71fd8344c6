"""Build a site with the real MkDocs in a subprocess, as `make site` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

from bench.synth import english_only

#: What a copy of the site needs (content/ may be swapped for fixtures).
SITE_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "macros", "schemas", "content")


def build(root: Path, out: Path, *, chinese: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the site in `root` into `out`, in a subprocess with root's own engine; with
    `chinese=False`, its English edition only (bench/synth.english_only: half the build, for a test whose subject is
    the engine, not the editions)."""
    config = root / ("mkdocs.yml" if chinese else english_only(root))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **source_date_epoch(root)}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config),
         "--site-dir", str(out)],
        cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as a strict build reads it: `!ENV [NAME, default]` is its default; Python-specific tags are None."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict:
    """root/mkdocs.yml as data."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def source_date_epoch(root: Path) -> dict[str, str]:
    """SOURCE_DATE_EPOCH as `make site` sets it: the last commit's time (nothing outside a repository)."""
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=False)
    return {"SOURCE_DATE_EPOCH": done.stdout.strip()} if done.returncode == 0 and done.stdout.strip() else {}


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
