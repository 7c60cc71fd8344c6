"""The ClinicalTrials.gov sync end to end, against recorded API v2 responses (made-up test data, no network):
query -> pages -> snapshots -> records -> report; a second run that changes nothing; curated fields kept; a
status change appended; every bad input an error with nothing written."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from conftest import REPO, make_root
from responses import matchers

from macros.cli import main
from macros.load import load_file
from macros.pipeline import load_atlas
from macros.registry.client import API
from macros.registry.errors import RegistryError
from macros.registry.query import QUERY_FILE, load_query
from macros.registry.sync import LISTING_FIELDS, STUDY_FIELDS, run

DATA = REPO / "tests" / "registry"
TODAY, LATER = "2026-12-01", "2026-12-08"
Register = Callable[..., None]


def body(name: str) -> bytes:
    return (DATA / "responses" / f"test-data-{name}.json").read_bytes()


def data(name: str) -> dict[str, Any]:
    return json.loads(body(name))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Fixture content, the made-up ChiCTR record, the committed query; snapshots go under this temporary root."""
    made = make_root(tmp_path, DATA)
    (made / QUERY_FILE).parent.mkdir()
    shutil.copy(REPO / QUERY_FILE, made / QUERY_FILE)
    return made


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def register(api: responses.RequestsMock, root: Path, purpose: str, reply: bytes | Exception, status: int = 200,
             **extra: str) -> None:
    """Answer the request the sync makes for `purpose` (listing, updated, added) with these extra parameters."""
    params = {**load_query(root).params(), "format": "json"}
    if purpose == "listing":
        params |= {"fields": LISTING_FIELDS, "pageSize": "1000"}
    elif purpose == "updated":
        params |= {"fields": STUDY_FIELDS, "pageSize": "100"}
    else:
        params = {"filter.ids": extra.pop("ids"), "fields": STUDY_FIELDS, "pageSize": "100", "format": "json"}
    params |= extra
    kwargs: dict[str, Any] = {"body": reply} if isinstance(reply, Exception) else {"body": reply, "status": status}
    api.add(responses.GET, API, match=[matchers.query_param_matcher(params)], **kwargs)


def first_run_responses(api: responses.RequestsMock, root: Path, page_2: bytes | Exception | None = None,
                        status: int = 200) -> None:
    register(api, root, "listing", body("listing"))
    register(api, root, "updated", body("studies-page-1"))
    register(api, root, "updated", body("studies-page-2") if page_2 is None else page_2, status,
             pageToken="TESTTOKEN2")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def record(root: Path, registry_id: str) -> dict[str, Any]:
    path = root / "content" / "registrations" / f"{registry_id.lower()}.yaml"
    loaded, diagnostics = load_file(path, path.name, "registrations")
    assert not diagnostics and loaded is not None
    return loaded.data


