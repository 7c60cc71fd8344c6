"""`make bench`: the synthetic atlas is deterministic and valid, the baseline is the same site without macros, and
a tiny run writes its JSON. Timings are never asserted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from bench import run, synth
from macros.cli import main as macros_main
from macros.pipeline import snapshot

REPO = Path(__file__).resolve().parent.parent


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_synthetic_content_is_deterministic_and_split_by_kind(tmp_path: Path) -> None:
    counts = synth.write_content(tmp_path / "a", 200)
    synth.write_content(tmp_path / "b", 200)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert (counts.therapies, counts.sources, counts.studies) == (20, 60, 120)
    written = files(tmp_path / "a")
    assert len(written) == 200
    assert not any(b"DOI: 10." in text or b"NCT" in text for text in written.values())  # no made-up identifiers
    synth.write_content(tmp_path / "c", 200, seed=1)
    assert files(tmp_path / "c") != written  # the seed matters


def test_synthetic_site_is_valid_and_its_baseline_has_no_macros(tmp_path: Path, capsys) -> None:
    before = snapshot(REPO)
    root = tmp_path / "site"
    written = synth.write_site(root, 30)
    assert snapshot(REPO) == before  # nothing written into the repository's content/ or schemas/
    assert macros_main(["check", "--root", str(root), "--strict"]) == 0
    assert "OK:" in capsys.readouterr().out
    assert written["records"] == 30 + written["shipped_records"]
    plain = root / synth.BASELINE_DOCS
    pages = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.md"))
    assert written["pages"] == len(pages)
    for kind in synth.ENTITY_KINDS:  # one page per record: therapies' written, the others generated
        for record in (root / "content" / kind).glob("*.yaml"):
            assert f"{kind}/{record.stem}.md" in pages
    for page in plain.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text and "render_macros" not in text
    baseline = yaml.safe_load((root / synth.BASELINE_CONFIG).read_text(encoding="utf-8"))
    site = yaml.safe_load((root / synth.MACROS_CONFIG).read_text(encoding="utf-8"))
    assert not any(synth._is_macros(p) for p in baseline["plugins"])
    assert not {synth.DUMP_HOOK, *synth.generator_hooks()} & set(baseline.get("hooks", []))
    assert set(baseline.get("hooks", [])) <= set(site.get("hooks", []))
    assert any(synth._is_macros(p) for p in site["plugins"])
    assert baseline["theme"] == site["theme"] and baseline["nav"] == site["nav"]
    assert baseline["markdown_extensions"] == site["markdown_extensions"]


def test_the_english_only_site_is_the_site_without_its_chinese_edition(tmp_path: Path) -> None:
    name = synth.english_only(tmp_path)
    english = yaml.safe_load((tmp_path / name).read_text(encoding="utf-8"))
    site = synth._real_config()
    assert not any(isinstance(p, dict) and "i18n" in p for p in english["plugins"])
    assert any(isinstance(p, dict) and "i18n" in p for p in site["plugins"])
    assert {"search": {"lang": ["en"]}} in english["plugins"] and english["exclude_docs"].strip() == "*.zh.md"
    assert english["nav"] == site["nav"] and english["hooks"] == site["hooks"]


def test_a_tiny_run_writes_every_figure(tmp_path: Path, capsys) -> None:
    output = tmp_path / "results.json"
    # the rebuild is measured at N=20 (the same measure_rebuild as the shipped content's, which is left out here)
    assert run.main(["--sizes", "20", "--runs", "1", "--shipped-runs", "0", "--output", str(output)]) == 0
    results = json.loads(output.read_text(encoding="utf-8"))
    (size,) = results["sizes"]
    assert size["n"] == 20 and size["synthetic_records"] == 20
    for figure in ("parse", "check", "build", "baseline", "rebuild"):
        assert size[figure]["seconds"] > 0 and size[figure]["wall_seconds"] > 0
    for figure in ("check", "build", "baseline"):
        assert size[figure]["peak_rss_mib"] > 10
    assert results["shipped_rebuild"] is None
    assert [t["target"] for t in results["targets"]] == [
        "check / parse at N=10,000", "build / baseline at N=1,000", "build growth 10k / 1k", "rebuild, shipped content (s)",
        "two editions / English only"]
    assert results["targets"][0]["value"] is None and results["targets"][3]["value"] is None
    editions = results["editions"]
    assert editions["both"]["seconds"] > editions["english"]["seconds"] > 0, editions
    assert results["targets"][4]["value"] == round(editions["both"]["seconds"] / editions["english"]["seconds"], 3)
    assert results["machine"]["cores"] >= 1
    printed = capsys.readouterr().out
    assert "check/parse" in printed and "build/baseline" in printed and "| 20 |" in printed
    assert "Rebuild of the shipped content" not in printed and "rebuild, shipped content (s): - " in printed


def test_synthetic_registrations_are_valid_and_name_no_real_trial(tmp_path: Path, capsys) -> None:
    root = tmp_path / "r"
    for folder in ("schemas", "content"):
        shutil.copytree(REPO / folder, root / folder)
    assert synth.write_registrations(root, 30) == 30
    written = sorted((root / "content" / "registrations").glob("0000-*.yaml"))
    assert len(written) == 30
    assert not any("NCT" in p.read_text(encoding="utf-8") for p in written)  # EU-register form, year 0000
    assert macros_main(["check", "--root", str(root), "--strict"]) == 0
    assert "OK:" in capsys.readouterr().out


def test_registration_targets_linear_growth_per_page() -> None:
    def size(r: int, pages: int, build: float, baseline: float) -> dict:
        return {"registrations": r, "pages": pages, "build": {"seconds": build}, "baseline": {"seconds": baseline}}

    # linear with a fixed cost of 3 s: 10 ms a page, so a page costs less at the larger size
    linear = run.registration_ratios([size(250, 600, 9.0, 8.7), size(500, 850, 11.5, 11.2),
                                      size(1000, 1350, 16.5, 16.2)])
    assert [(t["target"], t["value"], t["holds"]) for t in linear] == [
        ("build / baseline at 1,000 registrations", 1.019, True),
        ("build CPU per page, 1,000 / 250 registrations", 0.815, True),
        ("build cost per added registration page / baseline's", 1.0, True),
    ]
    # the same plus 20 us a page for every page (a walk of all pages per page): quadratic, not linear
    quadratic = run.registration_ratios([size(250, 600, 9.0 + 7.2, 8.7), size(500, 850, 11.5 + 14.45, 11.2),
                                         size(1000, 1350, 16.5 + 36.45, 16.2)])
    assert [(t["target"], t["value"], t["holds"]) for t in quadratic] == [
        ("build / baseline at 1,000 registrations", 3.269, False),
        ("build CPU per page, 1,000 / 250 registrations", 1.453, False),
        ("build cost per added registration page / baseline's", 4.9, False),
    ]
    # two sizes give every figure; the middle size changes none of them
    assert run.registration_ratios([size(250, 600, 9.0, 8.7), size(1000, 1350, 16.5, 16.2)]) == linear
