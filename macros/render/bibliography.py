"""The sources as BibTeX (pybtex) and RIS (rispy), written from the CSL-JSON items of data/sources.json.

Only what an item holds is written: nothing is looked up, guessed or filled in, and a field the atlas has not
confirmed is named in a note (BibTeX `annote`, RIS `N1`). Text from the data is made safe for each format: line
breaks become spaces (a RIS line is one field, a blank line in LaTeX a paragraph); in BibTeX, pybtex's writer
escapes LaTeX's % & # _ ~ and the characters it leaves alone (braces, backslash, $, ^) are written as LaTeX commands
here, so an unbalanced brace cannot end a field. DOIs and URLs are verbatim in BibTeX (biblatex and `\\url` read
them as they are), with the characters that URLs may not hold raw percent-encoded.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer
from rispy import RisWriter

Item = Mapping[str, Any]

#: Fields a source's `verified` may list, as CSL-JSON names them; the others are not checked by the atlas.
CHECKED = ("title", "author", "container-title", "publisher", "issued", "volume", "issue", "page", "DOI", "PMID",
           "PMCID", "URL")
BIBTEX_TYPES = {"article-journal": "article", "article-newspaper": "article", "paper-conference": "inproceedings",
                "report": "techreport"}  #: every other CSL type is `misc`
RIS_TYPES = {"article-journal": "JOUR", "paper-conference": "CPAPER", "report": "RPRT", "webpage": "ELEC",
             "legislation": "LEGAL", "dataset": "DATA", "article-newspaper": "NEWS", "post-weblog": "BLOG",
             "document": "GEN"}
_LATEX = str.maketrans({"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                        "$": r"\textdollar{}", "^": r"\textasciicircum{}"})
_URL_UNSAFE = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", "^": "%5E"})
VERBATIM = ("doi", "url")  #: BibTeX fields written as they are (no LaTeX)


def one_line(value: object) -> str:
    """The text with every run of white space (line breaks included) as one space."""
    return " ".join(str(value).split())


def _latex(value: object) -> str:
    return one_line(value).translate(_LATEX)


def _date(item: Item, field: str) -> list[int]:
    return list(item[field]["date-parts"][0]) if field in item else []


def unconfirmed(item: Item) -> list[str]:
    """The fields an item holds that the atlas did not confirm."""
    verified = set(item["custom"].get("verified", ()))
    return [f for f in CHECKED if f in item and f not in verified]


def _note(item: Item) -> str | None:
    """What a reader of the entry should know: fields not confirmed, an author list that is incomplete."""
    missing = unconfirmed(item)
    notes = ["Not confirmed by the atlas: " + ", ".join(missing) + "."] if missing else []
    if item.get("author") and item["custom"].get("et_al"):
        notes.append("The author list is incomplete (et al.).")
    return " ".join(notes) or None


# BibTeX -----------------------------------------------------------------------------------------------------

class _Writer(Writer):
    """pybtex's BibTeX writer, except that DOIs and URLs are verbatim (LaTeX escapes would corrupt them)."""

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type in VERBATIM:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def _name_part(value: str) -> str:
    """A name part; braced when BibTeX would split it (a comma, or the word `and`)."""
    text = _latex(value)
    return "{" + text + "}" if re.search(r",|\band\b", text, re.IGNORECASE) else text


def _person(author: Mapping[str, str]) -> Person:
    if "literal" in author:
        return Person(last="{" + _latex(author["literal"]) + "}")
    return Person(first=_name_part(author.get("given", "")), last=_name_part(author["family"]))


def bibtex_entry(item: Item) -> Entry:
    """One source as a pybtex entry."""
    entry_type = BIBTEX_TYPES.get(item["type"], "misc")
    names = {"container-title": {"article": "journal", "inproceedings": "booktitle"}.get(entry_type, "howpublished"),
             "container-title-short": "shortjournal", "volume": "volume", "issue": "number", "page": "pages",
             "publisher": "institution" if entry_type == "techreport" else "publisher", "PMID": "pmid",
             "PMCID": "pmcid"}
    fields: dict[str, str] = {}
    if "title" in item:
        fields["title"] = "{" + _latex(item["title"]) + "}"  # braced: styles keep its capitals
    fields.update({names[f]: _latex(item[f]) for f in names if f in item})
    issued = _date(item, "issued")
    if issued:
        fields["year"] = str(issued[0])
    if len(issued) > 1:
        fields["month"] = str(issued[1])
    if "DOI" in item:
        fields["doi"] = item["DOI"].translate(_URL_UNSAFE)
    if "URL" in item:
        fields["url"] = item["URL"].translate(_URL_UNSAFE)
    accessed = _date(item, "accessed")
    if accessed:
        fields["urldate"] = "-".join(f"{p:02d}" for p in accessed)
    note = _note(item)
    if note:
        fields["annote"] = _latex(note)
    authors = [_person(a) for a in item.get("author") or ()]
    if authors and item["custom"].get("et_al"):
        authors.append(Person(last="others"))  # BibTeX's "et al."
    persons = {"author": authors} if authors else {}
    return Entry(entry_type, fields=fields, persons=persons)


def bibtex(items: Sequence[Item]) -> str:
    """data/sources.bib: every source, keyed by its id (pybtex separates entries by a blank line, as here)."""
    return "\n".join(_bibtex_text(json.dumps(item, sort_keys=True)) for item in items)


@functools.lru_cache(maxsize=8192)
def _bibtex_text(item: str) -> str:
    """One entry as text, remembered: latexcodec takes microseconds a character, and a rebuild of the live
    preview writes again only the sources that changed."""
    record = json.loads(item)
    stream = io.StringIO()
    _Writer().write_stream(BibliographyData({record["id"]: bibtex_entry(record)}), stream)
    return stream.getvalue()


# RIS --------------------------------------------------------------------------------------------------------

class _Ris(RisWriter):
    """rispy's RIS writer without its numbered line before each reference (not part of RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_date(parts: list[int]) -> str:
    """RIS dates: YYYY/MM/DD/ (empty parts left empty)."""
    padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def ris_reference(item: Item) -> dict[str, Any]:
    """One source as a rispy reference."""
    names = {"id": "id", "title": "title", "container-title": "secondary_title",
             "container-title-short": "alternate_title1", "publisher": "publisher", "volume": "volume",
             "issue": "number", "page": "start_page", "DOI": "doi", "PMID": "accession_number", "PMCID": "custom2"}
    ref: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(item["type"], "GEN")}
    ref.update({names[f]: one_line(item[f]) for f in names if f in item})
    if item.get("author"):
        ref["authors"] = [one_line(a["literal"]) if "literal" in a
                          else ", ".join(one_line(a[p]) for p in ("family", "given") if p in a)
                          for a in item["author"]]
    issued = _date(item, "issued")
    if issued:
        ref["year"] = str(issued[0])
        ref["date"] = _ris_date(issued)
    accessed = _date(item, "accessed")
    if accessed:
        ref["access_date"] = _ris_date(accessed)
    if "URL" in item:
        ref["urls"] = [one_line(item["URL"])]
    note = _note(item)
    if note:
        ref["notes"] = [note]
    return ref


def ris(items: Sequence[Item]) -> str:
    """data/sources.ris: every source, with its id in `ID`."""
    return _Ris().formats([ris_reference(item) for item in items])