def test_a_first_run_pages_through_snapshots_and_writes_records(root: Path, api: responses.RequestsMock) -> None:
    first_run_responses(api, root)
    curated_chictr = tree(root)["content/registrations/chictr2099000001.yaml"]
    report = run(root, requests.Session(), TODAY)

    # Pages: the listing, then two pages of full records joined by the token of page 2.
    assert [call.request.params.get("pageToken") for call in api.calls] == [None, None, "TESTTOKEN2"]
    assert all(call.request.url.startswith(API + "?") for call in api.calls)
    # Snapshots: every response as received, and a manifest saying what each page was for.
    folder = root / "registry" / "snapshots" / TODAY
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "page-001.json", "page-002.json",
                                                        "page-003.json"]
    for number, name in enumerate(("listing", "studies-page-1", "studies-page-2"), 1):
        assert (folder / f"page-{number:03d}.json").read_bytes() == body(name)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [p["purpose"] for p in manifest["pages"]] == ["listing", "updated", "updated"]
    assert manifest["since"] is None and manifest["retrieved"] == TODAY
    # Records: the contract's shape, valid for the engine, the curated ChiCTR record untouched.
    assert sorted(p.name for p in (root / "content" / "registrations").iterdir()) == [
        "chictr2099000001.yaml", "nct99990001.yaml", "nct99990002.yaml", "nct99990003.yaml"]
    assert tree(root)["content/registrations/chictr2099000001.yaml"] == curated_chictr
    result = load_atlas(root)
    assert not result.failed(strict=True), [d.format() for d in result.diagnostics]
    first = record(root, "NCT99990001")
    assert first["registry"] == "clinicaltrials.gov" and first["id"] == "nct99990001"
    assert first["secondary_ids"] == ["ChiCTR2099000001"]  # registry ids only, not the protocol number
    assert first["status"] == "RECRUITING" and first["phases"] == ["PHASE1", "PHASE2"]
    assert first["start"] == {"date": "2024-03-01", "type": "ACTUAL"}
    assert first["primary_completion"] == {"date": "2027-06", "type": "ESTIMATED"}
    assert first["enrollment"] == {"count": 20, "type": "ESTIMATED"}
    assert first["sponsor"] == {"name": "Test Data University Hospital", "class": "OTHER"}
    assert (first["countries"], first["sites"], first["results_posted"]) == (["CN"], 2, False)
    assert first["last_update_posted"] == "2026-10-15"
    assert (first["diabetes_types"], first["cell_type"]) == (["T1D"], "stem_cell_derived_islets")
    assert (first["therapy"], first["publications"]) == (None, [])
    assert first["status_history"] == [{"status": "RECRUITING", "date": TODAY, "source": "sync"}]
    assert first["provenance"]["read_on"] == ["https://clinicaltrials.gov/api/v2/studies/NCT99990001"]
    assert first["provenance"]["page_kind"] == "registry" and first["provenance"]["retrieved"] == TODAY
    assert "diabetes_types" not in first["provenance"]["verified_fields"]  # the atlas's reading, not the registry's
    second = record(root, "NCT99990002")
    assert second["intervention"] == "Biological: Test mesenchymal stromal cells; Drug: Placebo"
    assert (second["countries"], second["diabetes_types"], second["cell_type"]) == (["CA", "US"], ["T2D"], "msc")
    third = record(root, "NCT99990003")
    assert (third["countries"], third["sites"]) == (None, None)  # no location list: not read, not "none"
    assert "countries" not in third["provenance"]["verified_fields"]
    # The report.
    text = report.text()
    assert "### New (3)\n\n- NCT99990001\n- NCT99990002\n- NCT99990003\n" in text
    assert "3 page(s) read; the query matches 3 studies; 3 read in full (every match)." in text
    assert f"the responses in registry/snapshots/{TODAY}/" in text


def test_a_second_run_changes_nothing_and_says_so(root: Path, api: responses.RequestsMock) -> None:
    first_run_responses(api, root)
    run(root, requests.Session(), TODAY)
    before = tree(root)
    api.reset()
    since = {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2026-10-15,MAX]"}
    register(api, root, "listing", body("listing"))
    register(api, root, "updated", json.dumps({"studies": data("studies-page-1")["studies"][:1]}).encode(), **since)
    report = run(root, requests.Session(), LATER)
    assert len(api.calls) == 2  # incremental: only studies updated since the newest update held
    assert tree(root) == before
    assert not report.changed and report.written is None
    assert "No changes." in report.text() and "Nothing written." in report.text()


def later_run(api: responses.RequestsMock, root: Path) -> None:
    since = {"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2026-10-15,MAX]"}
    register(api, root, "listing", body("listing-later"))
    register(api, root, "updated", body("updated-later"), **since)
    register(api, root, "added", body("added-later"), ids="NCT99990004")


