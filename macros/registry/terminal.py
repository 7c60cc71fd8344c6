"""Text from the registry made inert for a terminal: control, escape and bidirectional characters become escapes."""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def safe(text: str) -> str:
    """`text` with every character that could move the cursor, recolour or reorder the screen written as an escape."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
