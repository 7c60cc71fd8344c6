"""The parts of the registry sync: mapping one API v2 study, the first classification, the writer, escaping."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from macros.load import load_file
from macros.registry import classify
from macros.registry.errors import RegistryError
from macros.registry.mapping import map_study
from macros.registry.merge import merge
from macros.registry.report import Report
from macros.registry.terminal import safe
from macros.registry.writer import dump, reads_back

STUDY = json.loads((REPO / "tests" / "registry" / "responses" / "test-data-studies-page-1.json").read_bytes())["studies"][0]


def changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    study = copy.deepcopy(STUDY)
    target = study
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return study


@pytest.mark.parametrize(("path", "value", "message"), [
    (("protocolSection", "designModule", "phases"), ["PHASE5"], "unknown phase value 'PHASE5'"),
    (("protocolSection", "statusModule", "startDateStruct"), {"date": "2024-03", "type": "ANTICIPATED"},
     "unknown startDateStruct.type value 'ANTICIPATED'"),
    (("protocolSection", "statusModule", "startDateStruct"), {"date": "March 2024"}, "startDateStruct.date is"),
    (("protocolSection", "sponsorCollaboratorsModule", "leadSponsor"), {"name": "X", "class": "CHARITY"},
     "unknown leadSponsor.class value 'CHARITY'"),
    (("protocolSection", "statusModule", "overallStatus"), None, "unknown overallStatus value None"),
    (("protocolSection", "designModule", "enrollmentInfo"), {"count": "20"}, "enrollmentInfo.count is '20'"),
    (("hasResults",), "no", "hasResults is 'no'"),
    (("protocolSection", "identificationModule", "briefTitle"), None, "briefTitle is missing"),
])
def test_a_value_outside_the_api_vocabulary_is_refused_with_the_study_id(path: tuple[str, ...], value: Any,
                                                                        message: str) -> None:
    with pytest.raises(RegistryError) as raised:
        map_study(changed(path, value))
    assert raised.value.message.startswith("NCT99990001: ") and message in raised.value.message


def test_registry_text_becomes_one_line_without_control_characters() -> None:
    study = changed(("protocolSection", "identificationModule", "briefTitle"), " Islets\n\tfor\u2028T1D\u202e ")
    assert map_study(study)["title"] == "Islets for T1D"


@pytest.mark.parametrize(("texts", "expected"), [
    (["Diabetes Mellitus, Type 1"], ["T1D"]),
    (["Type 2 Diabetes Mellitus"], ["T2D"]),
    (["Diabetes Mellitus, Non-Insulin-Dependent"], ["T2D"]),
    (["Insulin-Dependent Diabetes Mellitus"], ["T1D"]),
    (["Type 1 Diabetes", "T2DM"], ["T1D", "T2D"]),
    (["Diabetes Mellitus"], None),
])
def test_diabetes_types_are_read_from_the_conditions(texts: list[str], expected: list[str] | None) -> None:
    assert classify.diabetes_types(texts) == expected


@pytest.mark.parametrize(("intervention", "expected"), [
    ("Biological: Stem Cell Educator therapy", "stem_cell_educator"),
    ("Biological: Umbilical cord mesenchymal stem cells", "msc"),
    ("Procedure: Autologous hematopoietic stem cell transplantation", "ahsct"),
    ("Biological: VX-880", "stem_cell_derived_islets"),
    ("Biological: Allogeneic islet cells", "islet_transplantation"),
    ("Drug: Insulin", "other"),
    (None, None),
])
def test_a_first_cell_type_is_read_from_the_intervention(intervention: str | None, expected: str | None) -> None:
    assert classify.cell_type(intervention, "A study") == expected


def test_every_shipped_registration_reads_back_through_the_writer(tmp_path: Path) -> None:
    """The sync can rewrite any record in content/registrations/ without changing a value, in yamllint's style."""
    written = tmp_path / "content" / "registrations"
    written.mkdir(parents=True)
    paths = sorted((REPO / "content" / "registrations").glob("*.yaml"))
    assert paths
    for path in paths:
        shown = path.relative_to(REPO).as_posix()
        record, diagnostics = load_file(path, shown, "registrations")
        assert record is not None and not diagnostics
        text = dump(record.data)
        assert reads_back(text, record.data, shown), shown
        (written / path.name).write_text(text, encoding="utf-8")
    done = subprocess.run([Path(sys.executable).parent / "yamllint", "-c", REPO / ".yamllint.yaml", "-f", "parsable",
                           written], capture_output=True, text=True, check=False)
    assert "[error]" not in done.stdout, done.stdout


def test_terminal_output_escapes_what_could_drive_the_terminal() -> None:
    assert safe("NCT0\x1b[2J\u202eok\u2028") == "NCT0\\u001b[2J\\u202eok\\u2028"
    assert safe("Zhōngshān 中山 – ok\n") == "Zhōngshān 中山 – ok\n"
    error = RegistryError("HTTP 500: \x1b]0;title\x07", "Try \x1b[31magain.", 2)
    assert error.format() == "registry: page 2: HTTP 500: \\u001b]0;title\\u0007\n    hint: Try \\u001b[31magain. " \
                             "Nothing was written."


def test_a_new_withdrawn_study_is_reported_as_new_and_withdrawn_not_as_a_status_change() -> None:
    fields = map_study(changed(("protocolSection", "statusModule", "overallStatus"), "WITHDRAWN"))
    record, delta = merge(None, fields, "2026-12-01")
    assert record["status_history"] == [{"status": "WITHDRAWN", "date": "2026-12-01", "source": "sync"}]
    text = Report("2026-12-01", None, 1, 1, 1, (delta,), (), (), None).text()
    assert "### New (1)\n\n- NCT99990001\n" in text and "### Withdrawn (1)\n\n- NCT99990001\n" in text
    assert "Changed status" not in text


def test_a_record_is_rewritten_only_when_a_value_changed_or_it_was_curated_from_other_pages() -> None:
    fields = map_study(STUDY)
    written, _ = merge(None, copy.deepcopy(fields), "2026-12-01")
    same, delta = merge(written, copy.deepcopy(fields), "2026-12-08")
    assert same is written and not delta.changed  # retrieval date kept: nothing to write
    curated = {**written, "secondary_ids": ["NCT99990009", "ChiCTR2099000001"],
               "provenance": {"retrieved": "2026-11-01", "read_on": ["https://example.org/mirror"],
                              "page_kind": "mirror", "verified_fields": ["title"]}}
    upgraded, delta = merge(curated, copy.deepcopy(fields), "2026-12-08")
    assert delta.changed and not (delta.status or delta.dates)
    assert upgraded["provenance"]["page_kind"] == "registry" and upgraded["provenance"]["retrieved"] == "2026-12-08"
    assert upgraded["secondary_ids"] == ["NCT99990009", "ChiCTR2099000001"]  # kept in their order, none lost
    assert "secondary_ids" not in upgraded["provenance"]["verified_fields"]  # NCT99990009 was not read there