def test_a_later_run_keeps_curated_fields_and_appends_the_status(root: Path, api: responses.RequestsMock) -> None:
    first_run_responses(api, root)
    run(root, requests.Session(), TODAY)
    path = root / "content" / "registrations" / "nct99990001.yaml"
    text = path.read_text(encoding="utf-8")
    curated = text.replace("therapy: null", "therapy: th_a").replace("publications: []", "publications:\n  - st_a")
    curated = curated.replace("cell_type: stem_cell_derived_islets", "cell_type: islet_transplantation")
    curated += "notes:\n  - A person wrote this.\nexcluded:\n  reason: other\n  note: Kept out for the test.\n"
    path.write_text(curated, encoding="utf-8")
    untouched = tree(root)["content/registrations/nct99990002.yaml"]
    api.reset()
    later_run(api, root)
    report = run(root, requests.Session(), LATER)

    first = record(root, "NCT99990001")
    assert (first["therapy"], first["publications"]) == ("th_a", ["st_a"])
    assert first["notes"] == ["A person wrote this."]
    assert first["excluded"] == {"reason": "other", "note": "Kept out for the test."}
    assert first["cell_type"] == "islet_transplantation"  # a person's classification is never redone
    assert first["status"] == "COMPLETED"
    assert first["status_history"] == [{"status": "RECRUITING", "date": TODAY, "source": "sync"},
                                       {"status": "COMPLETED", "date": LATER, "source": "sync"}]
    assert first["primary_completion"] == {"date": "2026-11-20", "type": "ACTUAL"}
    assert first["provenance"]["retrieved"] == LATER
    assert record(root, "NCT99990003")["status"] == "WITHDRAWN"
    assert record(root, "NCT99990004")["results_posted"] is True
    assert tree(root)["content/registrations/nct99990002.yaml"] == untouched  # no longer matching: kept as it was
    assert not load_atlas(root).failed(strict=True)
    assert sorted(p.name for p in (root / "registry" / "snapshots").iterdir()) == [TODAY, LATER]
    text = report.text()
    assert "### New (1)\n\n- NCT99990004\n" in text
    assert "### Changed status (2)\n\n- NCT99990001: RECRUITING -> COMPLETED\n" \
           "- NCT99990003: ACTIVE_NOT_RECRUITING -> WITHDRAWN\n" in text
    assert "### Changed dates (1)\n\n- NCT99990001: primary_completion 2027-06 (estimated) -> 2026-11-20 (actual)\n" \
           in text
    assert "### Withdrawn (1)\n\n- NCT99990003\n" in text
    assert "### No longer matching the query (records kept) (1)\n\n- NCT99990002\n" in text


def test_a_dry_run_reports_and_writes_nothing(root: Path, api: responses.RequestsMock) -> None:
    first_run_responses(api, root)
    before = tree(root)
    report = run(root, requests.Session(), TODAY, dry_run=True)
    assert tree(root) == before
    assert "### New (3)" in report.text() and "Nothing written (dry run)." in report.text()


def edited(name: str, change: Callable[[dict[str, Any]], None]) -> bytes:
    page = copy.deepcopy(data(name))
    change(page)
    return json.dumps(page).encode()


def _study_c(page: dict[str, Any]) -> dict[str, Any]:
    return page["studies"][0]["protocolSection"]


BAD_PAGE_3 = {
    "truncated": (body("studies-page-2")[:700], 200, "page 3: malformed or truncated response"),
    "not-a-page": (b'{"studies": {"NCT99990003": 1}}', 200, "page 3: malformed response: no `studies` list"),
    "repeated-token": (edited("studies-page-2", lambda p: p.update(nextPageToken="TESTTOKEN2")), 200,
                       "page 3: broken page token: the API returned a nextPageToken it had already returned"),
    "token-not-text": (edited("studies-page-2", lambda p: p.update(nextPageToken=7)), 200,
                       "page 3: broken page token: nextPageToken is 7"),
    "token-refused": (b"Invalid pageToken", 400, "page 3: HTTP 400"),
    "server-error": (b"\x1b[2Jdown", 503, "page 3: HTTP 503 from https://clinicaltrials.gov/api/v2/studies: \\u001b[2Jdown"),
    "network": (requests.ConnectionError("connection reset by peer"), 200, "page 3: network failure: ConnectionError"),
    "unknown-status": (edited("studies-page-2", lambda p: _study_c(p)["statusModule"].update(overallStatus="PAUSED")),
                       200, "page 3: NCT99990003: unknown overallStatus value 'PAUSED'"),
    "bad-id": (edited("studies-page-2", lambda p: _study_c(p)["identificationModule"].update(nctId="NCT9999003")),
               200, "page 3: study id 'NCT9999003' does not match NCT + 8 digits"),
    "unknown-country": (edited("studies-page-2", lambda p: _study_c(p).update(
        contactsLocationsModule={"locations": [{"country": "Atlantis"}]})),
        200, "page 3: NCT99990003: country 'Atlantis' has no ISO code"),
    "fails-the-check": (edited("studies-page-2", lambda p: _study_c(p)["identificationModule"].update(
        briefTitle="Long " * 500)), 200,
        "registry: the records would not pass the content check:\ncontent/registrations/nct99990003.yaml:"),
}


