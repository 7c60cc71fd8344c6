"""Markdown table assembly shared by the renderers."""

from __future__ import annotations

from collections.abc import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str = "*No records match.*") -> str:
    """A pipe table from already-escaped cells; `empty` when there are no rows."""
    if not rows:
        return empty
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
