"""The closed set of diagnostic rule ids (macros/diagnostics.py) as a Markdown table: id, severity, meaning, fix."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Rule
from . import escape


def reference(rules: Iterable[Rule]) -> str:
    """One row per rule, in the order given; each row carries an anchor named after the rule id."""
    lines = ["| Rule | Severity | What it reports | How to fix it |", "|---|---|---|---|"]
    for rule in rules:
        anchor = escape.text(rule.id)
        lines.append(f'| <code id="{anchor}">{anchor}</code> | {rule.severity.value} | '
                     f"{escape.text(rule.summary)} | {escape.text(rule.hint)} |")
    return "\n".join(lines) + "\n"
