"""The words the engine writes, in the language of the edition being built: one gettext catalogue per language
(`macros/locale/<lang>/LC_MESSAGES/atlas.po`, read with Babel), English being the message ids themselves.

The site builds one edition after the other (macros/i18n.py); the adapters set the edition's language when its pass
starts (`use`), and every renderer's words come out in it. A message a catalogue lacks comes out in English:
tests/test_messages.py fails for any such message of the vocabulary.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from . import i18n

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "atlas"
_language: ContextVar[str] = ContextVar("atlas_language", default=i18n.DEFAULT)


def use(lang: str) -> None:
    """Write every message in `lang` from now on (an adapter calls this as the edition's pass starts)."""
    i18n.prefix(lang)  # refuses an unknown language
    _language.set(lang)


def language() -> str:
    return _language.get()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Write every message in `lang` inside the block, then in the language before it."""
    before = language()
    use(lang)
    try:
        yield
    finally:
        use(before)


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def translate(message: str, context: str | None = None, lang: str | None = None) -> str:
    """`message` (English) in `lang` (default: the edition being built); English where the catalogue has none."""
    lang = lang or language()
    if lang == i18n.DEFAULT:
        return message
    entry = catalogue(lang).get(message, context=context)
    return entry.string if entry is not None and entry.string else message


def headers(*labels: str) -> list[str]:
    """Table headers (msgctxt "column") in the current language."""
    return [translate(label, "column") for label in labels]


def header_row(*labels: str) -> str:
    """A Markdown table's header and rule rows, the headers in the current language."""
    return "| " + " | ".join(headers(*labels)) + " |\n|" + "|".join("---" for _ in labels) + "|"


def long_date(day: date, lang: str | None = None) -> str:
    """A date as the language writes it in running text: '4 March 2024', '2024年3月4日'."""
    return format_date(day, format="long", locale=i18n.LANGUAGES[lang or language()].locale)


class Labels(Mapping[Any, str]):
    """Value -> label, in English as written in macros/vocabulary.py, read in the current edition's language.
    `context` is the msgctxt of its labels in the catalogues (one label may read differently in two tables)."""

    def __init__(self, context: str, english: Mapping[Any, str]) -> None:
        self.context = context
        self.english: Mapping[Any, str] = dict(english)

    def __getitem__(self, value: Any) -> str:
        return translate(self.english[value], self.context)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)

    def __repr__(self) -> str:
        return f"Labels({self.context!r}, {self.english!r})"
