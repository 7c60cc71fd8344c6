"""How a registration's values look: a value confirmed on a page that was read as the registry gives it, one not
confirmed marked so, one no page gave as "not read". Every value is escaped and marked as a registry's value
(values.UNCITED_DIGITS "atlas-registered": the registration's page says where and when it was read)."""

from __future__ import annotations

import html
from collections.abc import Iterable

from .. import vocabulary
from ..messages import translate as _
from ..model import Dated, Registration
from ..registries import REGISTRIES, status_label
from . import escape, values


def _mark(title: str, text: str) -> str:
    return f'<span class="atlas-unknown" title="{html.escape(title, quote=True)}">{escape.text(text)}</span>'


def unconfirmed() -> str:
    """The mark of a value not confirmed on a page that was read, in the edition's language."""
    return _mark(_("Not confirmed on a page that was read"), _("unconfirmed"))


def not_read() -> str:
    """What stands for a value no page that was read gives, in the edition's language."""
    return _mark(_("No page that was read gives this value"), _("not read"))


def shown(reg: Registration, field: str, text: str | None) -> str:
    """Escaped text, marked unconfirmed when `field` is not verified, or 'not read' when there is none."""
    if text is None or text == "":
        return not_read()
    mark = "" if reg.confirmed(field) else f" ({unconfirmed()})"
    return escape.foreign(values.uncited("atlas-registered", escape.text(text)), escape.local(text)) + mark


def dated(reg: Registration, field: str, value: Dated) -> str:
    """A date with its type (actual or estimated) as registered."""
    if value.date is None:
        return not_read()
    kind = _(", ") + vocabulary.DATE_TYPE[value.type] if value.type else ""
    return shown(reg, field, value.date + kind)


def countries_text(codes: Iterable[str] | None) -> str | None:
    return None if codes is None else _(", ", "list").join(vocabulary.country(c) for c in codes)


def phases_text(reg: Registration) -> str | None:
    return None if not reg.phases else _(", ", "list").join(vocabulary.REGISTRATION_PHASE.get(p, p) for p in reg.phases)


def status_text(reg: Registration) -> str | None:
    return None if reg.status is None else status_label(reg.status)


def region_text(reg: Registration) -> str:
    return _("{region} ({basis})").format(region=vocabulary.REGISTRATION_REGION[reg.region],
                                         basis=vocabulary.REGION_BASIS[reg.region_basis])


def enrollment_text(reg: Registration) -> str | None:
    if reg.enrollment is None:
        return None
    kind = _(", ") + vocabulary.DATE_TYPE[reg.enrollment_type] if reg.enrollment_type else ""
    return f"{reg.enrollment}{kind}"


def results_text(reg: Registration) -> str | None:
    return None if reg.results_posted is None else values.FLAG[reg.results_posted]


def record_link(reg: Registration) -> str:
    """The registry id, linked to the registry's record where the registry has an address by id."""
    template = REGISTRIES[reg.registry].record_url
    shown_id = escape.text(reg.registry_id) if template is None else escape.link(
        reg.registry_id, template.format(id=reg.registry_id))
    return values.uncited("atlas-registry", shown_id)
