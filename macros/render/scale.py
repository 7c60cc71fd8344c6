"""The evidence scale, generated from macros/evidence.py so that the page and the code cannot disagree."""

from __future__ import annotations

from collections.abc import Sequence

from .. import messages
from ..evidence import LEVELS
from ..model import Study
from . import escape, markdown, values


def evidence_levels(studies: Sequence[Study]) -> str:
    """Code | Level | Rule | Studies: every level, strongest first, with how many studies reach it."""
    rows = [
        [values.uncited("atlas-evidence", escape.text(level.code)), escape.text(level.name),
         values.uncited("atlas-policy", escape.text(level.rule)),
         values.uncited("atlas-count", str(sum(s.evidence.code == level.code for s in studies)))]
        for level in LEVELS
    ]
    return markdown.table(messages.headers("Code", "Level", "Rule", "Studies in the atlas"), rows)
