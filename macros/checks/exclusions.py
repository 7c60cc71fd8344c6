"""An excluded study is not also an included one, so the flow counts on the methodology page add up.

A record excluded as a further report of a tabled trial ('same-trial') names that study in `study`, and may share
its registration; any other exclusion that shares a registration with an included study contradicts it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from .index import RecordIndex

RULES = ("exclusion-included",)


def check(index: RecordIndex) -> Iterator[Diagnostic]:
    studies = index.ids("studies")
    registered = {r: study.id for study in index.records("studies") for r in study.data.get("registry_ids", [])}
    for exclusion in index.records("exclusions"):
        if exclusion.id in studies:
            yield exclusion.diagnostic(("id",), "exclusion-included", f"'{exclusion.id}' is also a study record")
        if exclusion.data.get("reason") == "same-trial":
            continue
        for i, registry_id in enumerate(exclusion.data.get("registry_ids", [])):
            if registry_id in registered:
                yield exclusion.diagnostic(
                    ("registry_ids", i), "exclusion-included",
                    f"registration {registry_id} belongs to the included study '{registered[registry_id]}'",
                )
