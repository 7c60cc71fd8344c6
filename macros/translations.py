"""Translatable text in the data: a field whose schema is `common.schema.json#/$defs/translatable` holds plain text
(English) or the text per language, `{en: ..., zh: ...}`; `en` is required, `zh` may be missing.

Before a record is validated, `check` reports what the schema alone would report vaguely, each at its place: a
language mapping on a field that is not translatable, a translatable field without `en`, a language the atlas does
not have. The record is then validated with each translatable field's English text (every other language is text
too: each is checked as the field's English is), and the model receives `Text`: a `str` (the English, so every
reader of the model keeps working) that also knows its translations. `coverage` counts, per kind, the translatable
fields that have their Chinese text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Self

from . import i18n
from .diagnostics import Diagnostic
from .load import Record, Where

DEFS = frozenset({"common.schema.json#/$defs/translatable", "common.schema.json#/$defs/translatableLabel"})
ANY = "*"  #: a list index, in a field's path


class Text(str):
    """A field's English text, which is the string itself, and its translations by language."""

    translations: Mapping[str, str]

    def __new__(cls, english: str, translations: Mapping[str, str] | None = None) -> Self:
        text = super().__new__(cls, english)
        text.translations = dict(translations or {})
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), dict(self.translations)))

    def in_language(self, lang: str) -> str | None:
        """The text in `lang`, or None where it is not translated."""
        return str(self) if lang == i18n.DEFAULT else self.translations.get(lang)


def translatable_fields(name: str, schemas: Mapping[str, Any]) -> frozenset[tuple[str, ...]]:
    """The paths (list indices as ANY) of the translatable fields of the kind whose schema file is `name`."""
    found: set[tuple[str, ...]] = set()

    def walk(node: Any, path: tuple[str, ...], base: str, seen: frozenset[str]) -> None:
        if not isinstance(node, Mapping):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            ref = base + ref if ref.startswith("#") else ref  # refs within a file name it
            if ref in DEFS:
                found.add(path)
                return
            if ref not in seen:
                walk(_resolve(ref, schemas), path, ref.partition("#")[0], seen | {ref})
        for field_name, sub in (node.get("properties") or {}).items():
            walk(sub, (*path, field_name), base, seen)
        walk(node.get("items"), (*path, ANY), base, seen)
        for branch in (*node.get("anyOf", ()), *node.get("oneOf", ())):
            walk(branch, path, base, seen)

    walk(schemas.get(name), (), name, frozenset())
    return frozenset(found)


def _resolve(ref: str, schemas: Mapping[str, Any]) -> Any:
    name, _, pointer = ref.partition("#")
    node: Any = schemas.get(name, {})
    for part in filter(None, pointer.split("/")):
        node = node.get(part, {}) if isinstance(node, Mapping) else {}
    return node


@dataclass(frozen=True)
class Checked:
    #: the record as written
    record: Record
    #: the translatable fields that hold text (a string or a mapping by language), each with its place
    texts_written: tuple[tuple[Where, str | dict[str, str]], ...]
    diagnostics: tuple[Diagnostic, ...]
    #: the record as the schema validates it: each translatable field's English text
    english: Record
    #: each language's text of each translatable field in the record's data, checked as the English is
    languages: tuple[Record, ...]
    #: the record as the model receives it: each translatable field a Text
    texts: Record


