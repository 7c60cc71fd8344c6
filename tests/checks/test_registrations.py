from macros.checks.registrations import check

from .testing import index, record

BODY = """\
id: {id}
registry: {registry}
registry_id: {registry_id}
secondary_ids: {secondary}
title: A trial
official_title: null
conditions: [Type 1 Diabetes]
diabetes_types: [T1D]
intervention: null
cell_type: msc
therapy: null
phases: null
status: {status}
enrollment: {{count: null, type: null}}
start: {{date: null, type: null}}
primary_completion: {{date: null, type: null}}
completion: {{date: null, type: null}}
sponsor: {{name: null, class: null}}
countries: null
sites: null
results_posted: null
last_update_posted: null
publications: []
status_history: []
provenance:
  retrieved: 2026-12-01
  read_on: [https://example.org/x]
  page_kind: mirror
  verified_fields: {verified}
"""


def registration(registry_id: str = "NCT01234567", registry: str = "clinicaltrials.gov", status: str = "RECRUITING",
                 secondary: str = "[]", verified: str = "[title]", id: str | None = None) -> object:
    rid = id or registry_id.lower().replace("-", "")
    return record("registrations", BODY.format(id=rid, registry=registry, registry_id=registry_id,
                                               secondary=secondary, status=status, verified=verified))


def rules(*records: object) -> list[tuple[str, int]]:
    return [(d.rule, d.line) for d in check(index(*records))]


def test_a_valid_registration_passes() -> None:
    assert rules(registration()) == []


def test_id_must_be_the_folded_registry_id() -> None:
    assert rules(registration(id="nct07654321")) == [("registration-id", 4)]


def test_old_chictr_ids_fold_with_dashes() -> None:
    assert rules(registration("ChiCTR-ONC-10000985", "chictr", "Completed", id="chictr-onc-10000985")) == []


def test_ctgov_status_uses_the_api_vocabulary() -> None:
    assert rules(registration(status="Recruiting")) == [("registration-status", 14)]


def test_other_registries_print_their_status_in_words() -> None:
    assert rules(registration("ISRCTN06128462", "isrctn", "COMPLETED")) == [("registration-status", 14)]


def test_a_verified_field_needs_a_value() -> None:
    assert rules(registration(verified="[title, sponsor]")) == [("registration-verified-null", 30)]


def test_secondary_ids_name_each_other() -> None:
    a = registration(secondary="[ChiCTR2000031319]")
    b = registration("ChiCTR2000031319", "chictr", "Recruiting", secondary="[NCT01234567]")
    assert rules(a, b) == []
    assert rules(a, registration("ChiCTR2000031319", "chictr", "Recruiting")) == [("registration-secondary", 5)]


def test_a_secondary_id_is_not_the_records_own() -> None:
    assert rules(registration(secondary="[NCT01234567]")) == [("registration-secondary", 5)]
