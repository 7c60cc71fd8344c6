"""Tests of the built site as readers get it: no unconfirmed identifier anywhere, and every table cell that shows
a number or a date carries a footnote (apart from the cells marked in macros.render.values.UNCITED_DIGITS)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from macros.checks.identifiers import IDENTIFIERS
from macros.pipeline import load_atlas
from macros.render.values import UNCITED_DIGITS

ROOT = Path(__file__).resolve().parents[1]


def pages(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path, path.read_text(encoding="utf-8")


# --- identifiers -------------------------------------------------------------------------------------------------

_DOI = re.compile(r"\b10\.\d{4,9}/[!#-%(-;=?-~]+", re.IGNORECASE)
_REGISTRY = re.compile(r"\b(NCT\d{8}|ChiCTR\d{10}|ChiCTR-[A-Z]{2,5}-\d{8})\b")
_PMCID = re.compile(r"\bPMC\d{5,9}\b")
_PMID = re.compile(r"(?:PMID\W{0,40}?|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{6,9})\b", re.IGNORECASE)


def identifiers_in(text: str) -> set[tuple[str, str]]:
    """Every (kind, value) that looks like a DOI, PMID, PMCID or registry id in HTML (links decoded too)."""
    plain = unquote(html.unescape(text))
    found = {("DOI", m.group(0).rstrip(".,;:)").lower()) for m in _DOI.finditer(plain)}
    found |= {("registry_id", m.group(1)) for m in _REGISTRY.finditer(plain)}
    found |= {("PMCID", m.group(0)) for m in _PMCID.finditer(plain)}
    found |= {("PMID", m.group(1)) for m in _PMID.finditer(plain)}
    found |= {("PMID", m.group(1)) for m in _PMID.finditer(re.sub(r"<[^>]*>", "", plain))}  # PMID: <a>123</a>
    return found


def confirmed_identifiers() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(identifiers confirmed in a source record, identifiers held but not confirmed)."""
    result = load_atlas(ROOT)
    assert result.atlas is not None
    confirmed: set[tuple[str, str]] = set()
    unconfirmed: set[tuple[str, str]] = set()
    for source in result.atlas.sources.values():
        for name, value in (("DOI", source.doi), ("PMID", source.pmid), ("PMCID", source.pmcid),
                            ("registry_id", source.registry_id)):
            if value is not None:
                key = (name, value.lower() if name == "DOI" else value)
                (confirmed if source.confirmed(name) else unconfirmed).add(key)
    for reg in result.atlas.registrations.values():  # a registration's own id, read on the pages it lists
        if reg.confirmed("registry_id"):
            confirmed.add(("registry_id", reg.registry_id))
        if reg.confirmed("secondary_ids"):
            confirmed |= {("registry_id", r) for r in reg.secondary_ids}
    return confirmed, unconfirmed  # a study's registry ids are confirmed by its sources (registry-id-unconfirmed)


def test_identifier_scanner_finds_every_kind() -> None:
    text = ('<a href="https://doi.org/10.1016/j.cell.2024.09.004">doi</a> PMID: <a>39326417</a> '
            'https://pubmed.ncbi.nlm.nih.gov/40544428/ PMC8714853 NCT04786262 ChiCTR2300072200 ChiCTR-ONC-10000985 '
            'https://doi.org/10.1016/S2213-8587%2826%2900136-1.')
    assert identifiers_in(text) == {
        ("DOI", "10.1016/j.cell.2024.09.004"), ("PMID", "39326417"), ("PMID", "40544428"), ("PMCID", "PMC8714853"),
        ("registry_id", "NCT04786262"), ("registry_id", "ChiCTR2300072200"),
        ("registry_id", "ChiCTR-ONC-10000985"), ("DOI", "10.1016/s2213-8587(26)00136-1"),
    }


def test_a_doi_ends_where_chinese_text_begins() -> None:
    """DOIs are ASCII: a fullwidth bracket or a Chinese full stop after one, as Chinese pages write them, is not
    part of it."""
    assert identifiers_in("标题未核实（DOI 10.1186/s12967-016-1090-7）。") == {("DOI", "10.1186/s12967-016-1090-7")}


def test_the_checker_kind_names_match() -> None:
    assert set(IDENTIFIERS) == {"DOI", "PMID", "PMCID", "registry_id"}


def test_no_unconfirmed_identifier_appears_in_the_site(site: Path) -> None:
    confirmed, unconfirmed = confirmed_identifiers()
    assert confirmed, "no confirmed identifiers at all: the scan would prove nothing"
    shown: set[tuple[str, str]] = set()
    problems = []
    for path, text in pages(site):
        for ident in identifiers_in(text):
            shown.add(ident)
            if ident not in confirmed or ident in unconfirmed:
                problems.append(f"{path.relative_to(site)}: {ident[0]} {ident[1]}")
    assert not problems, "identifiers shown without confirmation:\n" + "\n".join(sorted(set(problems)))
    # the site does show confirmed identifiers (the scan looked at real references)
    assert {k for k, _ in shown} >= {"DOI", "PMID", "registry_id"}


# --- footnotes in table cells ------------------------------------------------------------------------------------

