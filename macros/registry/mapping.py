"""One API v2 study -> the fields of a registration that the sync owns (the contract's shape).

Every value the sync does not know is refused here, with the study's id: an id that is not NCT + 8 digits, a
status, phase, date type or sponsor class outside the API's vocabulary, a country name the sync cannot code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..registries import fold_id, registry_of
from .errors import RegistryError
from .vocabulary import COUNTRIES, DATE_TYPES, NCT_ID, PHASES, SPONSOR_CLASSES, STATUSES

_LAYOUT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\\s]+")
_API_HINT = ("The response does not have the shape of ClinicalTrials.gov API v2 that macros/registry/ knows; if "
             "the API changed, update macros/registry/vocabulary.py and mapping.py in a pull request.")
DATE_FIELDS = {"start": "startDateStruct", "primary_completion": "primaryCompletionDateStruct",
               "completion": "completionDateStruct"}


def nct_id(study: Mapping[str, Any]) -> str:
    """The study's NCT id, checked."""
    value = _get(study, "protocolSection", "identificationModule", "nctId")
    if not isinstance(value, str) or not NCT_ID.fullmatch(value):
        raise RegistryError(f"study id {value!r} does not match NCT + 8 digits (NCT\\d{{8}})", _API_HINT)
    return value


def map_study(study: Mapping[str, Any]) -> dict[str, Any]:
    """The sync-owned fields of the study's record (provenance and status history are added by the merge)."""
    nct = nct_id(study)
    try:
        return _map(nct, study)
    except RegistryError as err:
        raise RegistryError(f"{nct}: {err.message}", err.hint) from None


def _map(nct: str, study: Mapping[str, Any]) -> dict[str, Any]:
    protocol = _object(study.get("protocolSection"), "protocolSection")
    ident = _object(protocol.get("identificationModule"), "identificationModule")
    status = _object(protocol.get("statusModule"), "statusModule")
    sponsor = _object(_object(protocol.get("sponsorCollaboratorsModule", {}), "sponsorCollaboratorsModule")
                      .get("leadSponsor", {}), "leadSponsor")
    design = _object(protocol.get("designModule", {}), "designModule")
    enrollment = _object(design.get("enrollmentInfo", {}), "enrollmentInfo")
    locations = _object(protocol.get("contactsLocationsModule", {}), "contactsLocationsModule").get("locations")
    overall = _enum(status.get("overallStatus"), STATUSES, "overallStatus", required=True)
    title = _text(ident.get("briefTitle"), "briefTitle")
    if title is None:
        raise RegistryError("briefTitle is missing", _API_HINT)
    has_results = study.get("hasResults")
    if has_results is not None and not isinstance(has_results, bool):
        raise RegistryError(f"hasResults is {has_results!r}, not true or false", _API_HINT)
    count = enrollment.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise RegistryError(f"enrollmentInfo.count is {count!r}, not a whole number", _API_HINT)
    fields: dict[str, Any] = {
        "id": fold_id(nct),
        "registry": "clinicaltrials.gov",
        "registry_id": nct,
        "secondary_ids": _secondary_ids(ident.get("secondaryIdInfos", []), nct),
        "title": title,
        "official_title": _text(ident.get("officialTitle"), "officialTitle"),
        "conditions": _texts(_object(protocol.get("conditionsModule", {}), "conditionsModule").get("conditions"),
                             "conditions"),
        "intervention": _interventions(_object(protocol.get("armsInterventionsModule", {}), "armsInterventionsModule")
                                       .get("interventions")),
        "phases": _phases(design.get("phases")),
        "status": overall,
        "enrollment": {"count": count, "type": _enum(enrollment.get("type"), DATE_TYPES, "enrollmentInfo.type")},
        **{field: _date(status.get(key), key) for field, key in DATE_FIELDS.items()},
        "sponsor": {"name": _text(sponsor.get("name"), "leadSponsor.name"),
                    "class": _enum(sponsor.get("class"), SPONSOR_CLASSES, "leadSponsor.class")},
        "countries": _countries(locations),
        "sites": len(locations) if isinstance(locations, list) else None,
        "results_posted": has_results,
        "last_update_posted": _date(status.get("lastUpdatePostDateStruct"), "lastUpdatePostDateStruct")["date"],
    }
    return fields


