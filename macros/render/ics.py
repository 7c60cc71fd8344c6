"""An iCalendar (RFC 5545) file of upcoming primary-completion dates: escaped TEXT, CRLF, lines folded at 75 octets."""

from __future__ import annotations

from collections.abc import Iterable

from .. import vocabulary
from ..model import Registration
from .trials import upcoming

PRODID = "-//Diabetes Cell Therapy Atlas//Trials//EN"


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped; controls dropped."""
    value = "".join(c for c in value if c >= " " or c == "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded so that no line exceeds 75 octets, never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def calendar(name: str, registrations: Iterable[Registration], today: str, stamp: str, page_url: str) -> str:
    """One VCALENDAR; `stamp` is the build time (UTC, YYYYMMDDTHHMMSSZ); page_url(id) the trial's page."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{text(name)}"]
    for reg in upcoming(registrations, today):
        date = reg.primary_completion.date or ""
        day = date if len(date) == 10 else date + "-01"
        precision = "" if len(date) == 10 else " (month only: shown on its first day)"
        kind = vocabulary.DATE_TYPE[reg.primary_completion.type]
        lines += [
            "BEGIN:VEVENT", f"UID:{text(reg.id)}-primary-completion@atlas", f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}",
            f"SUMMARY:{text(f'Primary completion ({kind}): {reg.title or reg.registry_id}')}",
            f"DESCRIPTION:{text(f'{reg.registry_id}: primary completion {date}{precision}, {kind}, as registered.')}",
            f"URL:{page_url(reg.id)}", "TRANSP:TRANSPARENT", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