class _Cells(HTMLParser):
    """Collects each <td>: its text outside the allowed uncited spans, and whether it holds a footnote reference."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[str, bool, str]] = []
        self._depth = 0  # inside a td
        self._skip = 0  # inside an allowed span (nesting depth)
        self._stack: list[bool] = []
        self._text: list[str] = []
        self._raw: list[str] = []
        self._footnote = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td":
            self._depth += 1
            self._text, self._raw, self._footnote = [], [], False
            return
        if not self._depth:
            return
        self._raw.append(self.get_starttag_text() or "")
        if tag == "sup" and (a.get("id") or "").startswith("fnref"):
            self._footnote = True
        if tag == "span":
            allowed = bool(set((a.get("class") or "").split()) & set(UNCITED_DIGITS))
            self._stack.append(allowed)
            self._skip += allowed
        if tag == "sup":
            self._skip += 1  # the footnote number itself is not content
            self._stack.append(True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._depth:
            self._depth -= 1
            self.cells.append(("".join(self._text), self._footnote, "".join(self._raw)))
            return
        if not self._depth:
            return
        self._raw.append(f"</{tag}>")
        if tag in ("span", "sup") and self._stack:
            self._skip -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._raw.append(data)
            if not self._skip:
                self._text.append(data)


def cells_without_footnote(text: str) -> list[str]:
    parser = _Cells()
    parser.feed(text)
    return [raw for shown, footnote, raw in parser.cells if re.search(r"\d", shown) and not footnote]


def test_cell_rule_on_examples() -> None:
    assert cells_without_footnote("<table><tr><td>12 months</td></tr></table>") == ["12 months"]
    assert cells_without_footnote('<td>12 months<sup id="fnref:a"><a>1</a></sup></td>') == []
    assert cells_without_footnote('<td><span class="atlas-count">3</span></td>') == []
    assert cells_without_footnote('<td><span class="atlas-verdict">3</span></td>') == ['<span class="atlas-verdict">3</span>']
    assert cells_without_footnote('<td><span class="atlas-evidence">L2</span> · 2 patients</td>') != []


def test_every_table_cell_with_a_number_or_date_has_a_footnote(site: Path) -> None:
    problems = []
    checked = 0
    for path, text in pages(site):
        if "reference" in path.relative_to(site).parts[:2]:  # English (reference/) and Chinese (zh/reference/)
            continue  # the data-model and error-code references show schema examples, not facts
        parser = _Cells()
        parser.feed(text)
        checked += sum(bool(re.search(r"\d", shown)) for shown, _, _ in parser.cells)
        problems += [f"{path.relative_to(site)}: {raw[:160]}" for raw in cells_without_footnote(text)]
    assert checked > 100, "too few numeric cells: the site is not what this test expects"
    assert not problems, "table cells with a number or date but no footnote:\n" + "\n".join(problems)


# --- what readers see: no editors' first-person notes, no record ids -----------------------------------------------

_FIRST_PERSON = re.compile(r"\b(?:I(?: did| could| found| read| saw| cannot|'m|'ve| have| was| am)|[Mm]y|[Ww]e|[Oo]ur)\b")


class _Text(HTMLParser):
    """The visible text of a page (attributes, scripts and styles left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def editorial_leaks(text: str, ids: set[str]) -> list[str]:
    """First-person notes and record ids in a page's visible text."""
    found = [f"first person: ...{text[max(0, m.start() - 40):m.end() + 20]}..." for m in _FIRST_PERSON.finditer(text)]
    found += [f"record id: {i}" for i in sorted(set(_ids_pattern(frozenset(ids)).findall(text)))]
    return found


@functools.cache
def _ids_pattern(ids: frozenset[str]) -> re.Pattern[str]:
    """Any of `ids` standing alone (not inside a longer name, path or address): one pattern for all of them."""
    return re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, sorted(ids, key=lambda i: (-len(i), i)))) + r")(?![\w-])")


def test_leak_scanner_on_examples() -> None:
    ids = {"wang2024_cipsc_islets_cell"}
    assert editorial_leaks("Phase I/II trial; 3 of 27 patients.", ids) == []
    assert len(editorial_leaks("I did not read patient numbers; see wang2024_cipsc_islets_cell.", ids)) == 2
    assert editorial_leaks("https://example.org/sources/wang2024_cipsc_islets_cell/", ids) == []
    both = {"wang2024", "wang2024_cipsc", "li2020"}  # an id inside a longer one is found only where it stands alone
    assert editorial_leaks("wang2024_cipsc, li2020-x, a/li2020 and wang2024.", both) == [
        "record id: wang2024", "record id: wang2024_cipsc"]
    assert editorial_leaks("wang2024_cipsc_islets li2020x", both) == []


def test_no_first_person_note_or_record_id_reaches_readers(site: Path) -> None:
    """Reader pages only: the developer reference pages (data model, error codes) show example ids on purpose."""
    result = load_atlas(ROOT)
    assert result.atlas is not None
    ids = {i for kind in ("sources", "studies", "claims", "approvals", "exclusions") for i in result.atlas.kind(kind)}
    problems = [f"{path.relative_to(site)}: {leak}" for path, text in pages(site)
                if "reference" not in path.relative_to(site).parts for leak in editorial_leaks(visible_text(text), ids)]
    assert not problems, "\n".join(problems)
