"""The home page at a glance: what is approved, what is in trials, what is sold without evidence, how much the atlas
holds and what changed last. Every statement is cited; every count is computed from the model here, never typed.

Trial registrations are counted when the model has them (the adapter passes them in; none: the sentence is left out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import vocabulary
from ..messages import translate as _
from ..model import Approval, Atlas, Therapy
from . import escape, trials, values
from .entities import claim_title
from .links import Link, linker, relative
from .values import Cite

TRIAL_STAGES = ("late-clinical", "early-clinical", "first-in-human")  #: therapies in trials, most advanced first
SOLD_STAGES = ("unregulated",)  #: therapies sold outside trials and approvals
LATEST = 5  #: changes listed
CHANGING_KINDS = ("studies", "claims")  #: the kinds whose changes are listed (as in the feed)
#: Pages the block links to, docs-relative ("trials" only when there are registrations).
PAGES = {"therapies": "therapies/index.md", "studies": "studies/index.md", "trials": "trials/index.md",
         "regulation": "regulation.md", "feed": "feed.xml"}
#: (kind, id) -> (first, last) commit date (RFC 3339) of the record's file: what "the latest changes" are dated by
Dates = Mapping[tuple[str, str], tuple[str, str]]


def record_dates(atlas: Atlas, dates: Mapping[str, tuple[str, str]], content_dir: str) -> dict[tuple[str, str], tuple[str, str]]:
    """Dates of the CHANGING_KINDS' records from the dates of their files (macros.history.History.dates)."""
    return {(kind, rid): dates[path] for kind in CHANGING_KINDS for rid in atlas.kind(kind)
            if (path := f"{content_dir}/{kind}/{rid}.yaml") in dates}


#: The nouns counted here (singular, plural); the catalogues translate each (msgctxt "noun").
NOUNS = (("approval", "approvals"), ("therapy", "therapies"), ("study", "studies"), ("kind", "kinds"),
         ("registration", "registrations"), ("warning or guidance", "warnings and guidance documents"))


def _noun(n: int, one: str, many: str) -> str:
    """The noun for `n` in the edition's language (English: singular or plural; a measure word and noun in
    Chinese). Only NOUNS are counted."""
    if (one, many) not in NOUNS:
        raise ValueError(f"{one!r}/{many!r} is not in home.NOUNS, so no catalogue translates it")
    return _(one if n == 1 else many, "noun")


def _count(n: int, one: str = "", many: str = "") -> str:
    """A count computed here, with its noun in the singular or plural (a measure word in Chinese: "noun")."""
    return values.uncited("atlas-count", str(n)) + (_(" {noun}").format(noun=_noun(n, one, many)) if one else "")


def _therapy(t: Therapy, link: Link, cite: Cite) -> str:
    return f"[{escape.text(t.short_name)}]({link('therapies', t.id)}){cite(t.regulatory_status.cite)}"


def _decision(a: Approval, atlas: Atlas, link: Link, cite: Cite) -> str:
    where = f" ({escape.text(vocabulary.country(a.country))})" if a.country else ""
    when = _(" on {date}").format(date=escape.text(a.date)) if a.date else _(", date not given")
    product = escape.text(a.product)
    if a.therapy:
        product = f"[{product}]({link('therapies', a.therapy)})"
    return _("{product}, {decision} by {regulator}{where}{when}").format(
        product=product, decision=escape.text(vocabulary.DECISION[a.decision]), regulator=escape.text(a.regulator),
        where=where, when=when) + cite(a.cite)


def _decisions(atlas: Atlas, decision: str) -> list[Approval]:
    return [a for a in atlas.approvals.values() if a.decision == decision]


def _list(items: Iterable[str]) -> str:
    return "\n".join(f"    - {item}" for item in items)


def approved(atlas: Atlas, link: Link, cite: Cite) -> str:
    found = _decisions(atlas, "approved")
    head = _("- **Approved.** {count} of a cell therapy for diabetes in the sources read:").format(
        count=_count(len(found), "approval", "approvals"))
    return head + "\n" + _list(_decision(a, atlas, link, cite) for a in found) if found else \
        _("- **Approved.** No approval of a cell therapy for diabetes was found in the sources read.")


def in_trials(atlas: Atlas, link: Link, cite: Cite) -> str:
    stages = {stage: [t for t in atlas.therapies.values() if t.stage == stage] for stage in TRIAL_STAGES}
    total = sum(len(ts) for ts in stages.values())
    lines = [f"{escape.text(vocabulary.sentence(vocabulary.STAGE[stage]))} ({_count(len(ts))}){_(': ')}"
             + _(", ", "list").join(_therapy(t, link, cite) for t in ts) for stage, ts in stages.items() if ts]
    authorised = _decisions(atlas, "trial-authorised")
    if authorised:
        lines.append(_("Trials authorised by a regulator ({count}): ").format(count=_count(len(authorised)))
                     + _("; ").join(_decision(a, atlas, link, cite) for a in authorised))
    return _("- **In trials.** {count} at a stage of clinical trials:").format(
        count=_count(total, "therapy", "therapies")) + "\n" + _list(lines)


