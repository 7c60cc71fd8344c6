"""Make text from data inert: no HTML, Markdown, attribute list or Jinja syntax from YAML comes alive.

Every character with a meaning in Python-Markdown, its extensions or Jinja becomes an HTML character reference,
which the browser shows as the character itself; newlines become spaces so that a value cannot break a table row.
Control characters (which the loader refuses anyway) become U+FFFD: Python-Markdown uses STX/ETX to mark its
placeholders, and a value must never be able to name one. Translatable text (macros/translations.py) comes out in
the language of the edition being built where it is translated, in English otherwise.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from .. import i18n, messages
from ..translations import Text

_ENTITIES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
    "(": "&#40;", ")": "&#41;", "{": "&#123;", "}": "&#125;", "|": "&#124;", "#": "&#35;",
    "!": "&#33;", "~": "&#126;", "^": "&#94;", "=": "&#61;", "%": "&#37;", ":": "&#58;",
}
_CONTROLS = {c: "\ufffd" for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
_TABLE = str.maketrans({**_CONTROLS, **_ENTITIES})
_LIST_START = re.compile(r"^(\s*)([0-9]+)\.|^(\s*)([-+])")


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z]{2}")


def local(value: object) -> str:
    """A value as the edition being built shows it: translated text in the edition's language where it has it."""
    if isinstance(value, Text):
        return value.in_language(messages.language()) or str(value)
    return str(value)


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text))


def foreign(markup: str, shown: str) -> str:
    """`markup` marked as English on a page of another edition when what it shows (`shown`, e.g. a source's own
    title, quoted as published) has words and no Chinese in it."""
    if messages.language() == i18n.DEFAULT or has_chinese(shown) or not _LATIN.search(shown):
        return markup
    return f'<span lang="{i18n.DEFAULT}">{markup}</span>'


def text(value: object) -> str:
    """Plain text for inline Markdown (table cells, list items, paragraphs)."""
    flat = " ".join(local(value).split())
    escaped = flat.translate(_TABLE)
    return _LIST_START.sub(lambda m: (m.group(1) or m.group(3) or "") + (
        f"{m.group(2)}&#46;" if m.group(2) else f"&#{ord(m.group(4))};"), escaped)


def url(value: str) -> str:
    """An https URL safe inside a Markdown link target (no spaces, quotes, brackets or parentheses)."""
    if not value.startswith("https://"):
        raise ValueError(f"only https URLs are linked, not {value!r}")
    return quote(value, safe=":/?#@!$&+,;=%-._~")


def link(label: str, target: str) -> str:
    """A Markdown link whose label is escaped text and whose target is a safe URL."""
    return f"[{text(label)}]({url(target)})"
