"""A chart drawn at build time as accessible SVG: each study placed by participants and follow-up.

Participants on a log scale (1 to thousands), follow-up in months; colour is the region, shape the modality
(what the therapy aims to do). The SVG has role="img", a <title> and a <desc>, and a table carries the same data
for readers who cannot see it. Every text that comes from data is XML-escaped.
"""

from __future__ import annotations

import math
from html import escape as xml

from .. import messages, vocabulary
from ..messages import translate as _
from ..model import Atlas, Study
from . import escape, values
from .links import Link
from .values import Cite

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT, TOP, BOTTOM = 64, 200, 24, 56
REGION_COLOURS = {"china": "#b3261e", "elsewhere": "#1f5fa8", "both": "#6a3d9a"}
#: The shape of each mechanism (what the therapy aims to do); its words are vocabulary.MECHANISM.
SHAPES = {"replace-beta-cells": "circle", "modulate-immunity": "square", "both": "diamond", "unclear": "triangle"}
REGIONS = vocabulary.STUDY_REGION


def plotted(atlas: Atlas) -> tuple[list[Study], list[Study]]:
    """Studies that can be placed (participants and follow-up known, n >= 1) and those that cannot."""
    placed, missing = [], []
    for study in atlas.studies.values():
        ok = study.participants is not None and study.participants.value >= 1 and study.follow_up is not None
        (placed if ok else missing).append(study)
    return placed, missing


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    r = 7
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if kind == "diamond":
        return (f'<polygon points="{x:.1f},{y - r - 2:.1f} {x + r + 2:.1f},{y:.1f} {x:.1f},{y + r + 2:.1f} '
                f'{x - r - 2:.1f},{y:.1f}" fill="{colour}"/>')
    if kind == "triangle":
        return (f'<polygon points="{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'


MAX_TICKS = 11  #: ticks on the follow-up axis, whatever the longest follow-up


def tick_step(x_max: int) -> int:
    """Months between ticks: a whole number of years, 1 up to ten years, so the axis never has more than
    MAX_TICKS ticks (a tick per year of a century-long follow-up would be a loop as long as the data)."""
    return 12 * max(1, math.ceil(x_max / 12 / (MAX_TICKS - 1)))


def _modality(atlas: Atlas, study: Study) -> str:
    return atlas.therapies[study.therapy].mechanism


def svg(atlas: Atlas, chart_id: str = "atlas-chart-studies") -> str:
    """The chart as one line-free block of SVG (safe to embed as raw HTML in Markdown)."""
    placed, missing = plotted(atlas)
    max_n = max((s.participants.value for s in placed), default=10)
    decades = max(1, math.ceil(math.log10(max(max_n, 10))))
    max_months = max((s.follow_up.months for s in placed), default=12.0)
    x_max = max(12, 12 * math.ceil(max_months / 12))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(months: float) -> float:
        return LEFT + plot_w * months / x_max

    def py(n: int) -> float:
        return TOP + plot_h * (1 - math.log10(n) / decades)

    desc = (_("Scatter plot of {n} studies: follow-up in months across, participants on a logarithmic scale up. "
              "Colour shows the region, shape what the therapy aims to do.").format(n=len(placed))
            + (" " + _("{n} studies with unknown participants or follow-up are not shown.").format(n=len(missing))
               if missing else "")
            + " " + _("The same data is in the table below the chart."))
    out = [
        (f'<svg class="atlas-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
         f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="{chart_id}-title">{xml(_("Studies by participants and follow-up"))}</title>',
        f'<desc id="{chart_id}-desc">{xml(desc)}</desc>',
        (f'<g class="atlas-chart__axes" stroke="currentColor" stroke-width="1">'
         f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>'
         f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/></g>'),
    ]
    ticks = []
    for d in range(decades + 1):
        y = py(10 ** d)
        ticks.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" class="atlas-chart__grid"/>'
                     f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{10 ** d}</text>')
    for m in range(0, x_max + 1, tick_step(x_max)):
        x = px(m)
        ticks.append(f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 4}" stroke="currentColor"/>'
                     f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{m}</text>')
    out.append('<g class="atlas-chart__ticks" font-size="12" fill="currentColor">' + "".join(ticks) + "</g>")
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="13" '
               f'fill="currentColor">{xml(_("Follow-up (months)", "column"))}</text>')
    out.append(f'<text transform="translate(16 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
               f'font-size="13" fill="currentColor">{xml(_("Participants (log scale)"))}</text>')
    points = []
    for study in sorted(placed, key=lambda s: -s.participants.value):
        x, y = px(study.follow_up.months), py(study.participants.value)
        mechanism = _modality(atlas, study)
        label, shape = vocabulary.MECHANISM[mechanism], SHAPES[mechanism]
        tip = _("{title}: {n} participants, {duration} {unit} follow-up, {region}, {aim}").format(
            title=escape.local(study.title), n=study.participants.value, duration=values.number(study.follow_up.value),
            unit=vocabulary.DURATION_UNIT[study.follow_up.unit], region=REGIONS[study.region], aim=label)
        points.append(f'<g class="atlas-chart__point"><title>{xml(tip)}</title>'
                      f'{_shape(shape, x, y, REGION_COLOURS[study.region])}</g>')
    out.append('<g stroke="#ffffff" stroke-width="1.5">' + "".join(points) + "</g>")
    legend, ly = [], TOP + 8
    lx = WIDTH - RIGHT + 24
    legend.append(f'<text x="{lx}" y="{ly}" font-weight="bold">{xml(_("Region", "column"))}</text>')
    for region, colour in REGION_COLOURS.items():
        ly += 20
        legend.append(_shape("circle", lx + 6, ly - 4, colour) + f'<text x="{lx + 20}" y="{ly}">{xml(REGIONS[region])}</text>')
    ly += 30
    legend.append(f'<text x="{lx}" y="{ly}" font-weight="bold">{xml(_("Aim", "column"))}</text>')
    for mechanism, shape in SHAPES.items():
        ly += 20
        label = vocabulary.sentence(vocabulary.MECHANISM[mechanism])
        legend.append(_shape(shape, lx + 6, ly - 4, "#5f6368") + f'<text x="{lx + 20}" y="{ly}">{xml(label)}</text>')
    out.append('<g class="atlas-chart__legend" font-size="12" fill="currentColor">' + "".join(legend) + "</g>")
    out.append("</svg>")
    return "".join(out)


def figure(atlas: Atlas, link: Link, cite: Cite, chart_id: str = "atlas-chart-studies") -> str:
    """The chart in a <figure>, followed by its data as a Markdown table (the fallback)."""
    placed, missing = plotted(atlas)
    rows = [
        f"| {_name(s.title, link('studies', s.id))} | "
        f"{values.count(s.participants, cite)} | "
        f"{values.number(round(s.follow_up.months, 1)) + cite(s.follow_up.cite) if s.follow_up else values.UNKNOWN} | "
        f"{escape.text(REGIONS[s.region])} | {escape.text(vocabulary.sentence(vocabulary.MECHANISM[_modality(atlas, s)]))} |"
        for s in sorted(placed + missing, key=lambda s: s.title.lower())
    ]
    table = "\n".join([messages.header_row("Study", "Participants", "Follow-up (months)", "Region", "Aim"), *rows])
    caption = _("Each study by number of participants and length of follow-up. The table below holds the same data.")
    return (f'<figure class="atlas-figure">{svg(atlas, chart_id)}'
            f'<figcaption>{xml(caption)}</figcaption></figure>\n\n'
            f'<div class="atlas-data" data-search-exclude="" markdown>\n\n{table}\n\n</div>')  # as the chart


def _name(label: str, target: str) -> str:
    return values.uncited("atlas-name", f"[{escape.text(label)}]({target})")
