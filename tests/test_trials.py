"""The Trials section's renderers on a small in-memory atlas: golden finder row, calendar and flow; the
"completed, no results" rule; an escaped, folded calendar and a well-formed feed with a poisoned title.
Set UPDATE_GOLDEN=1 to rewrite the golden files."""

from __future__ import annotations

import dataclasses
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import MappingProxyType
from typing import Any

from test_content_renderers import mini_atlas

from macros.generate import status_entries
from macros.model import Atlas, registration
from macros.render import escape, feed, ics, identifiers, trials

GOLDEN = Path(__file__).parent / "golden" / "trials"
TODAY = "2026-12-01"
POISON = 'Cells <script>alert(1)</script> & "more"; a, b \\ {{ x }} | *y*\nline two ünïcødé ' + "x" * 60


def reg(registry_id: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": registry_id.lower(), "registry": "clinicaltrials.gov", "registry_id": registry_id,
        "secondary_ids": [], "title": f"Trial {registry_id}", "official_title": None,
        "conditions": ["Type 1 Diabetes"], "diabetes_types": ["T1D"], "intervention": "Biological: cells",
        "cell_type": "msc", "therapy": None, "phases": ["PHASE1", "PHASE2"], "status": "COMPLETED",
        "enrollment": {"count": 20, "type": "ACTUAL"}, "start": {"date": "2019-03", "type": "ACTUAL"},
        "primary_completion": {"date": "2021-06-30", "type": "ACTUAL"}, "completion": {"date": None, "type": None},
        "sponsor": {"name": "A University", "class": "OTHER"}, "countries": ["CN"], "sites": 1,
        "results_posted": False, "last_update_posted": None, "publications": [],
        "status_history": [{"status": "RECRUITING", "date": "2019-04-01", "source": "curated"},
                           {"status": "COMPLETED", "date": "2021-07", "source": "sync"}],
        "provenance": {"retrieved": TODAY, "read_on": ["https://clinicaltrials.gov/study/" + registry_id],
                       "page_kind": "registry", "verified_fields": ["title", "status", "phases", "primary_completion"]},
    }
    data.update(extra)
    return data


def atlas_with(*records: dict[str, Any]) -> Atlas:
    regs = {r["id"]: registration(r) for r in records}
    return dataclasses.replace(mini_atlas(), registrations=MappingProxyType(regs))


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"golden file {path} is missing: run with UPDATE_GOLDEN=1 once and review it"
    assert text == path.read_bytes().decode("utf-8")


SAMPLE = (
    reg("NCT01234567"),
    reg("NCT07654321", title=POISON, countries=["US", "CA"], status="RECRUITING", therapy="t_islets",
        cell_type="stem_cell_derived_islets", phases=["PHASE3"], sponsor={"name": "Co", "class": "INDUSTRY"},
        primary_completion={"date": "2027-03-15", "type": "ESTIMATED"}, secondary_ids=["ChiCTR2000031319"],
        status_history=[{"status": "RECRUITING", "date": "2025-01-02", "source": "sync"}]),
    reg("ChiCTR2000031319", id="chictr2000031319", registry="chictr", status="Recruiting", phases=None,
        countries=None, secondary_ids=["NCT07654321"], primary_completion={"date": "2027-01", "type": None},
        status_history=[], sponsor={"name": None, "class": None}),
    reg("NCT00000001", excluded={"reason": "complications_only", "note": None}, status=None, status_history=[]),
)


def test_finder_golden() -> None:
    golden("finder.html", trials.finder_table(atlas_with(*SAMPLE), TODAY) + "\n")


def test_the_finder_is_a_data_table_with_every_facet() -> None:
    """The finder is render/datatable.py's table: facets declared once, each row's values from the vocabulary,
    a card label on every cell, sort keys for dates and numbers, details hidden at desktop width."""
    table = trials.finder_table(atlas_with(*SAMPLE), TODAY)
    facets = re.search(r'data-facets="([^"]+)"', table)
    assert facets and facets.group(1).split() == ["diabetes", "cells", "region", "country", "phase", "status",
                                                  "sponsor", "therapy", "flag"]
    rows = re.findall(r"<tr data-facet.*?</tr>", table, re.DOTALL)
    assert len(rows) == len(SAMPLE)
    poisoned = next(r for r in rows if "NCT07654321" in r)
    assert 'data-facet-country="United States&#124;Canada"' in poisoned and 'data-facet-status="Recruiting"' in poisoned
    assert "<script>" not in poisoned and 'data-facet-therapy="Test &lt;b&gt;islets&lt;/b&gt;"' in poisoned
    assert 'data-facet-flag="Completed, no results"' in next(r for r in rows if "NCT01234567" in r)
    assert 'data-label="Start" data-sort="2019-03"' in table and 'data-sort-type="date"' in table
    assert 'class="atlas-detail"' in table


def test_calendar_golden() -> None:
    atlas = atlas_with(*SAMPLE)
    golden("calendar.ics", ics.calendar("Trials", atlas.registrations.values(), TODAY, "20261201T000000Z",
                                        lambda rid: f"https://example.org/trials/{rid}/"))


def test_flow_golden() -> None:
    golden("flow.md", trials.flow(atlas_with(*SAMPLE)) + "\n")


def test_a_trial_registered_twice_is_counted_once() -> None:
    counts = trials.counts(atlas_with(*SAMPLE), TODAY)
    assert counts["registrations"] == 4 and counts["trials"] == 2  # one excluded, one the other's second record
    assert counts["china"] == 1 and counts["elsewhere"] == 1


