"""Injection: HTML, script, event handlers, javascript: URLs, Markdown, attribute lists, footnotes and Jinja, in
every string field of every kind (found by walking the schemas), are either refused by the checker or shown as
inert text on the built site.

Free-text fields (`text`, `label`) are filled with each payload and a real site is built (`mkdocs build --strict`
of a copy of the project: its real pages, plus one page that shows every field `fact()` can show and every table
column); a second build fills the same fields with plain words. Every page of both sites is parsed: the poisoned
site must have exactly the same elements and attributes as the clean one (nothing injected), no event-handler
attribute and no javascript: link, and every payload must read back verbatim as text (nothing evaluated).
Constrained strings (ids, identifiers, URLs, dates, enums) must be refused, with the field's line.
"""

from __future__ import annotations

import html
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import make_root
from reference_support import from_latex, read_bibtex, read_ris, squash, title
from schemagen import Leaf, Schemas, consistent, get, modeline_yaml, put
from trust_support import REPO, build, make_project

from macros.load import load_file
from macros.model import KINDS
from macros.pipeline import load_atlas
from macros.render import bibliography, facts, tables

PAYLOADS = (
    '<script>alert("x")</script>',
    "<img src=x onerror=\"alert('x')\">",
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    "[click](javascript:alert(1)) ![image](https://evil.example/x.png) <https://evil.example/>",
    "cell | injected | cell </td><td>",
    '{: onclick="alert(1)" }',  # attribute lists: each alone, since only one at the end of a cell or heading acts
    "{ onclick=alert(1) }",
    "{: #top .admonition }",
    "note[^x] [^1]: defined *[HTML]: abbreviation",
    '{{ "JINJA" ~ "-EVALUATED" }} {% if true %}block{% endif %} {# comment #} {{ config }}',
    '<div markdown="1">**bold**</div> <!-- comment --> &lt;b&gt; &#60;i&#62; &amp;',
    "`code` **strong** _em_ \\ backslash ~~strike~~ ==mark== ^sup^",
    "one\n| new | row |\n|---|---|\n# heading\n\n    indented code\n- item\n1. item\n> quote\n---",
    '<svg onload=alert(1)><style>*{display:none}</style><iframe src="javascript:alert(1)"></iframe>',
    '<IMG SRC=JaVaScRiPt:alert(1)> <object data="data:text/html,x"> <form action="javascript:x"><input>',
    "javascript:alert(1)",
    "    - leading spaces and a list marker",
    "!!! danger \"admonition\"\n    inside",
    # BibTeX and RIS: unbalanced braces, LaTeX's specials, a new entry or a new RIS reference after a line break
    "close } } { open {x} 100% & $x^2$ #1 a_b ~ \\input{x} @misc{evil, title={x}}\nER  - \nTY  - JOUR\nTI  - evil",
)
URL_PAYLOADS = ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " https://example.org/", "data:text/html,<script>x</script>",
                'https://example.org/" onmouseover="alert(1)', "https://example.org/<script>", "//evil.example/")

SCHEMAS = Schemas(REPO)
SHORT = {"sources": "src", "therapies": "thr", "studies": "std", "approvals": "apr", "claims": "clm", "glossary": "gls",
         "exclusions": "exc"}
DANGEROUS_URL = ("javascript:", "vbscript:", "data:")


#: A real source for claims' context (the evidence is the generated source, and the two must differ).
CONTEXT_SOURCE = min(p.stem for p in (REPO / "content" / "sources").glob("*.yaml"))


def _ids(i: int) -> dict[str, str]:
    return {kind: f"p{i}_{short}" for kind, short in SHORT.items()}


def _value(leaf: Leaf, token: str, payload: str) -> str:
    text = payload if leaf.free == "text" else payload.replace("\n", " ")
    value = f"{token} {text}"
    assert len(value) <= leaf.schema["maxLength"]
    return value


def _token(i: int, n: int) -> str:
    return f"Zq{i}x{n}qZ"


def _content(tmp: Path, poisoned: bool) -> tuple[Path, dict[str, str]]:
    """The real content plus, for every kind, one record per payload with every free-text field carrying it (or
    plain words). Returns the folder and token -> value."""
    shutil.copytree(REPO / "content", tmp / "content")
    written: dict[str, str] = {}
    for i, payload in enumerate(PAYLOADS):
        ids = _ids(i)
        n = 0
        for kind in KINDS:
            data, leaves = SCHEMAS.full(kind)
            data = consistent(kind, data, ids[kind], ids["sources"], ids["therapies"], ids["studies"], CONTEXT_SOURCE)
            for leaf in leaves:
                if leaf.free:
                    n += 1
                    token = f"{_token(i, n)}"
                    value = _value(leaf, token, payload if poisoned else "plain words")
                    put(data, leaf.path, value)
                    written[token] = value
            folder = tmp / "content" / kind
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{ids[kind]}.yaml").write_text(modeline_yaml(kind, data), encoding="utf-8")
    return tmp / "content", written


