"""Numbers of one study that contradict each other: more deaths than participants, a follow-up over a century,
and more than one key outcome (summary tables show one)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("deaths-exceed-participants", "duration-implausible", "key-outcome-duplicate")

MAX_MONTHS = 1200  #: 100 years
MONTHS_PER = {"days": 12 / 365.25, "weeks": 12 / 52.18, "months": 1.0, "years": 12.0}


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for study in index.records("studies"):
        data = study.data
        participants, harms, follow_up = data["participants"], data["adverse_events"], data["follow_up"]
        deaths = None if harms is None else harms["deaths"]
        if participants is not None and deaths is not None and deaths > participants["value"]:
            yield study.diagnostic(("adverse_events", "deaths"), "deaths-exceed-participants",
                                       f"{harms['deaths']} deaths among {participants['value']} participants")
        if follow_up is not None and follow_up["value"] * MONTHS_PER[follow_up["unit"]] > MAX_MONTHS:
            yield study.diagnostic(("follow_up", "value"), "duration-implausible",
                                   f"a follow-up of {follow_up['value']} {follow_up['unit']} is over 100 years")
        keys = [i for i, outcome in enumerate(data["outcomes"]) if outcome.get("key")]
        for i in keys[1:]:
            yield study.diagnostic(("outcomes", i, "key"), "key-outcome-duplicate",
                                   f"outcome {i + 1} is marked key, and so is outcome {keys[0] + 1}")