@pytest.mark.parametrize("case", sorted(BAD_PAGE_3))
def test_every_bad_input_is_an_error_and_nothing_is_written(root: Path, api: responses.RequestsMock,
                                                            case: str) -> None:
    reply, status, expected = BAD_PAGE_3[case]
    first_run_responses(api, root, page_2=reply, status=status)
    before = tree(root)
    with pytest.raises(RegistryError) as raised:
        run(root, requests.Session(), TODAY)
    assert expected in raised.value.format()
    assert "hint: " in raised.value.format() and raised.value.format().endswith("Nothing was written.")
    assert tree(root) == before
    assert not any(p.name.startswith(".registry-staging-") for p in root.iterdir())


def test_a_token_refused_says_so_in_the_hint(root: Path, api: responses.RequestsMock) -> None:
    first_run_responses(api, root, page_2=b"Invalid pageToken", status=400)
    with pytest.raises(RegistryError) as raised:
        run(root, requests.Session(), TODAY)
    assert "refused the page token" in raised.value.hint


def test_a_bad_id_in_the_listing_stops_on_page_1(root: Path, api: responses.RequestsMock) -> None:
    listing = edited("listing", lambda p: p["studies"][0]["protocolSection"]["identificationModule"].update(
        nctId="nct99990001"))
    register(api, root, "listing", listing)
    before = tree(root)
    with pytest.raises(RegistryError) as raised:
        run(root, requests.Session(), TODAY)
    assert raised.value.format().startswith("registry: page 1: study id 'nct99990001' does not match")
    assert tree(root) == before