def verified_fields(fields: Mapping[str, Any]) -> list[str]:
    """The fields read from the API that have a value (the schema's names)."""
    names = [n for n in ("registry_id", "title", "official_title", "conditions", "intervention", "phases", "status")
             if fields[n] is not None]
    for name, value_key in (("enrollment", "count"), *((f, "date") for f in DATE_FIELDS), ("sponsor", "name")):
        if fields[name][value_key] is not None:
            names.append(name)
        type_key = "class" if name == "sponsor" else "type"
        if fields[name][type_key] is not None:
            names.append(f"{name}.{type_key}")
    names += [n for n in ("countries", "sites", "results_posted", "last_update_posted") if fields[n] is not None]
    return names


def clean(text: str) -> str:
    """Registry text as one line: runs of whitespace, control and invisible layout characters become one space."""
    return _LAYOUT.sub(" ", text).strip()


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RegistryError(f"{name} is not an object", _API_HINT)
    return value


def _text(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RegistryError(f"{name} is {value!r}, not text", _API_HINT)
    return clean(value) or None


def _texts(values: Any, name: str) -> list[str] | None:
    values = _list(values, name)
    if values is None:
        return None
    cleaned = [t for t in (_text(v, name) for v in values) if t is not None]
    return list(dict.fromkeys(cleaned)) or None


def _list(value: Any, name: str) -> list[Any] | None:
    if value is not None and not isinstance(value, list):
        raise RegistryError(f"{name} is not a list", _API_HINT)
    return value


def _enum(value: Any, allowed: frozenset[str], name: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if value not in allowed:
        raise RegistryError(f"unknown {name} value {value!r}; known: {', '.join(sorted(allowed))}", _API_HINT)
    return value


def _date(struct: Any, name: str) -> dict[str, str | None]:
    if struct is None:
        return {"date": None, "type": None}
    struct = _object(struct, name)
    date = struct.get("date")
    if date is not None and (not isinstance(date, str) or not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", date)):
        raise RegistryError(f"{name}.date is {date!r}, not YYYY, YYYY-MM or YYYY-MM-DD", _API_HINT)
    return {"date": date, "type": _enum(struct.get("type"), DATE_TYPES, f"{name}.type")}


def _phases(values: Any) -> list[str] | None:
    values = _list(values, "phases")
    if values is None:
        return None
    return list(dict.fromkeys(_enum(v, PHASES, "phase", required=True) for v in values)) or None


def _interventions(values: Any) -> str | None:
    """`Type: name` of each intervention, joined with '; ', as the registry's page lists them."""
    values = _list(values, "interventions")
    if values is None:
        return None
    shown = []
    for value in values:
        item = _object(value, "intervention")
        name = _text(item.get("name"), "intervention.name")
        kind = _text(item.get("type"), "intervention.type")
        if name:
            shown.append(f"{kind.replace('_', ' ').capitalize()}: {name}" if kind else name)
    return "; ".join(dict.fromkeys(shown)) or None


def _countries(locations: Any) -> list[str] | None:
    locations = _list(locations, "locations")
    if locations is None:
        return None
    codes = []
    for location in locations:
        name = _text(_object(location, "location").get("country"), "location.country")
        if name is None:
            continue
        if name not in COUNTRIES:
            raise RegistryError(f"country {name!r} has no ISO code in macros/registry/vocabulary.py",
                                "Add the country name as ClinicalTrials.gov prints it, with its ISO 3166-1 code, "
                                "to COUNTRIES in macros/registry/vocabulary.py.")
        codes.append(COUNTRIES[name])
    return sorted(set(codes)) or None


def _secondary_ids(values: Any, own: str) -> list[str]:
    """The secondary ids that are registry ids (sponsors' protocol numbers are left out), other than its own."""
    ids = [_text(_object(v, "secondaryIdInfo").get("id"), "secondaryIdInfo.id")
           for v in _list(values, "secondaryIdInfos") or []]
    return sorted({i for i in ids if i and i != own and registry_of(i)})