def test_completed_no_results_follows_trialstracker() -> None:
    def flagged(**extra: Any) -> bool:
        return trials.completed_no_results(registration(reg("NCT01234567", **extra)), TODAY)

    assert flagged()  # primary completion 2021-06-30, no results, no publication
    assert not flagged(results_posted=True)
    assert not flagged(publications=["st_a"])
    assert not flagged(primary_completion={"date": "2026-01-15", "type": "ACTUAL"})  # less than 12 months ago
    assert not flagged(primary_completion={"date": "2025-12", "type": "ACTUAL"})  # may end 2025-12-31: not yet 12
    assert flagged(primary_completion={"date": "2025-11", "type": "ACTUAL"}, results_posted=None)
    assert not flagged(primary_completion={"date": None, "type": None})


def _unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_calendar_is_escaped_and_folded() -> None:
    atlas = atlas_with(*SAMPLE)
    text = ics.calendar("A; b, c", atlas.registrations.values(), TODAY, "20261201T000000Z", lambda rid: "https://x/")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    summary = next(line for line in lines if line.startswith("SUMMARY:") and "Cells" in line)
    assert "\\;" in summary and "\\," in summary and "\\\\" in summary and "\\n" in summary
    assert "\n" not in summary and "ünïcødé" in summary
    assert "X-WR-CALNAME:A\\; b\\, c" in lines
    assert [line for line in lines if line.startswith("DTSTART")] == ["DTSTART;VALUE=DATE:20270101",
                                                                       "DTSTART;VALUE=DATE:20270315"]
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2  # the past and excluded ones are left out


def test_fold_never_splits_a_character() -> None:
    folded = ics.fold("SUMMARY:" + "é" * 80)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80


def test_feed_gains_status_changes_and_stays_well_formed() -> None:
    atlas = atlas_with(*SAMPLE, reg("NCT00000002", title=POISON, status_history=[
        {"status": "RECRUITING", "date": "2024-01-01", "source": "curated"},
        {"status": "RECRUITING", "date": "2025-01-01", "source": "sync"},  # seen again: not a change
        {"status": "TERMINATED", "date": "2025-06-10", "source": "sync"}]))
    entries = status_entries(atlas, "https://example.org/")
    assert [e.title for e in entries] == ["Status changed: NCT00000002 is Terminated",
                                          "Status changed: NCT01234567 is Completed"]
    assert entries[1].summary.startswith("From Recruiting to Completed (2021-07).")
    assert entries[1].updated == "2021-07-31T00:00:00Z" and entries[0].id.endswith("/trials/nct00000002/#status-2")
    doc = ET.fromstring(feed.atom("Atlas", "https://example.org/", "https://example.org/feed.xml",
                                  "2026-12-01T00:00:00Z", entries))
    summaries = [e.text for e in doc.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(s and "<script>" in s for s in summaries)  # the poisoned title is text, not markup


def test_page_marks_unconfirmed_and_flags() -> None:
    atlas = atlas_with(*SAMPLE)
    page = trials.page(atlas, atlas.registrations["nct01234567"], TODAY)
    assert '!!! warning "Completed, no results"' in page
    assert 'A University</span> (<span class="atlas-unknown"' in page  # sponsor not in verified_fields
    assert '<time datetime="2019-04-01">2019-04-01</time>: Recruiting' in page
    poisoned = trials.page(atlas, atlas.registrations["nct07654321"], TODAY)
    assert "<script>" not in poisoned and "{{" not in poisoned


def test_a_note_links_the_records_it_names_and_leaves_out_unconfirmed_identifiers() -> None:
    atlas = atlas_with(*SAMPLE)
    note = ("Reported by s_rct (source src_a, DOI 10.1000/xyz1); also NCT07654321, NCT09999999 and "
            "10.9999/unread; not s_rct_other <b>x</b>.")
    shown = trials.annotated(atlas, note, trials.trial_src("nct01234567"))
    assert f"[{escape.text(atlas.studies['s_rct'].title)}](../studies/s_rct.md)" in shown
    assert "(../sources/src_a.md)" in shown
    assert "DOI " + escape.text("10.1000/xyz1") in shown  # confirmed by src_a
    assert "(nct07654321.md)" not in shown  # NCT07654321's registration does not confirm its id ...
    assert "NCT07654321" not in shown and "NCT09999999" not in shown and "10.9999/unread" not in shown
    assert shown.count("(an identifier the atlas has not confirmed)") == 3
    assert "; not s&#95;rct&#95;other" in shown and "<b>" not in shown  # a longer word is not a record id; text is escaped


def test_a_confirmed_registry_id_in_a_note_links_to_its_trial() -> None:
    atlas = atlas_with(*SAMPLE[:2], reg("ChiCTR2000031319", id="chictr2000031319", registry="chictr",
                                        status="Recruiting", provenance={
                                            "retrieved": TODAY, "read_on": ["https://www.chictr.org.cn/"],
                                            "page_kind": "registry", "verified_fields": ["registry_id"]}))
    shown = trials.annotated(atlas, "Same trial as ChiCTR2000031319.", trials.trial_src("nct01234567"))
    assert shown == 'Same trial as [<span class="atlas-registry">ChiCTR2000031319</span>](chictr2000031319.md).'


def test_a_page_read_names_its_site_when_its_address_holds_an_unconfirmed_identifier() -> None:
    known = identifiers.confirmed(atlas_with(*SAMPLE))
    assert trials.read_on_item("https://example.org/10.1000/xyz1", known).startswith("[")
    assert trials.read_on_item("https://journal.example/articles/10.1186/s1-2/tables/1", known) == (
        "a page on journal.example (its address is in the data download)")
    assert trials.read_on_item("repo owner/name data/NCT09999999.json@abc", known) == "a file in repository owner/name"
    assert trials.read_on_item("repo owner/name data/all.json@abc", known) == "repo owner/name data/all.json@abc"
