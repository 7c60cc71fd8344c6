"""The Trials section: a page per registration, the trial finder, counts, the start-year chart and the flow.

Pure: the atlas and the build date in, Markdown (with inert SVG) out. A value not confirmed on a page that was
read is shown as unconfirmed; every text from data is escaped.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from html import escape as xml

from ..model import Atlas, Dated, Registration
from .. import vocabulary
from ..registries import REGISTRIES, status_label
from . import escape, values
from .links import DATA_DIR, entity_src, relative

FOLDER = "trials"
INDEX_SRC = f"{FOLDER}/index.md"
UNCONFIRMED = '<span class="atlas-unknown" title="Not confirmed on a page that was read">unconfirmed</span>'
NOT_READ = '<span class="atlas-unknown" title="No page that was read gives this value">not read</span>'
REGION_COLOURS = {"china": "#b3261e", "elsewhere": "#1f5fa8"}


def trial_src(registration_id: str) -> str:
    return f"{FOLDER}/{registration_id}.md"


def period_end(date: str) -> str:
    """The last day a partial date can mean: '2025' -> '2025-12-31', '2025-02' -> '2025-02-28'."""
    parts = date.split("-")
    if len(parts) == 3:
        return date
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _months_before(day: str, months: int) -> str:
    year, month, d = (int(p) for p in day.split("-"))
    month -= months
    while month < 1:
        month, year = month + 12, year - 1
    return f"{year:04d}-{month:02d}-{min(d, calendar.monthrange(year, month)[1]):02d}"


def completed_no_results(reg: Registration, today: str) -> bool:
    """Primary completion passed more than 12 months before `today` (YYYY-MM-DD), no results posted on the
    registry, and no publication in the atlas (as TrialsTracker counts them)."""
    date = reg.primary_completion.date
    return (date is not None and period_end(date) < _months_before(today, 12)
            and reg.results_posted is not True and not reg.publications)


def upcoming(registrations: Iterable[Registration], today: str) -> list[Registration]:
    """Registrations not excluded whose primary completion is known to the day or month and is today or later."""
    found = [r for r in registrations
             if r.primary_completion.date and len(r.primary_completion.date) >= 7 and r.excluded_reason is None
             and period_end(r.primary_completion.date) >= today]
    return sorted(found, key=lambda r: (r.primary_completion.date or "", r.id))


def counted(atlas: Atlas) -> list[Registration]:
    """Registrations the atlas counts: not excluded, and a trial registered twice counted once (its first record)."""
    seen: set[str] = set()
    out = []
    for reg in atlas.registrations.values():
        if reg.excluded_reason is not None or reg.registry_id in seen:
            continue
        seen.update(reg.secondary_ids)
        out.append(reg)
    return out


# --- values -----------------------------------------------------------------------------------------------------


def _shown(reg: Registration, field: str, text: str | None) -> str:
    """Escaped text, marked unconfirmed when `field` is not verified, or 'not read' when there is none."""
    if text is None or text == "":
        return NOT_READ
    return escape.text(text) + ("" if reg.confirmed(field) else f" ({UNCONFIRMED})")


def _dated(reg: Registration, field: str, dated: Dated) -> str:
    if dated.date is None:
        return NOT_READ
    kind = f", {vocabulary.DATE_TYPE[dated.type]}" if dated.type else ""
    return _shown(reg, field, dated.date + kind)


def countries_text(codes: Iterable[str] | None) -> str | None:
    return None if codes is None else ", ".join(vocabulary.country(c) for c in codes)


def phases_text(reg: Registration) -> str | None:
    return None if not reg.phases else ", ".join(vocabulary.REGISTRATION_PHASE.get(p, p) for p in reg.phases)


def region_text(reg: Registration) -> str:
    return f"{vocabulary.REGISTRATION_REGION[reg.region]} ({vocabulary.REGION_BASIS[reg.region_basis]})"


def record_link(reg: Registration) -> str:
    template = REGISTRIES[reg.registry].record_url
    shown = values.uncited("atlas-registry", escape.text(reg.registry_id))
    if template is None:
        return shown
    return values.uncited("atlas-registry", escape.link(reg.registry_id, template.format(id=reg.registry_id)))


def _read_on(item: str) -> str:
    return escape.link(item, item) if item.startswith("https://") else escape.text(item)


# --- the page of one registration -------------------------------------------------------------------------------


def page(atlas: Atlas, reg: Registration, today: str) -> str:
    src = trial_src(reg.id)
    therapy = atlas.therapies.get(reg.therapy) if reg.therapy else None
    publications = [f"[{escape.text(atlas.studies[s].title)}]({relative(src, entity_src('studies', s))})"
                    for s in reg.publications]
    rows = [
        ("Registry", escape.text(REGISTRIES[reg.registry].name)),
        ("Registry id", record_link(reg)),
        ("Also registered as", ", ".join(escape.text(s) for s in reg.secondary_ids) or "none recorded"),
        ("Official title", _shown(reg, "official_title", reg.official_title)),
        ("Conditions", _shown(reg, "conditions", "; ".join(reg.conditions) if reg.conditions else None)),
        ("Diabetes", escape.text(", ".join(reg.diabetes_types)) if reg.diabetes_types else NOT_READ),
        ("Intervention", _shown(reg, "intervention", reg.intervention)),
        ("Cells", escape.text(vocabulary.REGISTRATION_CELL_TYPE[reg.cell_type])),
        ("Atlas therapy", f"[{escape.text(therapy.name)}]({relative(src, entity_src('therapies', therapy.id))})"
         if therapy else "none linked"),
        ("Phase", _shown(reg, "phases", phases_text(reg))),
        ("Status", _shown(reg, "status", status_label(reg.status) if reg.status else None)),
        ("Enrollment", _shown(reg, "enrollment", None if reg.enrollment is None else
                              f"{reg.enrollment}" + (f", {vocabulary.DATE_TYPE[reg.enrollment_type]}"
                                                     if reg.enrollment_type else ""))),
        ("Start", _dated(reg, "start", reg.start)),
        ("Primary completion", _dated(reg, "primary_completion", reg.primary_completion)),
        ("Completion", _dated(reg, "completion", reg.completion)),
        ("Sponsor", _shown(reg, "sponsor", reg.sponsor)),
        ("Sponsor class", _shown(reg, "sponsor.class", vocabulary.SPONSOR_CLASS[reg.sponsor_class]
                                  if reg.sponsor_class else None)),
        ("Countries", _shown(reg, "countries", countries_text(reg.countries))),
        ("Region", escape.text(region_text(reg))),
        ("Sites", _shown(reg, "sites", None if reg.sites is None else str(reg.sites))),
        ("Results posted", _shown(reg, "results_posted", None if reg.results_posted is None
                                  else "Yes" if reg.results_posted else "No")),
        ("Last update posted", _shown(reg, "last_update_posted", reg.last_update_posted)),
        ("Reported in the atlas", "; ".join(publications) or "no atlas study reports it"),
    ]
    facts = "\n".join(["| Field | Value |", "|---|---|",
                       *(f"| {name} | {values.uncited('atlas-registered', value)} |" for name, value in rows)])
    title = reg.title or reg.registry_id
    parts = [f"# {escape.text(title)}", ""]
    if reg.title is None:
        parts += ["*The registered title was not read; the page is named by its registry id.*", ""]
    elif not reg.confirmed("title"):
        parts += [f"*Title {UNCONFIRMED}.*", ""]
    if completed_no_results(reg, today):
        parts += ['!!! warning "Completed, no results"',
                  (f"    Its primary completion ({escape.text(reg.primary_completion.date)}) passed more than 12 months "
                   f"before this build ({escape.text(today)}); no results are posted on the registry as far as read, "
                   "and no study in the atlas reports it."), ""]
    if reg.excluded_reason:
        parts += [f"*Left out of the atlas's counts: {escape.text(vocabulary.EXCLUDED[reg.excluded_reason])}"
                  + (f" ({escape.text(reg.excluded_note)})" if reg.excluded_note else "") + ".*", ""]
    parts += [facts, "", "## Status history", "", timeline(reg), "", "## Provenance", "",
              (f"Read on {escape.text(reg.retrieved)}; the closest page to the registry was "
               f"{escape.text(vocabulary.PAGE_KIND[reg.page_kind])}. Confirmed on those pages: "
               f"{escape.text(', '.join(sorted(reg.verified)) or 'nothing but the id')}; every other value is "
               "shown as unconfirmed or not read."), "",
              *(f"- {_read_on(item)}" for item in reg.read_on), ""]
    if reg.notes:
        parts += ["## Notes", "", *(f"- {escape.text(n)}" for n in reg.notes), ""]
    parts += [(f"[All registered trials]({relative(src, INDEX_SRC)}) · data: "
               f"[JSON]({relative(src, DATA_DIR + '/registrations.json')}) · "
               f"[CSV]({relative(src, DATA_DIR + '/registrations.csv')})"), ""]
    return "\n".join(parts)


def timeline(reg: Registration) -> str:
    """The status history as an ordered list, oldest first."""
    if not reg.status_history:
        return "*No status has been read yet.*"
    items = [f'<li><time datetime="{xml(h.date)}">{xml(h.date)}</time>: {xml(status_label(h.status))} '
             f'<span class="atlas-timeline__source">({"synced" if h.source == "sync" else "read by hand"})</span></li>'
             for h in reg.status_history]
    return '<ol class="atlas-timeline">' + "".join(items) + "</ol>"


def pages(atlas: Atlas, today: str) -> dict[str, str]:
    return {trial_src(r.id): page(atlas, r, today) for r in atlas.registrations.values()}


def titles(atlas: Atlas) -> dict[str, str]:
    return {trial_src(r.id): xml(r.title or r.registry_id) for r in atlas.registrations.values()}


# --- the finder -------------------------------------------------------------------------------------------------

FINDER_COLUMNS = ("Trial", "Registry id", "Diabetes", "Cells / therapy", "Region", "Countries", "Phase", "Status",
                  "Sponsor class", "Start", "Flag")


def _facet(name: str, value: str, shown: str) -> str:
    """A cell value with its facet value in data attributes (the table script builds facet controls from them)."""
    return f'<span class="atlas-facet" data-facet="{xml(name)}" data-value="{xml(value)}">{shown}</span>'


def finder_row(atlas: Atlas, reg: Registration, src: str, today: str) -> str:
    therapy = atlas.therapies.get(reg.therapy) if reg.therapy else None
    cells = vocabulary.REGISTRATION_CELL_TYPE[reg.cell_type] + (f" · {therapy.short_name}" if therapy else "")
    status = status_label(reg.status) if reg.status else vocabulary.UNREAD
    region = "china" if reg.in_china else reg.region
    flag = "Completed, no results" if completed_no_results(reg, today) else ""
    row = [
        values.uncited("atlas-name", f"[{escape.text(reg.title or reg.registry_id)}]({relative(src, trial_src(reg.id))})"),
        values.uncited("atlas-registry", escape.text(reg.registry_id)),
        _facet("diabetes", ",".join(reg.diabetes_types or ()) or "unknown",
               values.uncited("atlas-category", escape.text(", ".join(reg.diabetes_types or ()) or vocabulary.UNREAD))),
        _facet("cell_type", reg.cell_type or "unknown", values.uncited("atlas-name", escape.text(cells))),
        _facet("region", region, escape.text(vocabulary.REGISTRATION_REGION["china" if reg.in_china else reg.region])),
        _facet("country", ",".join(reg.countries or ()) or "unknown",
               escape.text(countries_text(reg.countries) or vocabulary.UNREAD)),
        _facet("phase", ",".join(reg.phases or ()) or "unknown",
               values.uncited("atlas-category", escape.text(phases_text(reg) or vocabulary.UNREAD))),
        _facet("status", reg.status or "unknown", escape.text(status)),
        _facet("sponsor_class", reg.sponsor_class or "unknown", escape.text(vocabulary.SPONSOR_CLASS[reg.sponsor_class])),
        values.uncited("atlas-registered", escape.text(reg.start.date[:4]) if reg.start.date else vocabulary.UNREAD),
        _facet("flag", "completed-no-results" if flag else "none", escape.text(flag)),
    ]
    return "| " + " | ".join(row) + " |"


def finder(atlas: Atlas, today: str, src: str = INDEX_SRC) -> str:
    """Every registration in one table, with facet values on its cells; then the downloads."""
    regs = list(atlas.registrations.values())
    if not regs:
        return "*No registrations yet.*"
    table = "\n".join(["| " + " | ".join(FINDER_COLUMNS) + " |", "|" + "|".join("---" for _ in FINDER_COLUMNS) + "|",
                       *(finder_row(atlas, r, src, today) for r in regs)])
    data = relative(src, DATA_DIR + "/registrations")
    return (f'<div class="atlas-data atlas-finder" markdown>\n\n{table}\n\n</div>\n\n'
            f"Download every registration: [CSV]({data}.csv) · [JSON]({data}.json) · calendar of upcoming primary "
            f"completions: [ICS]({relative(src, 'calendar/trials.ics')}) ([about the data]({relative(src, 'data.md')})).")


# --- counts, chart and flow -------------------------------------------------------------------------------------


def counts(atlas: Atlas, today: str) -> dict[str, int]:
    regs = counted(atlas)
    return {
        "registrations": len(atlas.registrations), "trials": len(regs),
        "china": sum(r.in_china for r in regs), "elsewhere": sum(r.region == "elsewhere" for r in regs),
        "unknown_region": sum(r.region == "unknown" for r in regs),
        "completed_no_results": sum(completed_no_results(r, today) for r in regs),
    }


def count_text(atlas: Atlas, today: str, key: str) -> str:
    found = counts(atlas, today)
    if key not in found:
        raise ValueError(f"unknown trial count {key!r}; choose from: {', '.join(found)}")
    return values.uncited("atlas-count", str(found[key]))


def per_start_year(atlas: Atlas) -> tuple[dict[int, dict[str, int]], int]:
    """{year: {'china': n, 'elsewhere': n}} for counted trials whose start and region are known; and how many
    trials could not be placed."""
    years: dict[int, dict[str, int]] = {}
    missing = 0
    for reg in counted(atlas):
        if reg.start_year is None or reg.region == "unknown":
            missing += 1
            continue
        years.setdefault(reg.start_year, {"china": 0, "elsewhere": 0})["china" if reg.in_china else "elsewhere"] += 1
    return dict(sorted(years.items())), missing


def chart(atlas: Atlas, chart_id: str = "atlas-chart-trials") -> str:
    """Registered trials per start year, China and elsewhere stacked, as accessible SVG, then the same as a table."""
    years, missing = per_start_year(atlas)
    if not years:
        return "*No trial has a known start year yet.*"
    first, last = min(years), max(years)
    span = list(range(first, last + 1))
    top = max(sum(v.values()) for v in years.values())
    width, height, left, bottom, top_pad = 720, 300, 48, 48, 16
    bar = (width - left - 16) / len(span)
    plot_h = height - bottom - top_pad
    total = sum(sum(v.values()) for v in years.values())
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="atlas-chart">'),
           f'<title id="{chart_id}-title">Registered trials per start year, China and elsewhere</title>',
           (f'<desc id="{chart_id}-desc">{total} trials with a known start year and region, {first} to {last}; '
            f'{missing} could not be placed. The table after the chart holds the same counts.</desc>')]
    for i, year in enumerate(span):
        x = left + i * bar
        y = height - bottom
        for region in ("china", "elsewhere"):
            n = years.get(year, {}).get(region, 0)
            if n:
                h = plot_h * n / top
                y -= h
                out.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                           f'fill="{REGION_COLOURS[region]}"><title>{year}: {n} {vocabulary.REGISTRATION_REGION[region]}</title></rect>')
        if year % 5 == 0 or year in (first, last):
            out.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
                       f'fill="currentColor">{year}</text>')
    for n in range(0, top + 1, max(1, top // 4)):
        y = height - bottom - plot_h * n / top
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="currentColor">{n}</text>')
    for i, region in enumerate(("china", "elsewhere")):
        out.append(f'<rect x="{left + i * 120}" y="{height - 18}" width="12" height="12" fill="{REGION_COLOURS[region]}"/>'
                   f'<text x="{left + i * 120 + 18}" y="{height - 8}" font-size="12" fill="currentColor">'
                   f'{vocabulary.REGISTRATION_REGION[region]}</text>')
    out.append("</svg>")
    rows = [f"| {values.uncited('atlas-count', str(y))} | {values.uncited('atlas-count', str(years[y]['china']))} | "
            f"{values.uncited('atlas-count', str(years[y]['elsewhere']))} |" for y in years]
    table = "\n".join(["| Start year | China | Elsewhere |", "|---|---|---|", *rows])
    return (f'<figure class="atlas-figure">{"".join(out)}<figcaption>Registered trials by the year they started '
            f"(counted once when registered twice). {missing} trials without a known start year or region are not "
            f"shown.</figcaption></figure>\n\n"
            f'<div class="atlas-data" markdown>\n\n{table}\n\n</div>')


def flow(atlas: Atlas) -> str:
    """A PRISMA-style flow from the data: found per registry, screened, excluded by reason, included."""
    regs = list(atlas.registrations.values())
    found = Counter(r.registry for r in regs)
    included = counted(atlas)
    excluded = Counter(r.excluded_reason for r in regs if r.excluded_reason is not None)
    duplicates = len(regs) - len(included) - sum(excluded.values())
    n = lambda k: values.uncited("atlas-count", str(k))
    lines = ["| Stage | Records |", "|---|---|"]
    lines += [f"| Found in {escape.text(REGISTRIES[key].name)} | {n(count)} |" for key, count in found.items()]
    lines.append(f"| Screened (all records found) | {n(len(regs))} |")
    lines += [f"| Excluded: {escape.text(vocabulary.EXCLUDED[reason])} | {n(count)} |"
              for reason, count in sorted(excluded.items())]
    lines.append(f"| Excluded: the same trial in a second registry (counted once) | {n(duplicates)} |")
    lines.append(f"| **Included trials** | {n(len(included))} |")
    return '<div class="atlas-flow" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


CALENDAR_DIR = "calendar"


def calendar_groups(atlas: Atlas) -> dict[str, tuple[str, list[Registration]]]:
    """calendar/trials.ics (every registration) and calendar/<therapy>.ics per therapy that has registrations:
    path -> (calendar name, registrations)."""
    regs = list(atlas.registrations.values())
    out = {f"{CALENDAR_DIR}/trials.ics": ("Registered trials: upcoming primary completions", regs)}
    for therapy in atlas.therapies.values():
        own = [r for r in regs if r.therapy == therapy.id]
        if own:
            out[f"{CALENDAR_DIR}/{therapy.id}.ics"] = (f"{therapy.name}: upcoming primary completions", own)
    return out


def calendars_list(atlas: Atlas, today: str, src: str) -> str:
    """The calendars (RFC 5545) with how many upcoming primary completions each holds."""
    rows = ["| Calendar | Upcoming primary completions |", "|---|---|"]
    for path, (name, regs) in calendar_groups(atlas).items():
        rows.append(f"| [{escape.text(name)}]({relative(src, path)}) | "
                    f"{values.uncited('atlas-count', str(len(upcoming(regs, today))))} |")
    return "\n".join(rows)


def registries_covered() -> str:
    """Which registries are read, and how."""
    rows = ["| Registry | How it is read |", "|---|---|"]
    for reg in REGISTRIES.values():
        how = ("synced weekly from its API (`make registry`)" if reg.synced
               else "curated by hand from pages that were read")
        rows.append(f"| {escape.text(reg.name)} | {escape.text(how)} |")
    return "\n".join(rows)
