"""Raw responses of a run, kept as received: registry/snapshots/YYYY-MM-DD/page-NNN.json plus manifest.json.

A second run on the same day gets YYYY-MM-DD-2/, and so on; the manifest says what each page was fetched for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .client import API, Page

SNAPSHOTS_DIR = Path("registry") / "snapshots"


def snapshot_name(root: Path, today: str) -> str:
    """The first free folder name for a run on `today`."""
    name, n = today, 1
    while (root / SNAPSHOTS_DIR / name).exists():
        n += 1
        name = f"{today}-{n}"
    return name


def write_snapshot(folder: Path, pages: Sequence[Page], today: str, since: str | None) -> None:
    """Every page's body as received, and the manifest."""
    folder.mkdir(parents=True)
    for page in pages:
        (folder / f"page-{page.number:03d}.json").write_bytes(page.body)
    manifest = {
        "retrieved": today,
        "api": API,
        "since": since,
        "note": "Responses of ClinicalTrials.gov API v2 exactly as received by `make registry`.",
        "pages": [{"file": f"page-{p.number:03d}.json", "purpose": p.purpose, "params": dict(p.params),
                   "studies": len(p.studies)} for p in pages],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
