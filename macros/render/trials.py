"""The Trials section: a page per registration, the trial finder, counts, the start-year chart and the flow.

Pure: the atlas and the build date in, Markdown (with inert SVG) out. A registration's facts are defined once
(render/subjects.py REGISTRATION) and the finder is a data table (render/tables.py) like every other table. A value
not confirmed on a page that was read is shown as unconfirmed; every text from data is escaped.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape as xml
from urllib.parse import urlsplit

from .. import vocabulary
from ..messages import header_row
from ..messages import translate as _
from ..model import Atlas, Registration
from ..registries import REGISTRIES, status_label
from . import escape, identifiers, registered, subjects, tables, values
from .links import DATA_DIR, FOLDERS, Link, entity_src, linker, relative

FOLDER = FOLDERS["registrations"]
INDEX_SRC = f"{FOLDER}/index.md"
REGION_COLOURS = {"china": "#b3261e", "elsewhere": "#1f5fa8"}


def no_cites(ids: tuple[str, ...]) -> str:
    """The Cite of registrations: they cite no source (each page says where it was read)."""
    return ""


def trial_src(registration_id: str) -> str:
    return entity_src("registrations", registration_id)


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


# --- free text that names records and identifiers ---------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """What a trial's page looks up in the whole atlas, built once for all of them (`pages`), so that a page per
    registration keeps the build linear."""

    known: frozenset[identifiers.Identifier]  #: every identifier a record confirms
    pages: Mapping[str, str]  #: registry id -> id of its registration (its page)
    named: Mapping[str, tuple[str, str, str]]  #: record id -> (name, kind, id) of the records a note may name
    names: re.Pattern[str] | None  #: any of those record ids, as a whole word

    @classmethod
    def of(cls, atlas: Atlas) -> Lookup:
        named = {s.id: (s.label, "sources", s.id) for s in atlas.sources.values()}
        named.update({s.id: (s.title, "studies", s.id) for s in atlas.studies.values()})
        named.update({t.id: (t.short_name, "therapies", t.id) for t in atlas.therapies.values()})
        names = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(named, key=len, reverse=True)))
                           + r")(?![\w-])") if named else None
        return cls(identifiers.confirmed(atlas), {r.registry_id: r.id for r in atlas.registrations.values()},
                   named, names)


def annotated(atlas: Atlas, text: str, src: str, lookup: Lookup | None = None) -> str:
    """A curator's note as Markdown: a record id becomes its record's name linked to its page, a registry id with
    a page links to it, and an identifier no record confirms is not shown (it stays in the data)."""
    text = escape.local(text)
    found, link = lookup or Lookup.of(atlas), linker(src)
    marks: list[tuple[int, int, str]] = [(s, e, _identifier(ident, found.known, found.pages, link)) for s, e, ident
                                         in identifiers.spans(text)]
    if found.names is not None:
        for m in found.names.finditer(text):
            name, kind, record_id = found.named[m.group(1)]
            marks.append((m.start(), m.end(), f"[{escape.text(name)}]({link(kind, record_id)})"))
    out, end = [], 0
    for start, stop, shown in sorted(marks):
        if start >= end:
            out += [_between(text[end:start]), shown]
            end = stop
    return "".join([*out, _between(text[end:])]).strip()


def _between(text: str) -> str:
    """Escaped text between two marks, keeping a space at either end where it had whitespace."""
    core = escape.text(text)
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() and core else ""
    return before + core + after


def _identifier(ident: identifiers.Identifier, known: frozenset[identifiers.Identifier], pages: dict[str, str],
                link: Link) -> str:
    if ident not in known:
        return _("(an identifier the atlas has not confirmed)")
    if ident[0] != "registry_id":
        return escape.text(ident[1])
    shown = values.uncited("atlas-registry", escape.text(ident[1]))
    return shown if ident[1] not in pages else f"[{shown}]({link('registrations', pages[ident[1]])})"


def read_on_item(item: str, known: frozenset[identifiers.Identifier]) -> str:
    """A page that was read: linked, unless its address holds an identifier no record confirms (then its site
    only; the address is in the data download)."""
    clean = not identifiers.unconfirmed(item, known)
    if item.startswith("https://"):
        host = urlsplit(item).hostname or _("a web page")
        if clean:
            return escape.link(item, item)
        return _("a page on {host} (its address is in the data download)").format(host=escape.text(host))
    if clean:
        return escape.text(item)
    repository = item.split()[1] if item.startswith("repo ") else item.split()[0]
    return _("a file in repository {repository}").format(repository=escape.text(repository))


# --- the page of one registration -------------------------------------------------------------------------------

#: The facts of a trial's page, in order (render/subjects.py REGISTRATION).
PAGE_FACTS = ("registry", "registry_id", "official_title", "conditions", "diabetes_types", "intervention",
              "cell_type", "therapy", "phases", "status", "enrollment", "start", "primary_completion", "completion",
              "sponsor", "sponsor_class", "countries", "region", "sites", "results_posted", "last_update_posted")


def _also_registered(reg: Registration, src: str, pages: Mapping[str, str]) -> str:
    if not reg.secondary_ids:
        return _("none recorded")
    link = linker(src)
    shown = [values.uncited("atlas-registry", escape.text(s)) for s in reg.secondary_ids]
    return ", ".join(f"[{s}]({link('registrations', pages[i])})" if i in pages else s
                     for s, i in zip(shown, reg.secondary_ids, strict=True))


def page(atlas: Atlas, reg: Registration, today: str, lookup: Lookup | None = None) -> str:
    """The page of one registration (`lookup`: the atlas's, when several pages are drawn)."""
    found = lookup or Lookup.of(atlas)
    src = trial_src(reg.id)
    link = linker(src)
    publications = [values.uncited("atlas-name", f"[{escape.text(atlas.studies[s].title)}]({link('studies', s)})")
                    for s in reg.publications]
    rows = subjects.rows("registrations", reg, atlas, PAGE_FACTS[:2], no_cites, link)
    rows.append([_("Also registered as", "column"), _also_registered(reg, src, found.pages)])
    rows += subjects.rows("registrations", reg, atlas, PAGE_FACTS[2:], no_cites, link)
    rows.append([_("Reported in the atlas", "column"), _("; ").join(publications) or _("no atlas study reports it")])
    facts = "\n".join([header_row("Field", "Value"), *(f"| {name} | {value} |" for name, value in rows)])
    title = reg.title or reg.registry_id
    parts = [f"# {escape.text(title)}", ""]
    if reg.title is None:
        parts += [f"*{_('The registered title was not read; the page is named by its registry id.')}*", ""]
    elif not reg.confirmed("title"):
        parts += [f"*{_('Title {unconfirmed}.').format(unconfirmed=registered.unconfirmed())}*", ""]
    if completed_no_results(reg, today):
        parts += [f'!!! warning "{_(FLAG)}"',
                  "    " + _("Its primary completion ({date}) passed more than 12 months before this build ({today}); "
                            "no results are posted on the registry as far as read, and no study in the atlas reports "
                            "it.").format(date=escape.text(reg.primary_completion.date), today=escape.text(today)), ""]
    if reg.excluded_reason:
        reason = escape.text(vocabulary.EXCLUDED[reg.excluded_reason]) + (
            f" ({values.data_text(reg.excluded_note)})" if reg.excluded_note else "")
        parts += ["*" + _("Left out of the atlas's counts: {reason}.").format(reason=reason) + "*", ""]
    confirmed = _(", ", "list").join(vocabulary.REGISTRATION_FIELD.get(f, f) for f in sorted(reg.verified))
    parts += [facts, "", f"## {_('Status history')} {{ #status-history }}", "", timeline(reg), "",
              f"## {_('Provenance')} {{ #provenance }}", "",
              _("Read on {date}; the closest page to the registry was {page}. Confirmed on those pages: {fields}; "
                "every other value is shown as unconfirmed or not read.").format(
                  date=escape.text(reg.retrieved), page=escape.text(vocabulary.PAGE_KIND[reg.page_kind]),
                  fields=escape.text(confirmed or _("nothing but the id"))), "",
              *(f"- {read_on_item(item, found.known)}" for item in reg.read_on), ""]
    if reg.notes:
        parts += [f"## {_('Notes')} {{ #notes }}", "",
                  *(f"- {values.marked(n, annotated(atlas, n, src, found))}" for n in reg.notes), ""]
    parts += [(f"[{_('All registered trials')}]({relative(src, INDEX_SRC)}) · {_('data:')} "
               f"[JSON]({relative(src, DATA_DIR + '/registrations.json')}) · "
               f"[CSV]({relative(src, DATA_DIR + '/registrations.csv')})"), ""]
    return "\n".join(parts)


def timeline(reg: Registration) -> str:
    """The status history as an ordered list, oldest first."""
    if not reg.status_history:
        return f"*{_('No status has been read yet.')}*"
    items = [f'<li><time datetime="{xml(h.date)}">{xml(h.date)}</time>{xml(_(": "))}{xml(status_label(h.status))} '
             f'<span class="atlas-timeline__source">({xml(_("synced") if h.source == "sync" else _("read by hand"))})'
             "</span></li>" for h in reg.status_history]
    return '<ol class="atlas-timeline">' + "".join(items) + "</ol>"


def pages(atlas: Atlas, today: str) -> dict[str, str]:
    lookup = Lookup.of(atlas)
    return {trial_src(r.id): page(atlas, r, today, lookup) for r in atlas.registrations.values()}


def titles(atlas: Atlas) -> dict[str, str]:
    return {trial_src(r.id): xml(escape.local(r.title or r.registry_id)) for r in atlas.registrations.values()}


# --- the finder -------------------------------------------------------------------------------------------------

#: The finder's columns (render/subjects.py REGISTRATION, and the flag, which depends on the build date).
FINDER_COLUMNS = ("title", "registry_id", "diabetes_types", "cell_type", "therapy", "region", "countries", "phases",
                  "status", "sponsor_class", "enrollment", "start", "primary_completion", "flag")
FLAG = "Completed, no results"


def flag_column(today: str) -> dict[str, tuple[subjects.Fact, tables.Facet]]:
    """The finder's "completed, no results" column and facet, as of `today`."""
    fact = subjects.Fact("Flag", lambda r, a, c: escape.text(_(FLAG)) if completed_no_results(r, today) else "")
    facet = tables.Facet("Flag", lambda r: (_(FLAG) if completed_no_results(r, today) else _("Not flagged"),))
    return {"flag": (fact, facet)}


def therapy_facet(atlas: Atlas) -> dict[str, tuple[subjects.Fact, tables.Facet]]:
    """The finder's therapy column with a facet of the atlas therapies' names."""
    def names(r: Registration) -> tuple[str, ...]:
        return (atlas.therapies[r.therapy].short_name if r.therapy in atlas.therapies else _("None linked"),)

    return {"therapy": (subjects.REGISTRATION["therapy"], tables.Facet("Atlas therapy", names))}


def finder_table(atlas: Atlas, today: str, src: str = INDEX_SRC) -> str:
    """Every registration in one data table: facets, sort keys, details and cards on phones (render/tables.py)."""
    return tables.table(atlas, "registrations", list(atlas.registrations.values()), FINDER_COLUMNS, no_cites,
                        linker(src), extra={**therapy_facet(atlas), **flag_column(today)})


def finder(atlas: Atlas, today: str, src: str = INDEX_SRC) -> str:
    """The finder and its downloads (and the calendar of upcoming primary completions)."""
    if not atlas.registrations:
        return f"*{_('No registrations yet.')}*"
    return (tables.data_table(finder_table(atlas, today, src), "registrations", src) + " "
            + _("Calendar of upcoming primary completions: {link}.").format(
                link=f"[ICS]({relative(src, CALENDAR_DIR + '/trials.ics')})"))


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
        return f"*{_('No trial has a known start year yet.')}*"
    first, last = min(years), max(years)
    span = list(range(first, last + 1))
    top = max(sum(v.values()) for v in years.values())
    width, height, left, bottom, top_pad = 720, 300, 48, 48, 16
    bar = (width - left - 16) / len(span)
    plot_h = height - bottom - top_pad
    total = sum(sum(v.values()) for v in years.values())
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="atlas-chart">'),
           f'<title id="{chart_id}-title">{xml(_("Registered trials per start year, China and elsewhere"))}</title>',
           (f'<desc id="{chart_id}-desc">' + xml(_(
               "{total} trials with a known start year and region, {first} to {last}; {missing} could not be placed. "
               "The table after the chart holds the same counts.").format(
                   total=total, first=first, last=last, missing=missing)) + "</desc>")]
    for i, year in enumerate(span):
        x = left + i * bar
        y = height - bottom
        for region in ("china", "elsewhere"):
            n = years.get(year, {}).get(region, 0)
            if n:
                h = plot_h * n / top
                y -= h
                out.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                           f'fill="{REGION_COLOURS[region]}"><title>{year}{xml(_(": "))}{n} {xml(vocabulary.REGISTRATION_REGION[region])}</title></rect>')
        if year % 5 == 0 or year in (first, last):
            out.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
                       f'fill="currentColor">{year}</text>')
    for n in range(0, top + 1, max(1, top // 4)):
        y = height - bottom - plot_h * n / top
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="currentColor">{n}</text>')
    for i, region in enumerate(("china", "elsewhere")):
        out.append(f'<rect x="{left + i * 120}" y="{height - 18}" width="12" height="12" fill="{REGION_COLOURS[region]}"/>'
                   f'<text x="{left + i * 120 + 18}" y="{height - 8}" font-size="12" fill="currentColor">'
                   f'{xml(vocabulary.REGISTRATION_REGION[region])}</text>')
    out.append("</svg>")
    rows = [f"| {values.uncited('atlas-count', str(y))} | {values.uncited('atlas-count', str(years[y]['china']))} | "
            f"{values.uncited('atlas-count', str(years[y]['elsewhere']))} |" for y in years]
    table = "\n".join([header_row("Start year", "China", "Elsewhere"), *rows])
    caption = _("Registered trials by the year they started (counted once when registered twice). {missing} trials "
                "without a known start year or region are not shown.").format(missing=missing)
    return (f'<figure class="atlas-figure">{"".join(out)}<figcaption>{xml(caption)}</figcaption></figure>\n\n'
            f'<div class="atlas-data" markdown>\n\n{table}\n\n</div>')


def flow(atlas: Atlas) -> str:
    """A PRISMA-style flow from the data: found per registry, screened, excluded by reason, included."""
    regs = list(atlas.registrations.values())
    found = Counter(r.registry for r in regs)
    included = counted(atlas)
    excluded = Counter(r.excluded_reason for r in regs if r.excluded_reason is not None)
    duplicates = len(regs) - len(included) - sum(excluded.values())
    n = lambda k: values.uncited("atlas-count", str(k))
    lines = [header_row("Stage", "Records")]
    lines += [f"| {_('Found in {registry}').format(registry=escape.text(REGISTRIES[key].name))} | {n(count)} |"
              for key, count in found.items()]
    lines.append(f"| {_('Screened (all records found)')} | {n(len(regs))} |")
    lines += [f"| {_('Excluded: {reason}').format(reason=escape.text(vocabulary.EXCLUDED[reason]))} | {n(count)} |"
              for reason, count in sorted(excluded.items())]
    lines.append(f"| {_('Excluded: the same trial in a second registry (counted once)')} | {n(duplicates)} |")
    lines.append(f"| **{_('Included trials')}** | {n(len(included))} |")
    return '<div class="atlas-flow" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


CALENDAR_DIR = "calendar"


def calendar_groups(atlas: Atlas) -> dict[str, tuple[str, list[Registration]]]:
    """calendar/trials.ics (every registration) and calendar/<therapy>.ics per therapy that has registrations:
    path -> (calendar name, registrations)."""
    regs = list(atlas.registrations.values())
    out = {f"{CALENDAR_DIR}/trials.ics": (_("Registered trials: upcoming primary completions"), regs)}
    for therapy in atlas.therapies.values():
        own = [r for r in regs if r.therapy == therapy.id]
        if own:
            out[f"{CALENDAR_DIR}/{therapy.id}.ics"] = (
                _("{therapy}: upcoming primary completions").format(therapy=escape.local(therapy.name)), own)
    return out


def calendars_list(atlas: Atlas, today: str, src: str) -> str:
    """The calendars (RFC 5545) with how many upcoming primary completions each holds."""
    rows = [header_row("Calendar", "Upcoming primary completions")]
    for path, (name, regs) in calendar_groups(atlas).items():
        rows.append(f"| {values.uncited('atlas-name', f'[{escape.text(name)}]({relative(src, path)})')} | "
                    f"{values.uncited('atlas-count', str(len(upcoming(regs, today))))} |")
    return "\n".join(rows)


def registries_covered() -> str:
    """Which registries are read, and how."""
    rows = [header_row("Registry", "How it is read")]
    for reg in REGISTRIES.values():
        how = (_("synced weekly from its API ({command})").format(command="`make registry`") if reg.synced
               else escape.text(_("curated by hand from pages that were read")))
        rows.append(f"| {escape.text(reg.name)} | {how} |")
    return "\n".join(rows)