def check(record: Record, fields: frozenset[tuple[str, ...]]) -> Checked:
    diagnostics: list[Diagnostic] = []
    found = _values(record.data, fields)
    for where, value, translatable in found:
        if not isinstance(value, dict):
            continue
        languages = set(value) & set(i18n.LANGUAGES)
        if not translatable:
            if languages:
                diagnostics.append(record.diagnostic(where, "translation-not-translatable",
                                                     f"'{_name(where)}' is not translatable, but holds {', '.join(sorted(languages))}",
                                                     key=True))
            continue
        for key in value:
            if key not in i18n.LANGUAGES:
                diagnostics.append(record.diagnostic((*where, key), "translation-unknown-language",
                                                     f"'{key}' is not a language of the atlas ({', '.join(i18n.LANGUAGES)})", key=True))
        if i18n.DEFAULT not in value:
            diagnostics.append(record.diagnostic(where, "translation-missing-en",
                                                 f"'{_name(where)}' has no English text ('{i18n.DEFAULT}')", key=True))
    written = tuple((w, v) for w, v, t in found if t and isinstance(v, (str, dict)))
    if diagnostics:
        return Checked(record, written, tuple(diagnostics), record, (), record)
    translated = {w: v for w, v in written if isinstance(v, dict)}
    english = _replaced(record, {w: v[i18n.DEFAULT] for w, v in translated.items()})
    others = {lang for v in translated.values() for lang in v} - {i18n.DEFAULT}
    languages = tuple(_replaced(record, {w: v.get(lang, v[i18n.DEFAULT]) for w, v in translated.items()})
                      for lang in sorted(others))
    texts = _replaced(record, {w: _text(v) for w, v in written})
    return Checked(record, written, (), english, languages, texts)


def _text(value: str | Mapping[str, str]) -> Text:
    if isinstance(value, str):
        return Text(value)
    return Text(value[i18n.DEFAULT], {k: v for k, v in value.items() if k != i18n.DEFAULT})


def _name(where: Where) -> str:
    return ".".join(str(p) for p in where)


def _values(data: Any, fields: frozenset[tuple[str, ...]]) -> list[tuple[Where, Any, bool]]:
    """Every value under `data`, each with its place and whether its field is translatable, in document order; a
    translatable field's own keys are not walked into. (The loader's mappings are dicts: `isinstance` against
    `dict` is several times cheaper than against `Mapping`, on every value of every record.)"""
    found: list[tuple[Where, Any, bool]] = []

    def walk(node: Any, where: Where, pattern: tuple[str, ...]) -> None:
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            place, field = (*where, key), (*pattern, ANY if isinstance(key, int) else key)
            translatable = field in fields
            found.append((place, value, translatable))
            if not translatable and isinstance(value, (dict, list)):
                walk(value, place, field)

    if isinstance(data, (dict, list)):
        walk(data, (), ())
    return found


def _replaced(record: Record, values: Mapping[Where, Any]) -> Record:
    """The record with the value at each place in `values` replaced; what holds none of them is the record's own."""
    if not values:
        return record
    above = {where[:depth] for where in values for depth in range(len(where))}

    def rebuild(data: Any, where: Where) -> Any:
        if where in values:
            return values[where]
        if where not in above:
            return data
        if isinstance(data, dict):
            return {k: rebuild(v, (*where, k)) for k, v in data.items()}
        if isinstance(data, list):
            return [rebuild(v, (*where, i)) for i, v in enumerate(data)]
        return data

    return replace(record, data=rebuild(record.data, ()))


def coverage(checked: Iterator[Checked] | tuple[Checked, ...], lang: str) -> dict[str, tuple[int, int]]:
    """Per kind: (translatable fields holding text, of them those translated into `lang`)."""
    counts: dict[str, list[int]] = {}
    for one in checked:
        tally = counts.setdefault(one.record.kind, [0, 0])
        for _, value in one.texts_written:
            tally[0] += 1
            tally[1] += _has(value, lang)
    return {kind: (total, done) for kind, (total, done) in sorted(counts.items())}


def untranslated(checked: tuple[Checked, ...], lang: str) -> tuple[Diagnostic, ...]:
    """The translatable fields without their `lang` text, in the kinds where some field has it: once a kind is
    translated, `check --strict` keeps it whole (a kind nobody has started translating is not reported)."""
    started = {kind for kind, (_, done) in coverage(checked, lang).items() if done}
    return tuple(one.record.diagnostic(where, "translation-missing-zh", f"'{_name(where)}' has no {lang} text")
                 for one in checked if one.record.kind in started
                 for where, value in one.texts_written if not _has(value, lang))


def _has(value: str | dict[str, str], lang: str) -> bool:
    return isinstance(value, dict) and isinstance(value.get(lang), str)
