"""Editor hints (.vscode), pre-commit hooks and YAML formatting agree with the schemas and the pinned tools."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

from macros.load import modeline
from macros.model import KINDS

BIN = Path(sys.executable).parent


def tracked(*patterns: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", *patterns], cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:  # not a git checkout (a source archive): every file on disk instead
        return sorted(str(p.relative_to(REPO)) for pattern in patterns for p in REPO.rglob(pattern)
                      if ".venv" not in p.parts and "site" not in p.parts)
    return out.stdout.split()


def test_vscode_maps_each_schema_onto_its_content_folder() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schemas/{kind}.schema.json": [f"content/{kind}/*.yaml"] for kind in KINDS}
    for schema in mapping:
        assert (REPO / schema).is_file(), schema


def test_the_modelines_point_at_the_same_schemas() -> None:
    """Editors without the settings still validate: each content file starts with its folder's modeline."""
    for kind in KINDS:
        line = modeline(kind)
        assert line.endswith(f"../../schemas/{kind}.schema.json")
        for path in sorted((REPO / "content" / kind).glob("*.yaml")):
            assert path.read_text(encoding="utf-8").splitlines()[0] == line, path


def test_vscode_recommends_the_yaml_extension() -> None:
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pre_commit_config_is_valid_and_pinned() -> None:
    done = subprocess.run([BIN / "pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])  # no mutable tags to trust
    assert {"content-check", "yamllint", "ruff"} <= set(hooks)
    assert hooks["content-check"]["entry"] == "make --no-print-directory check"
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", (REPO / "requirements.in").read_text(), re.MULTILINE))
    for hook in hooks.values():
        for requirement in hook.get("additional_dependencies", []):
            name, _, version = requirement.partition("==")
            assert version, f"{hook['id']}: {requirement} is not pinned"
            if name in pins:
                assert pins[name] == version, f"{hook['id']}: {requirement} differs from requirements.in"


def test_every_tracked_yaml_file_is_formatted() -> None:
    files = [f for f in tracked("*.yaml", "*.yml") if not f.startswith("tests/fixtures/")]
    assert files
    done = subprocess.run([BIN / "yamllint", "-c", ".yamllint.yaml", "--format", "parsable", *files], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_yamllint_catches_bad_formatting(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x   \nlist:\n    - a\n  - b\n", encoding="utf-8")
    done = subprocess.run([BIN / "yamllint", "-c", str(REPO / ".yamllint.yaml"), str(bad)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert "trailing-spaces" in done.stdout