def sold(atlas: Atlas, link: Link, cite: Cite, regulation: str) -> str:
    found = [t for t in atlas.therapies.values() if t.stage in SOLD_STAGES]
    warnings = _decisions(atlas, "guidance")
    items = [f"{_therapy(t, link, cite)}{_(': ')}{values.data_text(t.regulatory_status.text)}" for t in found]
    if warnings:
        items.append(_("{count} from regulators and scientific societies{cite}: see [Regulation, clinics and costs]"
                       "({regulation}).").format(
            count=_count(len(warnings), "warning or guidance", "warnings and guidance documents"),
            cite=cite(tuple(s for a in warnings for s in a.cite)), regulation=regulation))
    head = _("- **Sold without evidence.** {count} of product sold outside trials:").format(
        count=_count(len(found), "kind", "kinds"))
    return head + "\n" + _list(items)


def _split(regions: Iterable[str]) -> dict[str, int]:
    out = {"china": 0, "elsewhere": 0, "both": 0, "unknown": 0}
    for region in regions:
        out[region] += 1
    return out


def holdings(atlas: Atlas, registrations: Sequence[Any] | None, links: Mapping[str, str]) -> str:
    """How much the atlas holds: therapies, studies (in China, elsewhere, both) and, when the model has them,
    trial registrations (in China, elsewhere, without a country)."""
    studies = _split(s.region for s in atlas.studies.values())
    therapies, n = len(atlas.therapies), len(atlas.studies)
    text = _("The atlas holds {therapies} [{therapy_noun}]({therapies_link}) and {studies} [{study_noun}]"
             "({studies_link}): {china} in China, {elsewhere} elsewhere and {both} in China and elsewhere "
             "together").format(
        therapies=_count(therapies), therapy_noun=_noun(therapies, "therapy", "therapies"),
        therapies_link=links["therapies"], studies=_count(n), study_noun=_noun(n, "study", "studies"),
        studies_link=links["studies"], china=_count(studies["china"]), elsewhere=_count(studies["elsewhere"]),
        both=_count(studies["both"]))
    if registrations:
        regs = _split(r.region for r in registrations)
        unknown = _(", {count} with no country recorded").format(count=_count(regs["unknown"])) \
            if regs["unknown"] else ""
        n = len(registrations)
        text += _("; and {count} [trial {noun}]({link}): {china} in China (multinational trials included), "
                  "{elsewhere} elsewhere{unknown}").format(
            count=_count(n), noun=_noun(n, "registration", "registrations"), link=links["trials"],
            china=_count(regs["china"] + regs["both"]), elsewhere=_count(regs["elsewhere"]), unknown=unknown)
    return text + _(".")


def latest(atlas: Atlas, dates: Dates, link: Link) -> str:
    """The LATEST studies and claim checks whose files changed last, newest first, dated by their git history."""
    names = {("studies", s.id): s.title for s in atlas.studies.values()}
    names.update({("claims", c.id): _("Claim check: {claim}").format(claim=claim_title(c))
                  for c in atlas.claims.values()})
    shown = sorted((key for key in names if key in dates), key=lambda k: (dates[k][1], k), reverse=True)[:LATEST]
    if not shown:
        return _("No dated changes: the site was built without its history.")
    return "\n".join(
        f"- {escape.text(dates[key][1][:10])}{_(': ')}"
        f"{_('new') if dates[key][0] == dates[key][1] else _('updated')}{_(', ')}"
        f"[{escape.text(names[key])}]({link(*key)})" for key in shown
    )


def glance(atlas: Atlas, cite: Cite, src: str, dates: Dates) -> str:
    """The whole at-a-glance block of the page at docs-relative `src` (the home page); the registrations are counted
    as the Trials pages count them (trials.counted), and only when the model has some."""
    link = linker(src)
    links = {name: relative(src, path) for name, path in PAGES.items()}
    counted = trials.counted(atlas) if atlas.registrations else None
    return "\n\n".join([
        holdings(atlas, counted, links),
        approved(atlas, link, cite),
        in_trials(atlas, link, cite),
        sold(atlas, link, cite, links["regulation"]),
        f"### {_('Latest changes')} {{ #latest-changes }}",
        latest(atlas, dates, link),
        _("Every change, as a feed: {link}.").format(link=f"[feed.xml]({links['feed']})"),
    ])
