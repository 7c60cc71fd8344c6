"""Property-based tests (Hypothesis): records generated from the schemas, valid and mutated, never crash the
checker or the renderers (only diagnostics come out), the YAML round trip loses nothing, and a table rendered from
valid records reads back, cell by cell, as the values that went in."""

from __future__ import annotations

import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemagen import Schemas, consistent, modeline_yaml
from trust_support import REPO

from macros.load import load_file
from macros.model import KINDS, Atlas
from macros.pipeline import load_atlas
from macros.render import badges, facts, tables
from macros.render.references import vancouver
from macros.vocabulary import DESIGN, MEANINGS, ORIGIN
from macros.vocabulary import DIABETES_TYPE as DIABETES

settings.register_profile(
    # modest and bounded: no example database in the repository, no long shrinking (the blob reproduces a failure)
    "trust", max_examples=20, deadline=None, database=None, print_blob=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile("trust")

SCHEMAS = Schemas(REPO)
IDS = {"sources": "base_source", "therapies": "base_therapy", "studies": "base_study"}


def _base() -> dict[str, dict[str, Any]]:
    """A valid source, therapy and study that generated records can refer to."""
    return {kind: consistent(kind, SCHEMAS.full(kind)[0], IDS[kind], IDS["sources"], IDS["therapies"], IDS["studies"])
            for kind in IDS}


BASE = _base()


def _write(root: Path, kind: str, record_id: str, text: str | bytes) -> Path:
    path = root / "content" / kind / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _root(tmp: str) -> Path:
    root = Path(tmp)
    (root / "schemas").symlink_to(REPO / "schemas")  # read-only here: linked, not copied, for speed
    for kind, data in BASE.items():
        _write(root, kind, IDS[kind], modeline_yaml(kind, data))
    return root


def valid(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return SCHEMAS.strategy(kind).map(
        lambda d: consistent(kind, d, "generated", IDS["sources"], IDS["therapies"], IDS["studies"]))


def _check_no_crash(root: Path) -> None:
    """The checker answers with diagnostics whose lines exist, and a model exactly when nothing is wrong."""
    result = load_atlas(root)
    for d in result.diagnostics:
        path = root / d.path
        lines = path.read_bytes().count(b"\n") + 2 if path.is_file() else 2
        assert 1 <= d.line <= lines and d.col >= 1, d.format()
    assert (result.atlas is None) == result.failed()


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_valid_records_load_unchanged_and_pass(kind: str, data: st.DataObject) -> None:
    record = data.draw(valid(kind))
    with tempfile.TemporaryDirectory() as tmp:
        root = _root(tmp)
        path = _write(root, kind, record["id"], modeline_yaml(kind, record))
        loaded, found = load_file(path, "x", kind)
        assert found == [] and loaded is not None
        assert loaded.data == record  # the loader keeps every value and type
        result = load_atlas(root)
        assert not result.failed(), [d.format() for d in result.diagnostics]
        assert result.atlas is not None
        assert len(result.atlas.kind(kind)) == 1 + (kind in IDS)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, path + (i,))
    return found


@st.composite
def mutated(draw: Any, kind: str) -> Any:
    record = draw(valid(kind))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(record)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            record = draw(JSONISH) if action == "replace" else record
            continue
        parent = record
        for part in path[:-1]:
            parent = parent[part]
        if action == "replace":
            parent[path[-1]] = draw(JSONISH)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(JSONISH)
        else:
            parent.append(draw(JSONISH))
    return record


@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_mutated_records_get_diagnostics_not_crashes(kind: str, data: st.DataObject) -> None:
    record = data.draw(mutated(kind))
    with tempfile.TemporaryDirectory() as tmp:
        root = _root(tmp)
        _write(root, kind, "generated", modeline_yaml(kind, record))
        _check_no_crash(root)


@st.composite
def damaged_text(draw: Any) -> bytes:
    """A valid file with bytes or YAML punctuation inserted, or replaced by arbitrary bytes."""
    kind = draw(st.sampled_from(KINDS))
    text = modeline_yaml(kind, draw(valid(kind))).encode("utf-8")
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    at = draw(st.integers(0, len(text)))
    insert = draw(st.binary(max_size=8) | st.sampled_from(
        [b"&a ", b"*a", b"!!str ", b"\t", b"- ", b": ", b"\n---\n", b"'", b'"', b"[", b"{", b"%", b"? ", b"\xef\xbb\xbf"]))
    return text[:at] + insert + text[at:]


@given(raw=damaged_text(), kind=st.sampled_from(KINDS))
def test_damaged_files_get_diagnostics_not_crashes(raw: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _root(tmp)
        _write(root, kind, "generated", raw)
        _check_no_crash(root)


# -- rendering --------------------------------------------------------------------------------------------------


def _extensions() -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml (Python-specific tags ignored), so the test reads what the site renders."""
    from sitebuild import read_config

    config = read_config(REPO)
    names, configs = [], {}
    for item in config.get("markdown_extensions", []):
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


EXTENSIONS = _extensions()


class Cells(HTMLParser):
    """Each row's cell texts, without the text of controls (a row's "Details" button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_button = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "button":
            self._in_button = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "button":
            self._in_button = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_button:
            self._cell.append(data)


def _read_back(table_markdown: str) -> list[list[str]]:
    names, configs = EXTENSIONS
    parser = Cells()
    parser.feed(markdown.markdown(table_markdown, extensions=names, extension_configs=configs))
    return [row for row in parser.rows if row]


def _n(text: str) -> str:
    return " ".join(text.split())


PRECISION = {"exact": "", "approx": "≈\u202f", "at-least": "≥\u202f", "at-most": "≤\u202f"}


def _flag(value: Any) -> str:
    if value is None:
        return "unknown"
    shown = "unknown" if value.value is None else ("Yes" if value.value else "No")
    return shown + (f" ({_n(value.note)})" if value.note else "")


def _count(value: Any) -> str:
    if value is None:
        return "unknown"
    return f"{PRECISION[value.precision]}{value.value}" + (f" ({_n(value.note)})" if value.note else "")


def _expected_therapy(t: Any) -> dict[str, str]:
    return {
        "name": _n(t.short_name),
        "cell_source": _n(t.cell_source.text),
        "delivery": _n(t.delivery_route) + (f" ({_n(t.delivery_site)})" if t.delivery_site else ""),
        "immunosuppression": _flag(t.immunosuppression),
        "regulatory_status": _n(t.regulatory_status.text),
        "diabetes_types": ", ".join(DIABETES[c] for c in t.diabetes_types),
        "origin": f"{ORIGIN[t.origin].capitalize()} ({MEANINGS['origin'][t.origin]})",
    }


def _expected_study(s: Any, atlas: Atlas) -> dict[str, str]:
    outcome = s.key_outcome
    key = "No results reported" if outcome is None else (
        f"{_n(outcome.measure)}: {_n(outcome.result)}" + (f" ({_n(outcome.timepoint)})" if outcome.timepoint else ""))
    return {
        "title": _n(s.title),
        "therapy": _n(atlas.therapies[s.therapy].short_name),
        "participants": _n(_count(s.participants)),
        "key_outcome": key,
        "phase": "n/a" if s.phase is None else s.phase.replace("-", " "),
        "registry_ids": ", ".join(s.registry_ids) or "None named",
        "immunosuppression": _flag(s.immunosuppression),
        "evidence": f"{s.evidence.code} {DESIGN[s.design]} {badges.participants(s)}",  # the evidence badge
    }


def _atlas(records: dict[str, dict[str, Any]]) -> Atlas:
    with tempfile.TemporaryDirectory() as tmp:
        root = _root(tmp)
        for kind, data in records.items():
            _write(root, kind, data["id"], modeline_yaml(kind, data))
        result = load_atlas(root)
    assert result.atlas is not None, [d.format() for d in result.diagnostics]
    return result.atlas


def _no_cite(ids: tuple[str, ...]) -> str:
    return ""


@given(therapy=valid("therapies"), study=valid("studies"), source=valid("sources"),
       registration=valid("registrations"))
def test_tables_read_back_as_the_values_that_went_in(therapy: dict, study: dict, source: dict,
                                                     registration: dict) -> None:
    therapy = {**therapy, "id": IDS["therapies"]}
    study = {**study, "id": IDS["studies"], "therapy": IDS["therapies"]}
    atlas = _atlas({"sources": {**BASE["sources"]}, "therapies": therapy, "studies": study,
                    "glossary": {"id": "generated", "term": "x", "definition": "y"}, "registrations": registration})
    for kind, expected in (("therapies", _expected_therapy(atlas.therapies[IDS["therapies"]])),
                           ("studies", _expected_study(atlas.studies[IDS["studies"]], atlas))):
        columns = list(expected)
        rows = _read_back(tables.table(atlas, kind, tables.select(atlas, kind), columns, _no_cite))
        assert rows == [[expected[c] for c in columns]]
    # every renderer accepts every valid record: all columns, every inline fact, the reference of a source
    sources_atlas = _atlas({"sources": {**source, "id": "generated"}})
    assert vancouver(sources_atlas.sources["generated"])
    for kind, columns in tables.COLUMNS.items():
        assert _read_back(tables.table(atlas, kind, tables.select(atlas, kind), list(columns), _no_cite))
    for kind in KINDS:
        for record_id, record in atlas.kind(kind).items():
            for field in record.__dataclass_fields__:
                try:
                    facts.fact(atlas, kind, record_id, field, _no_cite)
                except TypeError as err:  # a list or set: not shown inline, by design
                    assert "is not a single value" in str(err)
