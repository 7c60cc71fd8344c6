"""Records as YAML the way content/registrations/ is written: the schema modeline, short lists and mappings inline,
text folded at 110 characters, fields in a stable order (so a rewritten record changes only the lines that did).

PyYAML quotes every string that a YAML 1.1 reader would take for something else (dates, `no`, `on`), which the
content loader reads as text; the writer checks that its output loads back to the same record.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..load import load_text, modeline

KIND = "registrations"
WIDTH = 110
FLOW_WIDTH = 90  #: a list or mapping of scalars is written inline when it takes at most this many characters


class _Dumper(yaml.SafeDumper):
    """Short lists and mappings of scalars inline (`[T1D]`, `{date: '2024', type: ACTUAL}`), the others as blocks,
    so that no inline collection is folded over several lines."""

    def represent_sequence(self, tag: str, sequence: Any, flow_style: bool | None = None) -> yaml.Node:
        return _fit(super().represent_sequence(tag, sequence, flow_style), sequence)

    def represent_mapping(self, tag: str, mapping: Any, flow_style: bool | None = None) -> yaml.Node:
        return _fit(super().represent_mapping(tag, mapping, flow_style), mapping)


def _fit(node: yaml.Node, value: Any) -> yaml.Node:
    if node.flow_style:
        inline = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip()
        node.flow_style = len(inline) <= FLOW_WIDTH and "\n" not in inline
    return node


def dump(record: dict[str, Any]) -> str:
    """The file text of a registration record."""
    body = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH,
                     default_flow_style=None)
    return f"{modeline(KIND)}\n{body}"


def reads_back(text: str, record: dict[str, Any], shown: str) -> bool:
    """Whether the engine's loader reads `text` as exactly `record`, without a diagnostic."""
    loaded, diagnostics = load_text(text, shown, KIND)
    return not diagnostics and loaded is not None and loaded.data == record
