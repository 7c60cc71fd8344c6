"""Pages that would silently show nothing, macro calls that name what does not exist, hand-written footnotes and
pages that collide with generated ones: each names the page (and line), fails `make site` without a traceback, and
in the live preview is shown on the page instead. In-process builds of a copy of the site."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from sitebuild import copy_site

from bench.synth import english_only

#: (a macro call, what the error says): each on its own line of a page, after two lines of front matter
BAD_CALLS = {
    'study_table(where={"region": "chna"})': "matches no studies",
    'study_table(where={"participants": "12"})': "matches no studies",
    'comparison_table("therapies", ["name"], where={"colour": "red"})': "cannot filter on 'colour'",
    'comparison_table("therapys", ["name"])': "unknown kind 'therapys'",
    'comparison_table("therapies", ["nmae"])': "unknown therapies column(s) nmae",
    'fact("studies", "no_such_study", "participants")': "no studies record with id 'no_such_study'",
    'fact("studies", "forward101_zimislecel_phase12", "colour")': "no field 'colour'",
    'therapy_sheet("no_such_therapy")': "no_such_therapy",
    'claims_table(where={"origin_paragraph": 99})': "matches no claims",
}


def _config(root: Path, out: Path, live: bool, monkeypatch: pytest.MonkeyPatch):
    """The English edition of the site in `root` (the subject is the engine; tests/test_serve.py runs the live
    preview of both editions), as the live preview builds it or as `make site` does: the macros plugin's
    `on_error_fail`, which mkdocs.yml reads from ATLAS_FAIL_ON_ERRORS, is off in the live preview."""
    monkeypatch.chdir(root)
    config = load_config(str(root / english_only(root)), site_dir=str(out), strict=False)
    config.plugins["macros"].config["on_error_fail"] = not live
    return config


def _page(root: Path, name: str, lines: list[str]) -> None:
    (root / "docs" / name).write_text("---\nrender_macros: true\n---\n\n# Broken\n\n" + "\n\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """One live-preview build with every bad call on one page, a Jinja error on another and an overridden
    footnote on a third, and the messages it logged."""
    root = copy_site(tmp_path_factory.mktemp("live") / "site")
    _page(root, "broken.md", [f"{{{{ {call} }}}}" for call in BAD_CALLS])
    _page(root, "syntax.md", ["{{ study_table( }}", "<script>alert(1)</script>"])
    _page(root, "footnotes.md", ['Text {{ cite("reichman2025_zimislecel_nejm") }} and [^own].',
                                 "{{ evidence_legend() }}",  # many lines of output: the line is the source's
                                 "[^reichman2025_zimislecel_nejm]: My own note.", "[^own]: Fine."])
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    with pytest.MonkeyPatch.context() as monkeypatch:
        try:
            build(_config(root, root / "out", True, monkeypatch))
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
    return root / "out", messages


def test_each_bad_call_names_its_page_and_line(live_site: tuple[Path, list[str]]) -> None:
    out, messages = live_site
    html = (out / "broken" / "index.html").read_text(encoding="utf-8")
    for number, (call, says) in enumerate(BAD_CALLS.items()):
        line = 7 + 2 * number
        assert any(m.startswith(f"docs/broken.md:{line}: ") and says in m for m in messages), (call, messages)
        assert f"docs/broken.md:{line}: " in html and says.replace("'", "&#x27;") in html, call
    assert "Traceback" not in "\n".join(messages)


def test_a_jinja_error_is_shown_escaped(live_site: tuple[Path, list[str]]) -> None:
    html = (live_site[0] / "syntax" / "index.html").read_text(encoding="utf-8")
    assert "This page has a macro error" in html and "atlas-error" in html
    assert "<script>alert(1)</script>" not in html


def test_a_hand_written_footnote_is_not_overridden(live_site: tuple[Path, list[str]]) -> None:
    messages = live_site[1]
    assert any(m.startswith("docs/footnotes.md:11: footnote [^reichman2025_zimislecel_nejm] is defined by hand")
               for m in messages), messages


def test_the_rest_of_the_site_still_builds_and_reconciles(live_site: tuple[Path, list[str]]) -> None:
    out, messages = live_site
    assert (out / "studies" / "forward101_zimislecel_phase12" / "index.html").is_file()
    assert any(m.startswith("reconciled ") and m.endswith("pages") for m in messages), messages


@pytest.mark.parametrize("call", list(BAD_CALLS)[:3] + ['fact("studies")'])
def test_make_site_fails_naming_the_page_and_line(call: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_site(tmp_path / "site")
    _page(root, "broken.md", ["Fine.", f"{{{{ {call} }}}}"])
    with pytest.raises(SystemExit) as raised:
        build(_config(root, tmp_path / "out", False, monkeypatch))
    assert str(raised.value).startswith("a page has errors: docs/broken.md:9: ")


def test_a_footnote_override_fails_make_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_site(tmp_path / "site")
    _page(root, "footnotes.md", ['A {{ cite("reichman2025_zimislecel_nejm") }}.', "[^reichman2025_zimislecel_nejm]: x"])
    with pytest.raises(SystemExit, match=r"docs/footnotes.md:9: footnote \[\^reichman2025_zimislecel_nejm\]"):
        build(_config(root, tmp_path / "out", False, monkeypatch))


COLLISIONS = {
    "a hand-written source page": (
        lambda root: (root / "docs/sources/reichman2025_zimislecel_nejm.md").write_text("---\ntitle: x\n---\n# Mine\n"),
        "docs/sources/reichman2025_zimislecel_nejm.md is written by hand, but the atlas generates"),
    "a hand-written study page": (
        lambda root: (root / "docs/studies/forward101_zimislecel_phase12.md").write_text("# Mine\n"),
        "docs/studies/forward101_zimislecel_phase12.md is written by hand"),
    "a declaration that replaces nothing": (
        lambda root: (root / "docs/therapies/old.md").write_text("---\nreplaces_generated: true\n---\n# Old\n"),
        "docs/therapies/old.md says `replaces_generated: true`, but no page is generated there"),
    "a hand-written download": (
        lambda root: (root / "docs/data").mkdir() or (root / "docs/data/studies.json").write_text("[]"),
        "docs/data/studies.json is written by hand, but the atlas generates it"),
}


@pytest.mark.parametrize("case", COLLISIONS, ids=list(COLLISIONS))
def test_pages_that_collide_with_generated_ones(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    root = copy_site(tmp_path / "site")
    breaks, says = COLLISIONS[case]
    breaks(root)
    with pytest.raises(Abort, match="BuildError"):
        build(_config(root, tmp_path / "out", False, monkeypatch))
    assert any(r.getMessage().startswith(says) for r in caplog.records), caplog.text


@pytest.mark.parametrize("breaks", [
    lambda root: (root / "content/glossary/<b onmouseover=alert(1)>x.yaml").write_text("id: x\n"),
    lambda root: (root / "content/studies/forward101_zimislecel_phase12.yaml").write_text("id: [\n"),
], ids=["hostile file name", "broken YAML"])
def test_live_content_errors_are_every_pages_listing(breaks, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_site(tmp_path / "site")
    breaks(root)
    build(_config(root, tmp_path / "out", True, monkeypatch))
    for page in ("index.html", "compare/index.html", "therapies/zimislecel/index.html"):
        html = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert "The atlas&#x27; content has errors" in html and 'class="atlas-error"' in html
        assert "<b onmouseover" not in html and "content/" in html
    with pytest.raises(SystemExit, match="content/ has errors"):
        build(_config(root, tmp_path / "strict", False, monkeypatch))
