"""Records as YAML the way content/ is written: the schema modeline, two-space indented lists, stable order.

PyYAML quotes every string that a YAML 1.1 reader would take for something else (dates, `no`, `on`), which the
content loader reads as text; the writer checks that its output loads back to the same record.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..load import load_text, modeline

KIND = "registrations"


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as the hand-written records do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump(record: dict[str, Any]) -> str:
    """The file text of a registration record."""
    body = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=118,
                     default_flow_style=False)
    return f"{modeline(KIND)}\n{body}"


def reads_back(text: str, record: dict[str, Any], shown: str) -> bool:
    """Whether the engine's loader reads `text` as exactly `record`, without a diagnostic."""
    loaded, diagnostics = load_text(text, shown, KIND)
    return not diagnostics and loaded is not None and loaded.data == record
