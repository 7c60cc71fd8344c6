"""First readings for a new record: diabetes types from the registered conditions, a cell type from the
interventions. They are the atlas's classification, not registry values: the sync writes them only into a new
record (never into one that has them) and never lists them as verified; a person checks them in review."""

from __future__ import annotations

import re

_T2D = re.compile(r"\btype\s*(?:2|ii)\b|\bt2d|\bniddm\b|non[- ]?insulin[- ]dependent", re.IGNORECASE)
_T1D = re.compile(r"\btype\s*(?:1|i)\b|\bt1d|\biddm\b|insulin[- ]dependent|\bjuvenile\b|\blada\b|latent autoimmune",
                  re.IGNORECASE)

#: The first rule whose pattern the intervention text matches gives the cell type.
_CELL_TYPES = (
    ("stem_cell_educator", r"educator"),
    ("treg", r"regulatory t|\btregs?\b"),
    ("ahsct", r"ha?ematopoietic|\bahsct\b|\bhsct\b"),
    ("msc", r"mesenchymal|stromal|\bmscs?\b|wharton"),
    ("cord_blood", r"cord blood"),
    ("bone_marrow_cells", r"bone marrow"),
    ("stem_cell_derived_islets", r"(?:stem[- ]cell|pluripotent|embryonic|ipsc|esc)[- ]derived|vx-880|zimislecel"),
    ("islet_transplantation", r"islet"),
    ("other_stem_cell", r"stem cell"),
)


def diabetes_types(texts: list[str]) -> list[str] | None:
    """T1D and/or T2D named in the conditions or title; None when neither is named."""
    found = []
    for code, pattern in (("T1D", _T1D), ("T2D", _T2D)):
        remaining = [_T2D.sub(" ", t) if code == "T1D" else t for t in texts]  # "non-insulin-dependent" is T2D
        if any(pattern.search(t) for t in remaining):
            found.append(code)
    return found or None


def cell_type(intervention: str | None, title: str) -> str | None:
    """The cell type the intervention (or title) names first in the order of the rules; `other` when none, None
    when no intervention was registered."""
    if intervention is None:
        return None
    for name, pattern in _CELL_TYPES:
        if re.search(pattern, f"{intervention} {title}", re.IGNORECASE):
            return name
    return "other"
