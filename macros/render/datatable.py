"""The HTML of a data table that reads on every screen, in print and without JavaScript.

Every table the site script (docs/assets/tables.js) enhances is written here, so the machinery is generic:

- each cell carries `data-label` (its column's header), so on a phone CSS alone shows a row as a card of
  label: value pairs;
- a cell may carry `data-sort`, the key the script sorts by (a number for numbers and durations in months, an ISO
  date, or text); an empty key means unknown, which sorts last in both directions;
- the header's `data-sort-type` (`number`, `date` or `text`) says how keys compare;
- a column marked as a detail is hidden at desktop width once the script runs, which offers it in an expandable
  row instead (each row's first cell holds its "Details" button, written here, shown only where the script runs:
  inserting a button into every row as the page starts restyled and laid out the whole table again); print, phones
  and readers without JavaScript get every column;
- facets are declared on the table (`data-facets="<key> <key>"` in order, `data-facet-<key>="<label>"`) and each row names its values
  (`data-facet-<key>="a|b"`), from which the script builds one filter control per facet;
- the table scrolls sideways inside a focusable, labelled region (keyboard users can reach it);
- an empty, hidden block before it holds the script's controls (filter, facets, "Show all columns"): inserting them
  as a new element beside the table made Chromium restyle the whole table (Material's `table:not([class]) + *`).

Cells hold inline Markdown (links, footnotes), parsed by md_in_html (`markdown="span"`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import messages
from . import escape

SORT_TYPES = ("number", "date", "text")
_KEY = re.compile(r"[a-z][a-z0-9-]*\Z")


@dataclass(frozen=True)
class Header:
    label: str
    sort_type: str = "text"
    detail: bool = False


@dataclass(frozen=True)
class Cell:
    markdown: str
    #: The sort key: "" for unknown; None to let the script sort by the cell's text.
    sort: str | None = None


@dataclass(frozen=True)
class Row:
    cells: Sequence[Cell]
    #: Facet key -> the row's values (from closed vocabularies: no value contains "|").
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)


def number_key(value: float | None) -> str:
    """A numeric sort key ('' when unknown)."""
    return "" if value is None else f"{value:.6g}"


def _attr(value: str) -> str:
    return escape.text(value)


def _facet_key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"facet key {key!r} must be lower-case letters, digits and hyphens")
    return key


def render(headers: Sequence[Header], rows: Sequence[Row], label: str,
           facets: Mapping[str, str] | None = None) -> str:
    """The table inside its scrolling region; `facets` maps each facet key to its control's label."""
    facets = dict(facets or {})
    for header in headers:
        if header.sort_type not in SORT_TYPES:
            raise ValueError(f"sort type {header.sort_type!r} is none of {', '.join(SORT_TYPES)}")
    declared = "".join(f' data-facet-{_facet_key(k)}="{_attr(v)}"' for k, v in facets.items())
    if facets:
        declared += f' data-facets="{" ".join(facets)}"'  # their order (attributes may be reordered)
    head = "".join(
        f'<th scope="col" data-sort-type="{h.sort_type}"{_detail(h)}>{escape.text(h.label)}</th>' for h in headers)
    more = ""
    if any(h.detail for h in headers):
        title, text = messages.translate("Show this row's other columns"), messages.translate("Details")
        more = (f'<button type="button" class="atlas-more" aria-expanded="false" title="{_attr(title)}">'
                f"{escape.text(text)}</button>")
    body = []
    for row in rows:
        if len(row.cells) != len(headers):
            raise ValueError(f"a row has {len(row.cells)} cells for {len(headers)} columns")
        unknown = set(row.facets) - set(facets)
        if unknown:
            raise ValueError(f"row names undeclared facet(s): {', '.join(sorted(unknown))}")
        values = "".join(f' data-facet-{k}="{_attr("|".join(row.facets[k]))}"' for k in facets if k in row.facets)
        cells = "".join(
            f'<td data-label="{_attr(h.label)}"{_sort(c)}{_detail(h)} markdown="span">{c.markdown}{more if i == 0 else ""}</td>'
            for i, (h, c) in enumerate(zip(headers, row.cells, strict=True)))
        body.append(f'<tr{values} markdown="1">{cells}</tr>')
    return ('<div class="atlas-filter" hidden></div>\n'  # the script's controls go in here (see the module's text)
            f'<div class="atlas-scroll" role="region" tabindex="0" aria-label="{_attr(label)}" markdown="1">\n'
            f'<table class="atlas-table"{declared} markdown="1">\n<thead><tr>{head}</tr></thead>\n'
            f'<tbody markdown="1">\n' + "\n".join(body) + "\n</tbody>\n</table>\n</div>")


def _detail(header: Header) -> str:
    return ' class="atlas-detail"' if header.detail else ""


def _sort(cell: Cell) -> str:
    return "" if cell.sort is None else f' data-sort="{_attr(cell.sort)}"'
