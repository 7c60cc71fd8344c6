"""Citing the atlas: CITATION.cff (CFF 1.2.0), the Data page's "How to cite", and the dated data archive that a
release carries (tools/release_archive.py, run by .github/workflows/release.yml)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml
from conftest import REPO
from reference_support import read_bibtex, title
from sitebuild import read_config

BIN = Path(sys.executable).parent
CFF = REPO / "CITATION.cff"
TOOL = REPO / "tools" / "release_archive.py"


def _cff() -> dict:
    return yaml.safe_load(CFF.read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    done = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.citation-file-format", CFF],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    cff = _cff()
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff) and cff["authors"]


def test_the_cff_check_refuses_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\ntitle: x\nauthors: []\n", encoding="utf-8")  # no message, no author
    done = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.citation-file-format", bad],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1


def test_citation_cff_names_the_site_and_repository_of_mkdocs_yml() -> None:
    cff, config = _cff(), read_config(REPO)
    assert (cff["title"], cff["url"], cff["repository-code"]) == (config["site_name"], config["site_url"],
                                                                  config["repo_url"])
    assert cff["license"] == "CC-BY-4.0" and "CC BY 4.0" in config["copyright"]


def _how_to_cite() -> str:
    page = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    return page.split("## How to cite", 1)[1].split("\n## ", 1)[0]


def test_how_to_cite_says_what_citation_cff_says() -> None:
    cff, section = _cff(), _how_to_cite()
    (author,) = cff["authors"]
    assert f"{author['name']}. *{cff['title']}* [data set]." in " ".join(section.split())
    assert f"<{cff['url']}>" in section
    block = "\n".join(line[4:] for line in section.splitlines() if line.startswith("    "))
    (entry,) = read_bibtex(block).entries.values()
    assert title(entry) == cff["title"] and entry.fields["url"] == cff["url"]
    assert [str(p) for p in entry.persons["author"]] == ["{" + author["name"] + "}"]


def _run(site: Path, tag: str, out: Path, epoch: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update({"SOURCE_DATE_EPOCH": epoch} if epoch else {})
    return subprocess.run([sys.executable, TOOL, site, tag, out], capture_output=True, text=True, env=env,
                          check=False, timeout=60)


def _fake_site(root: Path) -> Path:
    data = root / "site" / "data"
    (data / "schemas").mkdir(parents=True)
    (data / "index.json").write_text('{"commit": "abc"}\n', encoding="utf-8")
    (data / "sources.bib").write_text("@misc{x}\n", encoding="utf-8")
    (data / "schemas" / "common.schema.json").write_text("{}\n", encoding="utf-8")
    (data / "index.html").write_text("<p>the Data page</p>\n", encoding="utf-8")
    return root / "site"


def test_a_release_archive_is_dated_by_the_tagged_commit_and_holds_data_and_citation(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    done = _run(site, "v1.2.0", tmp_path / "dist", "1767225600")  # 2026-01-01T00:00:00Z
    assert done.returncode == 0, done.stderr
    archive = Path(done.stdout.strip())
    assert archive == tmp_path / "dist" / "diabetes-cell-therapy-atlas-data-v1.2.0-2026-01-01.tar.gz"
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        top = "diabetes-cell-therapy-atlas-data-v1.2.0-2026-01-01"
        assert [m.name for m in members] == [f"{top}/data/{n}" for n in
                                             ("index.json", "schemas/common.schema.json", "sources.bib")] + [
            f"{top}/CITATION.cff"]
        assert {m.mtime for m in members} == {1767225600} and {m.uid for m in members} == {0}
        citation = tar.extractfile(f"{top}/CITATION.cff").read()
    released = tmp_path / "CITATION.cff"
    released.write_bytes(citation)
    assert yaml.safe_load(citation) == {**_cff(), "version": "v1.2.0", "date-released": "2026-01-01"}
    done = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", "vendor.citation-file-format", released],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    first = archive.read_bytes()
    assert _run(site, "v1.2.0", tmp_path / "dist", "1767225600").returncode == 0
    assert archive.read_bytes() == first, "the archive is reproducible"


def test_a_release_archive_refuses_bad_input(tmp_path: Path) -> None:
    site = _fake_site(tmp_path)
    for tag, where, epoch, message in (("../v1", site, "1", "plain name"), ("v1", tmp_path, "1", "make site"),
                                       ("v1", site, None, "SOURCE_DATE_EPOCH")):
        done = _run(where, tag, tmp_path / "dist", epoch)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "dist").exists()
