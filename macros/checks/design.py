"""A study's design agrees with its control group and participant count (the evidence level depends on both)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("design-mismatch",)

CONTROLLED = frozenset({"randomised-controlled", "non-randomised-controlled"})
UNCONTROLLED = frozenset({"case-report", "case-series", "single-arm"})


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    for study in index.records("studies"):
        design, control = study.data["design"], study.data["control"]
        participants = study.data["participants"]
        if design in CONTROLLED and control == "none":
            yield study.diagnostic(("control",), "design-mismatch", f"a {design} study needs a control group")
        if design in UNCONTROLLED and control not in ("none", "historical"):
            yield study.diagnostic(("control",), "design-mismatch", f"a {design} has no concurrent '{control}' group")
        if design == "case-report" and participants is not None and participants["value"] != 1:
            yield study.diagnostic(
                ("participants", "value"), "design-mismatch",
                f"a case report has one participant, not {participants['value']}",
            )