def _everything_page(root: Path) -> str:
    """A page that shows every field fact() can show, of every record, and every table column."""
    result = load_atlas(root)
    assert result.atlas is not None, [d.format() for d in result.diagnostics]
    atlas = result.atlas
    lines = ["---", "render_macros: true", "---", "", "# Everything", ""]
    for kind, columns in tables.COLUMNS.items():
        lines += [f'{{{{ comparison_table("{kind}", {list(columns)!r}) }}}}', ""]
    for kind in KINDS:
        for record_id, record in atlas.kind(kind).items():
            for field in record.__dataclass_fields__:
                try:
                    facts.fact(atlas, kind, record_id, field, lambda ids: "")
                except TypeError:
                    continue  # lists and sets: not a single value fact() shows inline
                lines += [f'{kind} {record_id} {field}: {{{{ fact("{kind}", "{record_id}", "{field}") }}}}', ""]
    lines.append('Sources: {{ cite(' + ", ".join(f'"{s}"' for s in atlas.sources) + ") }}")
    return "\n".join(lines) + "\n"


class Page(HTMLParser):
    """The structure (tags and attribute names, in order), attributes and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[str, tuple[str, ...]]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @classmethod
    def of(cls, path: Path) -> Page:
        page = cls()
        page.feed(path.read_text(encoding="utf-8"))
        page.close()
        return page


def _site(tmp: Path, poisoned: bool) -> tuple[Path, dict[str, str]]:
    scratch = tmp / "scratch"
    content, written = _content(scratch, poisoned)
    project = make_project(tmp / "project", content, not_in_nav=["/trust-everything.md"])
    page = _everything_page(project)
    (project / "docs" / "trust-everything.md").write_text(page, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    shutil.rmtree(scratch)
    return project / "site", written


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict[str, str]]]:
    return {
        "clean": _site(tmp_path_factory.mktemp("clean"), poisoned=False),
        "poisoned": _site(tmp_path_factory.mktemp("poisoned"), poisoned=True),
    }


def _pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page.of(p) for p in sorted(site.rglob("*.html"))}


def test_no_element_or_attribute_is_injected(sites) -> None:
    clean, poisoned = _pages(sites["clean"][0]), _pages(sites["poisoned"][0])
    assert clean.keys() == poisoned.keys()
    for name in clean:
        assert poisoned[name].structure == clean[name].structure, f"{name}: the payloads changed the HTML structure"


def test_no_event_handler_and_no_script_url(sites) -> None:
    for name, page in _pages(sites["poisoned"][0]).items():
        for tag, attribute, value in page.attributes:
            assert not attribute.startswith("on"), f"{name}: <{tag} {attribute}=…>"
            squeezed = "".join(html.unescape(value).split()).lower()
            assert not squeezed.startswith(DANGEROUS_URL), f"{name}: <{tag} {attribute}={value!r}>"
            assert "Zq" not in value or attribute in ("title", "aria-label", "alt", "content"), (
                f"{name}: data in <{tag} {attribute}={value!r}>")


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_every_payload_reads_back_verbatim(sites) -> None:
    """Inert: wherever a field is shown, the reader sees exactly what was written (whitespace aside)."""
    site, written = sites["poisoned"]
    shown: set[str] = set()
    for name, page in _pages(site).items():
        text = _normal("".join(page.text))
        for token, value in written.items():
            count = text.count(token + " ")
            if count:
                shown.add(token)
                assert text.count(_normal(value)) == count, f"{name}: {value!r} is not shown verbatim"
    everywhere = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
                           and p.suffix in (".html", ".json", ".xml", ".js"))
    assert "JINJA-EVALUATED" not in everywhere
    # coverage: every free-text field that the renderers can show was shown, for every payload
    assert len(shown) >= len(PAYLOADS) * 25, f"only {len(shown)} fields shown"


def test_the_sites_real_data_pages_show_the_payloads(sites) -> None:
    """The real pages that render data (not only the test's page) were built from the poisoned records."""
    site, written = sites["poisoned"]
    real = {name: page for name, page in _pages(site).items() if not name.startswith("trust-everything")}
    shown = {token for page in real.values() for token in written if token + " " in _normal("".join(page.text))}
    assert len(shown) >= len(PAYLOADS) * 5, "the real site's tables do not show the poisoned records"


@pytest.mark.parametrize("kind", KINDS)
def test_constrained_fields_refuse_every_payload(kind: str, tmp_path: Path) -> None:
    """ids, identifiers, URLs, dates and closed sets: each payload is an error at the field's own line."""
    _, leaves = SCHEMAS.full(kind)
    constrained = [leaf for leaf in leaves if not leaf.free]
    assert constrained
    ids = _ids(0)
    for n, leaf in enumerate(constrained):
        root = make_root(tmp_path / f"{n}", base=None)
        (root / "content" / kind).mkdir()
        expected = {}
        for i, payload in enumerate(PAYLOADS + URL_PAYLOADS):
            data, _ = SCHEMAS.full(kind)
            data = consistent(kind, data, f"x{i}", ids["sources"], ids["therapies"], ids["studies"], CONTEXT_SOURCE)
            if leaf.path == ("id",):
                data["id"] = payload
            else:
                put(data, leaf.path, payload)
            path = root / "content" / kind / f"x{i}.yaml"
            path.write_text(modeline_yaml(kind, data), encoding="utf-8")
            record, _ = load_file(path, path.relative_to(root).as_posix(), kind)
            assert record is not None and get(record.data, leaf.path) == payload
            expected[record.path] = record.position(leaf.path)[0]
        result = load_atlas(root)
        assert result.atlas is None
        for shown, line in expected.items():
            rules = {d.rule for d in result.diagnostics if d.path == shown and d.line == line}
            assert rules & {"schema-pattern", "schema-enum", "schema-date", "schema-length"}, (kind, leaf.path, shown)


def test_a_value_cannot_name_a_markdown_placeholder() -> None:
    """Python-Markdown keeps raw HTML aside as STX…ETX placeholders; the loader refuses control characters, and the
    escaper turns them into U+FFFD should one reach it, so no value can pull stashed HTML into its cell."""
    import markdown

    from macros.render.escape import text

    escaped = text("a\x02wzxhzdk:0\x03 b\u202e")
    assert "\x02" not in escaped and "\x03" not in escaped and "\u202e" not in escaped
    page = markdown.markdown("<span>stashed</span>\n\n| x |\n|---|\n| " + escaped + " |\n", extensions=["tables"])
    assert page.count("stashed") == 1


def test_the_search_index_holds_no_live_markup(sites) -> None:
    """Material's search shows snippets of its index as HTML: the payloads must be escaped there too."""
    import json

    site, written = sites["poisoned"]
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    indexed = 0
    for doc in docs:
        for field in ("title", "text"):
            page = Page()
            page.feed(doc.get(field, ""))
            page.close()
            for tag, attributes in page.structure:
                assert tag not in ("script", "img", "iframe", "svg", "object", "form", "input", "style", "a", "div"), (
                    doc["location"], tag)
                assert not any(a.startswith("on") for a in attributes), (doc["location"], tag, attributes)
            indexed += sum(token in doc.get(field, "") for token in written)
    assert indexed >= len(PAYLOADS) * 5  # the poisoned fields are in the index


def test_bibtex_and_ris_downloads_keep_every_payload_inside_its_field(sites) -> None:
    """The sources' BibTeX and RIS read back, with the libraries that wrote them, as exactly the sources of the
    CSL-JSON download: no entry, reference or field added or lost, and each payload whole in its own field."""
    data = sites["poisoned"][0] / "data"
    items = json.loads((data / "sources.json").read_text(encoding="utf-8"))
    entries = read_bibtex((data / "sources.bib").read_text(encoding="utf-8")).entries
    refs = read_ris((data / "sources.ris").read_text(encoding="utf-8"))
    assert list(entries) == [i["id"] for i in items] == [r["id"] for r in refs]
    poisoned = [i for i in items if i["id"].startswith("p")]
    assert len(poisoned) == len(PAYLOADS)
    for item, ref in zip(items, refs, strict=True):
        entry = entries[item["id"]]
        fields = dict(bibliography.bibtex_entry(item).fields)
        assert set(entry.fields) == set(fields), item["id"]
        if "title" in item:
            assert squash(title(entry)) == squash(item["title"]), item["id"]
        for field in ("container-title", "publisher"):
            if field in item:
                written = {"container-title": ("journal", "booktitle", "howpublished"), "publisher": ("publisher",
                                                                                                      "institution")}
                (name,) = (n for n in written[field] if n in entry.fields)
                assert squash(from_latex(entry.fields[name])) == squash(item[field]), (item["id"], field)
        assert len(entry.persons.get("author", [])) == len(item.get("author") or []) + bool(
            item.get("author") and item["custom"].get("et_al"))
        assert ref == bibliography.ris_reference(item), item["id"]
        assert ref.get("title") == (bibliography.one_line(item["title"]) if "title" in item else None)
