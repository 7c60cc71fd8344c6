"""One sync run, all or nothing.

1. list every study the committed query matches (ids only);
2. read in full the matching studies updated since the newest `last_update_posted` of the records the sync wrote
   (or `--since`; every match when it wrote none yet), then by id any matching study not held yet or held only
   from other pages (curated from mirrors or copies);
3. map and merge each into its record; held records the query no longer returns are reported, never deleted;
4. stage the changed records beside a copy of content/ and schemas/, run the engine's check on it, and only when
   it adds no error move each record (and the run's snapshot folder) into place with an atomic rename.

Any error before step 4 ends the run with nothing written. Records of other registries are never touched.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from ..diagnostics import Diagnostic, is_error
from ..load import CONTENT_DIR, SCHEMAS_DIR, load_file
from ..pipeline import load_atlas
from ..validate import Validator, load_schemas
from .client import Page, Pager
from .errors import RegistryError
from .mapping import map_study, nct_id
from .merge import Delta, is_synced, merge
from .query import Query, load_query
from .report import Report
from .snapshots import SNAPSHOTS_DIR, snapshot_name, write_snapshot
from .writer import KIND, dump, reads_back

RECORDS_DIR = Path(CONTENT_DIR) / KIND
#: `fields` takes the API's piece names (its Data Structure page): the id alone for the listing, and for full
#: records the modules the mapping reads (not the results section, which can be megabytes).
LISTING_FIELDS = "NCTId"
STUDY_FIELDS = ("IdentificationModule,StatusModule,SponsorCollaboratorsModule,ConditionsModule,DesignModule,"
                "ArmsInterventionsModule,ContactsLocationsModule,HasResults")
IDS_PER_LOOKUP = 100  #: NCT ids per `filter.ids` request for matching studies not held yet


def run(root: Path, session: requests.Session, today: str, since: str | None = None,
        dry_run: bool = False) -> Report:
    """Sync root/content/registrations with ClinicalTrials.gov; raises RegistryError with nothing written."""
    query = load_query(root)
    held = _held(root)
    ctgov = {r["registry_id"]: r for r in held.values() if r["registry"] == "clinicaltrials.gov"}
    synced = {key for key, r in ctgov.items() if is_synced(r)}
    since = since or _newest_update(ctgov[key] for key in synced)
    pager = Pager(session)
    listed, fresh = _fetch(pager, query, since, synced)
    texts, deltas, unlinked = _changes(fresh, ctgov, {r["registry_id"]: r for r in held.values()}, today)
    report = Report(today, since, len(pager.pages), len(listed), len(fresh), tuple(deltas),
                    tuple(sorted(set(ctgov) - listed)), tuple(unlinked), None)
    if not texts or dry_run:
        return report
    folder = snapshot_name(root, today)
    _commit(root, texts, pager.pages, folder, today, since)
    return dataclasses.replace(report, written=(SNAPSHOTS_DIR / folder).as_posix())


def _fetch(pager: Pager, query: Query, since: str | None, synced: set[str]) -> tuple[set[str], dict[str, Any]]:
    """The ids the query matches, and the mapped studies to merge, by registry id."""
    listing = {**query.params(), "fields": LISTING_FIELDS, "pageSize": "1000"}
    listed = {_on_page(page, nct_id, study) for page in pager.fetch_all("listing", listing) for study in page.studies}
    full = {**query.params(), "fields": STUDY_FIELDS, "pageSize": str(query.page_size)}
    if since:
        full["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{since},MAX]"
    fresh = dict(_mapped(pager.fetch_all("updated", full)))
    unheld = sorted(listed - synced - set(fresh))  # new matches, and held records never read from the API
    for start in range(0, len(unheld), IDS_PER_LOOKUP):
        ids = {"filter.ids": ",".join(unheld[start:start + IDS_PER_LOOKUP]), "fields": STUDY_FIELDS,
               "pageSize": str(IDS_PER_LOOKUP)}
        fresh.update(_mapped(pager.fetch_all("added", ids)))
    return listed, fresh


def _changes(fresh: dict[str, Any], ctgov: dict[str, Any], by_registry_id: dict[str, Any],
             today: str) -> tuple[dict[str, str], list[Delta], list[str]]:
    """The text of every changed record by path, what changed, and the secondary ids left to link by hand."""
    texts: dict[str, str] = {}
    deltas: list[Delta] = []
    unlinked: list[str] = []
    for registry_id in sorted(fresh):
        fields = fresh[registry_id]
        unlinked += _unlinked(fields, ctgov.get(registry_id), by_registry_id)
        record, delta = merge(ctgov.get(registry_id), fields, today)
        if not delta.changed:
            continue
        shown = (RECORDS_DIR / f"{fields['id']}.yaml").as_posix()
        texts[shown] = dump(record)
        if not reads_back(texts[shown], record, shown):
            raise RegistryError(f"{shown}: the written YAML does not read back as the record",
                                "This is a bug in macros/registry/writer.py: report it with the snapshot.")
        deltas.append(delta)
    return texts, deltas, unlinked


def _held(root: Path) -> dict[str, dict[str, Any]]:
    """Every record in content/registrations/, by id; one that does not load or fails its schema stops the run."""
    validator = Validator(load_schemas(root))
    records = {}
    for path in sorted((root / RECORDS_DIR).glob("*.yaml")):
        shown = path.relative_to(root).as_posix()
        record, diagnostics = load_file(path, shown, KIND)
        if record is not None:
            diagnostics = [d for d in diagnostics if is_error(d)] + validator.validate(record)
        if record is None or diagnostics:
            raise RegistryError(f"a held record is not valid: {diagnostics[0].format()}",
                                "Fix it first (`make check` lists every problem).")
        records[path.stem] = record.data
    return records


def _unlinked(fields: dict[str, Any], held: dict[str, Any] | None, by_registry_id: dict[str, Any]) -> list[str]:
    """Secondary ids whose own record does not name this study back: left out of the record (the check would
    refuse it, and the other record is curated by hand), and reported for a person to link."""
    found = []
    kept = set(held.get("secondary_ids") or []) if held else set()
    for other_id in list(fields["secondary_ids"]):
        other = by_registry_id.get(other_id)
        if other_id not in kept and other is not None and fields["registry_id"] not in other["secondary_ids"]:
            fields["secondary_ids"].remove(other_id)
            found.append(f"{fields['registry_id']} names {other_id}, whose record does not name it back")
    return found


def _newest_update(records: Any) -> str | None:
    dates = [r["last_update_posted"] for r in records if isinstance(r.get("last_update_posted"), str)]
    return max(dates) if dates else None


def _on_page(page: Page, function: Any, study: Any) -> Any:
    """`function(study)`, its error placed on the page."""
    try:
        return function(study)
    except RegistryError as err:
        raise err.at_page(page.number) from None


def _mapped(pages: Iterator[Page]) -> Iterator[tuple[str, dict[str, Any]]]:
    for page in pages:
        for study in page.studies:
            fields = _on_page(page, map_study, study)
            yield fields["registry_id"], fields


def _commit(root: Path, texts: dict[str, str], pages: list[Page], folder: str, today: str, since: str | None) -> None:
    """Check the changed records with the engine on a staged copy, then move them and the snapshot into place."""
    staging = Path(tempfile.mkdtemp(prefix=".registry-staging-", dir=root))
    try:
        stage = staging / "root"
        for name in (CONTENT_DIR, SCHEMAS_DIR):
            shutil.copytree(root / name, stage / name, symlinks=True)
        (stage / RECORDS_DIR).mkdir(parents=True, exist_ok=True)
        for shown, text in texts.items():
            (stage / shown).write_text(text, encoding="utf-8")
        before = {_key(d) for d in load_atlas(root).diagnostics if is_error(d)}
        added = [d for d in load_atlas(stage).diagnostics if is_error(d) and _key(d) not in before]
        if added:
            raise RegistryError("the records would not pass the content check:\n"
                                + "\n".join(d.format() for d in added),
                                "Fix the mapping or the held records it conflicts with.")
        write_snapshot(staging / "snapshot", pages, today, since)
        (root / RECORDS_DIR).mkdir(parents=True, exist_ok=True)
        (root / SNAPSHOTS_DIR).mkdir(parents=True, exist_ok=True)
        for shown in texts:
            os.replace(stage / shown, root / shown)
        os.replace(staging / "snapshot", root / SNAPSHOTS_DIR / folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _key(diagnostic: Diagnostic) -> tuple[str, str, str]:
    return diagnostic.path, diagnostic.rule, diagnostic.message
