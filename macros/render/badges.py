"""Evidence badges (level, design, n) and their legend: one renderer used by every table and page."""

from __future__ import annotations

from .. import messages, vocabulary
from ..evidence import LEVELS
from ..model import Study
from . import escape, values


def participants(study: Study) -> str:
    """'n = 28', 'n ≥ 14' or 'n unknown'."""
    if study.participants is None:
        return "n unknown"
    return f"n {vocabulary.PRECISION[study.participants.precision]} {study.participants.value}"


def badge(study: Study) -> str:
    """Inline HTML: the level (coloured, with its name as a tooltip), the design and the number of participants."""
    level = study.evidence
    title = escape.text(f"{level.code}: {level.name}. {level.rule}")
    return (
        f'<span class="atlas-badge" data-level="{escape.text(level.code)}">'
        f'<abbr class="atlas-badge__level" title="{title}">{escape.text(level.code)}</abbr> '
        f'<span class="atlas-badge__design">{values.term("studies", "design", study.design)}</span> '
        f'<span class="atlas-badge__n">{escape.text(participants(study))}</span></span>'
    )


def level_badge(code: str) -> str:
    """The level part alone (for the legend)."""
    return (f'<span class="atlas-badge" data-level="{escape.text(code)}">'
            f'<span class="atlas-badge__level">{escape.text(code)}</span></span>')


def legend() -> str:
    """A Markdown table explaining every level, generated from the evidence scale itself."""
    rows = [f"| {level_badge(level.code)} | {escape.text(level.name)} | "
            f"{values.uncited('atlas-policy', escape.text(level.rule))} |" for level in LEVELS]
    return "\n".join([
        messages.header_row("Level", "Meaning", "Rule"), *rows, "",
        ("Each badge shows the level, then the design, then the number of participants (*n*). The level is "
         "computed from the study's own fields, never typed by hand."),
    ])
