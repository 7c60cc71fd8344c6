"""The registry of cross-file rules, run in this order after every record has passed its schema.

Each rule is a small module with `RULES` (the rule ids it may report) and `check(index) -> diagnostics`,
and its test beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from ..diagnostics import Diagnostic
from . import citations, design, identifiers, ids, orphans, references, registrations
from .index import RecordIndex

CHECKS: tuple[ModuleType, ...] = (ids, citations, references, identifiers, design, registrations, orphans)


def run_checks(index: RecordIndex) -> list[Diagnostic]:
    """Every diagnostic of every registered rule."""
    found: list[Diagnostic] = []
    for module in CHECKS:
        check: Callable[[RecordIndex], Iterable[Diagnostic]] = module.check
        found.extend(check(index))
    return found
