"""The checker's own inputs: a missing or broken schema, the wrong folder, a missing or empty content/. Each is
one diagnostic with its path and a hint, never a traceback, and the check fails."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from macros import cli


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(argv) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and out.err.startswith("FAILED: ")
    lines = out.out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("error: "):
            assert lines[i + 1].startswith("    hint: ")
    return [line.split(" ", 2)[1] + " " + line.split(" ", 2)[2].split("]")[0] + "]" for line in lines
            if line.startswith("error: ")]


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


BROKEN_SCHEMAS: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing kind": (lambda s: (s / "studies.schema.json").unlink(), "schemas/studies.schema.json:1:1: [schema-file-missing]"),
    "missing shared": (lambda s: (s / "common.schema.json").unlink(), "schemas/common.schema.json:1:1: [schema-file-missing]"),
    "not JSON": (lambda s: _write(s / "claims.schema.json", '{\n  "type": "object",\n}\n'),
                 "schemas/claims.schema.json:3:1: [schema-file-invalid]"),
    "not UTF-8": (lambda s: (s / "claims.schema.json").write_bytes(b'{"title": "\xff"}'),
                  "schemas/claims.schema.json:1:1: [schema-file-invalid]"),
    "bad pattern": (lambda s: _write(s / "glossary.schema.json", json.dumps({"properties": {"id": {"pattern": "[a-"}}})),
                    "schemas/glossary.schema.json:1:1: [schema-file-invalid]"),
    "bad keyword value": (lambda s: _write(s / "glossary.schema.json", json.dumps({"type": "thing"})),
                          "schemas/glossary.schema.json:1:1: [schema-file-invalid]"),
    "not an object": (lambda s: _write(s / "glossary.schema.json", "[1, 2]"), "schemas/glossary.schema.json:1:1: [schema-file-invalid]"),
}


@pytest.mark.parametrize("case", BROKEN_SCHEMAS, ids=list(BROKEN_SCHEMAS))
def test_broken_schemas_are_diagnostics(case: str, fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    breaks, expected = BROKEN_SCHEMAS[case]
    breaks(root / "schemas")
    assert expected in _run(["check", "--root", str(root)], capsys)


def test_running_outside_the_project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(["check"], capsys) == [".:1:1: [root-invalid]"]
    assert _run(["check", "--root", str(tmp_path / "nowhere")], capsys) == [".:1:1: [root-invalid]"]


@pytest.mark.parametrize("how", ["missing", "empty", "empty folders", "a file"])
def test_missing_or_empty_content_is_an_error(how: str, fixture_root, capsys: pytest.CaptureFixture[str]) -> None:
    root = fixture_root()
    shutil.rmtree(root / "content")
    if how == "empty":
        (root / "content").mkdir()
    elif how == "empty folders":
        (root / "content/studies").mkdir(parents=True)
    elif how == "a file":
        _write(root / "content", "not a folder")
    assert _run(["check", "--root", str(root)], capsys) == ["content/:1:1: [content-missing]"]
