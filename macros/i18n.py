"""The site's two editions: which languages exist, where each edition lives and how a page's URL in one edition
maps to its counterpart in the other. Pure path arithmetic; the MkDocs side is hooks/editions.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str      #: the locale mkdocs-static-i18n and Material know it by (`page.zh.md`, theme.language)
    name: str      #: its name in its own language, as the language switcher shows it
    hreflang: str  #: BCP 47 tag for hreflang and lang attributes
    locale: str    #: the CLDR locale (Babel) that formats its dates and numbers


DEFAULT = "en"
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "en", "en_GB"),
    "zh": Language("zh", "简体中文", "zh-Hans", "zh_Hans_CN"),
}


def prefix(lang: str) -> str:
    """The folder an edition is built in, relative to the site root: '' for English, 'zh/' for Chinese."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; the site has: {', '.join(LANGUAGES)}")
    return "" if lang == DEFAULT else f"{lang}/"


def split(url: str) -> tuple[str, str]:
    """A site-root-relative URL -> (its edition, the same URL without the edition's folder)."""
    for lang in LANGUAGES:
        if lang != DEFAULT and (url == lang or url.startswith(prefix(lang))):
            return lang, url[len(prefix(lang)):]
    return DEFAULT, url


def counterparts(url: str) -> dict[str, str]:
    """Language -> the site-root-relative URL of the same page in that edition (every page exists in both)."""
    _, bare = split(url)
    return {lang: prefix(lang) + bare for lang in LANGUAGES}