def test_the_command_line_exits_one_with_the_error_and_no_traceback(root: Path, api: responses.RequestsMock,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    first_run_responses(api, root, page_2=body("studies-page-2")[:700])
    before = tree(root)
    assert main(["registry", "--root", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("registry: page 3: malformed or truncated response")
    assert "\n    hint: " in err and "Traceback" not in err
    assert tree(root) == before


def test_the_command_line_prints_and_writes_the_report(root: Path, api: responses.RequestsMock, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    first_run_responses(api, root)
    assert main(["registry", "--root", str(root), "--report", str(tmp_path / "report.md")]) == 0
    out, _err = capsys.readouterr()
    assert out.startswith("## ClinicalTrials.gov sync, ") and "### New (3)" in out
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == out


def test_a_held_record_that_does_not_load_stops_the_run_before_any_request(root: Path,
                                                                           api: responses.RequestsMock) -> None:
    bad = root / "content" / "registrations" / "nct99990009.yaml"
    bad.write_text("# yaml-language-server: $schema=../../schemas/registrations.schema.json\nid: [\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="a held record is not valid: content/registrations/nct99990009.yaml"):
        run(root, requests.Session(), TODAY)
    bad.write_text("# yaml-language-server: $schema=../../schemas/registrations.schema.json\nid: nct99990009\n",
                   encoding="utf-8")
    with pytest.raises(RegistryError, match=r"nct99990009.yaml:2:1: \[schema-required\]"):
        run(root, requests.Session(), TODAY)
    assert not api.calls


@pytest.mark.parametrize(("text", "expected"), [
    ("conditions: [a]\ninterventions: [b]\n", "expected exactly the keys"),
    ("conditions: []\ninterventions: [b]\npage_size: 10\n", "conditions must be a non-empty list"),
    ("conditions: ['say \"x\"']\ninterventions: [b]\npage_size: 10\n", "conditions must be a non-empty list"),
    ("conditions: [a]\ninterventions: [b]\npage_size: 1001\n", "page_size must be a whole number from 1 to 1000"),
    ("conditions: [a\n", "cannot be read"),
])
def test_a_bad_query_file_is_refused(root: Path, text: str, expected: str) -> None:
    (root / QUERY_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=expected):
        load_query(root)


def test_the_committed_query_joins_its_terms_with_or() -> None:
    query = load_query(REPO)
    assert query.params()["query.cond"].startswith('("type 1 diabetes" OR "type 2 diabetes" OR ')
    assert '"islet transplantation"' in query.params()["query.intr"]
    assert 1 <= query.page_size <= 1000


CURATED_RECORD = """\
# yaml-language-server: $schema=../../schemas/registrations.schema.json
id: nct99990004
registry: clinicaltrials.gov
registry_id: NCT99990004
secondary_ids: []
title: null
official_title: null
conditions: null
diabetes_types: [T2D]
intervention: null
cell_type: bone_marrow_cells
therapy: th_a
phases: null
status: COMPLETED
enrollment: {count: null, type: null}
start: {date: null, type: null}
primary_completion: {date: null, type: null}
completion: {date: null, type: null}
sponsor: {name: null, class: null}
countries: null
sites: null
results_posted: null
last_update_posted: '2026-11-30'
publications: [st_a]
status_history:
- {status: COMPLETED, date: '2026-11-30', source: curated}
provenance:
  retrieved: '2026-11-30'
  read_on: [https://example.org/a-mirror-of-the-record]
  page_kind: mirror
  verified_fields: [status, last_update_posted]
notes: [Read on a mirror; made-up test data.]
"""


def test_a_record_curated_from_other_pages_is_read_by_id_and_keeps_its_curation(root: Path,
                                                                              api: responses.RequestsMock) -> None:
    path = root / "content" / "registrations" / "nct99990004.yaml"
    path.write_text(CURATED_RECORD, encoding="utf-8")
    register(api, root, "listing", body("listing-later"))
    register(api, root, "updated", body("updated-later"))  # no record written by the sync yet: every match
    register(api, root, "added", body("added-later"), ids="NCT99990004")  # held, but never read from the API
    report = run(root, requests.Session(), TODAY)

    assert [call.request.params.get("filter.advanced") for call in api.calls] == [None, None, None]
    assert "### New (2)\n\n- NCT99990001\n- NCT99990003\n" in report.text()
    assert "- NCT99990004: start none -> 2019-02 (actual)\n" in report.text()  # not read before: "none"
    assert "Changed status" not in report.text()
    fourth = record(root, "NCT99990004")
    assert (fourth["therapy"], fourth["publications"], fourth["notes"]) == ("th_a", ["st_a"],
                                                                          ["Read on a mirror; made-up test data."])
    assert (fourth["diabetes_types"], fourth["cell_type"]) == (["T2D"], "bone_marrow_cells")  # never redone
    assert fourth["title"] == "Test Data Bone Marrow Study" and fourth["last_update_posted"] == "2022-03-04"
    assert fourth["status_history"] == [{"status": "COMPLETED", "date": "2026-11-30", "source": "curated"}]
    assert fourth["provenance"]["page_kind"] == "registry"
    # Written in the records' own style: the lines that did not change are the same lines.
    kept = set(CURATED_RECORD.splitlines()) & set(path.read_text(encoding="utf-8").splitlines())
    assert {"therapy: th_a", "publications: [st_a]", "status: COMPLETED", "notes: [Read on a mirror; made-up test data.]",
            "- {status: COMPLETED, date: '2026-11-30', source: curated}"} <= kept
    assert not load_atlas(root).failed(strict=True)


def test_since_on_the_command_line_narrows_the_read(root: Path, api: responses.RequestsMock,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    register(api, root, "listing", body("listing"))
    register(api, root, "updated", json.dumps({"studies": []}).encode(),
             **{"filter.advanced": "AREA[LastUpdatePostDate]RANGE[2026-11-01,MAX]"})
    ids = "NCT99990001,NCT99990002,NCT99990003"
    register(api, root, "added", body("studies-page-1").replace(b'"TESTTOKEN2"', b'"TESTTOKEN3"'), ids=ids)
    register(api, root, "added", body("studies-page-2"), ids=ids, pageToken="TESTTOKEN3")
    assert main(["registry", "--root", str(root), "--since", "2026-11-01", "--dry-run"]) == 0
    out, _err = capsys.readouterr()
    assert "4 page(s) read; the query matches 3 studies; 3 read in full (updated since 2026-11-01)." in out
    assert "Nothing written (dry run)." in out


def test_a_secondary_id_whose_record_does_not_name_the_study_back_is_reported_not_written(
        root: Path, api: responses.RequestsMock) -> None:
    chictr = root / "content" / "registrations" / "chictr2099000001.yaml"
    chictr.write_text(chictr.read_text(encoding="utf-8").replace("secondary_ids:\n  - NCT99990001\n",
                                                                 "secondary_ids: []\n"), encoding="utf-8")
    curated = chictr.read_bytes()
    first_run_responses(api, root)
    report = run(root, requests.Session(), TODAY)
    assert record(root, "NCT99990001")["secondary_ids"] == []
    assert "secondary_ids" not in record(root, "NCT99990001")["provenance"]["verified_fields"]
    assert chictr.read_bytes() == curated  # another registry's record: never written by the sync
    assert ("- NCT99990001 names ChiCTR2099000001, whose record does not name it back\n" in report.text())
    assert not load_atlas(root).failed(strict=True)
