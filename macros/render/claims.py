"""Claim checks: a table of claims with their verdicts, reasoning, evidence and the studies that bear on them."""

from __future__ import annotations

from collections.abc import Sequence

from .. import messages, vocabulary
from ..model import Atlas, Claim
from . import escape, markdown, values
from .links import Link
from .values import Cite


def verdict(value: str) -> str:
    label = vocabulary.sentence(vocabulary.VERDICT[value])
    return f'<span class="atlas-verdict atlas-verdict-{value}">{escape.text(label)}</span>'


def _studies(claim: Claim, atlas: Atlas, cite: Cite) -> str:
    if not claim.studies:
        return escape.text(messages.translate("None"))
    shown = [escape.text(atlas.studies[s].title) + cite(atlas.studies[s].cite) for s in claim.studies]
    return "; ".join(shown)


def _claim(claim: Claim, cite: Cite, link: Link) -> str:
    """The claim as made, linked to its page, then any other articles making it, marked as context (never the
    verdict's evidence)."""
    shown = f"[{values.uncited('atlas-claim', values.data_text(claim.claim))}]({link('claims', claim.id)})"
    if claim.context is None:
        return shown
    context = messages.translate("Context, not evidence:")  # the engine's own words, as written
    return (f"{shown}<br><span class='atlas-claim-context'>{context} {values.data_text(claim.context.text)}"
            f"{cite(claim.context.cite)}</span>")


def claims_table(atlas: Atlas, claims: Sequence[Claim], cite: Cite, link: Link) -> str:
    """Claim | Verdict | Why | Studies, one row per claim (linked to its page), the reasoning cited with the claim's
    evidence."""
    rows = [
        [_claim(c, cite, link), verdict(c.verdict), values.data_text(c.reasoning) + cite(c.cite),
         _studies(c, atlas, cite)]
        for c in claims
    ]
    return markdown.table(messages.headers("Claim", "Verdict", "Why", "Studies"), rows)


def verdict_counts(claims: Sequence[Claim]) -> str:
    """Verdict | Meaning | Claims: how many claims received each verdict (all verdicts listed, zeros included)."""
    rows = [
        [verdict(v), escape.text(meaning), values.uncited("atlas-count", str(sum(c.verdict == v for c in claims)))]
        for v, meaning in vocabulary.MEANINGS["verdict"].items()
    ]
    return markdown.table(messages.headers("Verdict", "Meaning", "Claims"), rows)
