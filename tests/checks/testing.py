"""Helpers for the unit tests of the rules: records and an index from inline YAML."""

from __future__ import annotations

from macros.checks.index import RecordIndex
from macros.load import Record, load_text, modeline

KINDS = ["approvals", "claims", "exclusions", "glossary", "sources", "studies", "therapies"]


def record(kind: str, body: str) -> Record:
    """A record of `kind` from YAML `body` (without the modeline), stored as content/<kind>/<id>.yaml."""
    text = modeline(kind) + "\n" + body
    first = next(line for line in body.splitlines() if line.startswith("id:"))
    shown = f"content/{kind}/{first.split(':', 1)[1].strip()}.yaml"
    loaded, diagnostics = load_text(text, shown, kind)
    assert loaded is not None and not diagnostics, diagnostics
    return loaded


def index(*records: Record) -> RecordIndex:
    return RecordIndex.of(list(records), list(records), KINDS)
