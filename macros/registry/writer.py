"""Records as YAML the way content/registrations/ is written: the schema modeline, short lists and mappings inline,
lines folded at 110 characters, fields in a stable order (so a rewritten record changes only the lines that did).

PyYAML quotes every string that a YAML 1.1 reader would take for something else (dates, `no`, `on`), which the
content loader reads as text; the writer checks that its output loads back to the same record.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..load import load_text, modeline

KIND = "registrations"


def dump(record: dict[str, Any]) -> str:
    """The file text of a registration record."""
    body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return f"{modeline(KIND)}\n{body}"


def reads_back(text: str, record: dict[str, Any], shown: str) -> bool:
    """Whether the engine's loader reads `text` as exactly `record`, without a diagnostic."""
    loaded, diagnostics = load_text(text, shown, KIND)
    return not diagnostics and loaded is not None and loaded.data == record
