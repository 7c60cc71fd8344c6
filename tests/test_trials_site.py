"""The Trials section of the shipped site, from its strict build: a page per registration, the finder with facet
values, the chart, the flow, the downloads (valid against their schema), the feed and the calendars."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from macros.load import Record
from macros.pipeline import load_atlas
from macros.validate import Validator, load_schemas

ROOT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"


def _registrations() -> dict[str, object]:
    atlas = load_atlas(ROOT).atlas
    assert atlas is not None
    return dict(atlas.registrations)


def test_the_first_content_reaches_the_scope() -> None:
    regs = _registrations().values()
    assert len(regs) >= 60
    assert sum(r.in_china for r in regs) >= 20  # type: ignore[attr-defined]
    cited = set()
    for path in (ROOT / "content").rglob("*.yaml"):
        if "registrations" not in path.parts:
            cited |= set(re.findall(r"\b(NCT\d{8}|ChiCTR\d{10}|ChiCTR-[A-Z]{2,5}-\d{8})\b", path.read_text("utf-8")))
    assert cited <= {r.registry_id for r in regs}, "every registry id the atlas cites has a registration"  # type: ignore[attr-defined]


def test_every_registration_has_a_page_and_a_finder_row(site: Path) -> None:
    regs = _registrations()
    for rid in regs:
        assert (site / "trials" / rid / "index.html").is_file(), rid
    finder = (site / "trials" / "index.html").read_text("utf-8")
    trial_rows = re.findall(r"<tr data-facet.*?</tr>", finder, re.DOTALL)
    assert len(trial_rows) == len(regs)
    for facet in ("diabetes", "cells", "region", "country", "phase", "status", "sponsor", "therapy", "flag"):
        assert all(f'data-facet-{facet}="' in r for r in trial_rows), facet
    assert all('data-label="Trial"' in r for r in trial_rows)  # a card of label: value pairs on phones
    assert 'role="img"' in finder and "<title id=\"atlas-chart-trials-title\">" in finder


def test_nav_has_trials_and_methodology_shows_the_flow(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'<a[^>]+href="trials/"[^>]*>\s*(<[^>]+>\s*)*Trials', home)
    methodology = (site / "methodology" / "index.html").read_text("utf-8")
    assert "Found in ClinicalTrials.gov" in methodology and "Included trials" in methodology
    assert "drug-trial registration" in methodology


def test_downloads_validate_against_their_schema(site: Path) -> None:
    validator = Validator(load_schemas(ROOT))
    items = json.loads((site / "data" / "registrations.json").read_text("utf-8"))
    assert len(items) == len(_registrations())
    for item in items:
        record = {k: v for k, v in item.items() if k != "computed"}
        found = validator.validate(Record("registrations", f"registrations/{record['id']}.yaml", record, {}, {}))
        assert not found, [d.format() for d in found]
    rows = list(csv.DictReader(io.StringIO((site / "data" / "registrations.csv").read_text("utf-8"))))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    assert (site / "data" / "schemas" / "registrations.schema.json").is_file()
    assert "registrations.csv" in (site / "data" / "index.html").read_text("utf-8")


def test_feed_and_calendars_are_well_formed(site: Path) -> None:
    doc = ET.fromstring((site / "feed.xml").read_text("utf-8"))
    changes = sum(sum(a.status != b.status for a, b in zip(r.status_history, r.status_history[1:]))  # type: ignore[attr-defined]
                  for r in _registrations().values())
    shown = [e for e in doc.iter(f"{ATOM}entry") if "#status-" in (e.findtext(f"{ATOM}id") or "")]
    assert len(shown) == min(changes, 30)
    assert any("/studies/" in (e.findtext(f"{ATOM}id") or "") for e in doc.iter(f"{ATOM}entry"))
    for path in sorted((site / "calendar").glob("*.ics")):
        text = path.read_bytes().decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
        assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n")), path.name
