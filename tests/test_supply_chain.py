"""Supply chain: pinned, hashed dependencies installed with --require-hashes; GitHub Actions pinned to commit SHAs;
no workflow that hands a pull request from a fork a write token or secrets; Dependabot watching both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from trust_support import REPO

PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;#]*)")
SHA_PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")


def _requirements_in() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PINNED.match(line)
        assert match, f"requirements.in: {line!r} is not pinned with =="
        pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def _lock() -> dict[str, tuple[str, int]]:
    """name -> (version, number of sha256 hashes) from requirements.txt."""
    text = (REPO / "requirements.txt").read_text(encoding="utf-8")
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PINNED.match(block)
        if match:
            found[match[1].lower().replace("_", "-")] = (match[2], len(re.findall(r"--hash=sha256:[0-9a-f]{64}", block)))
    return found


def test_every_direct_dependency_is_pinned_and_locked_with_hashes() -> None:
    direct, lock = _requirements_in(), _lock()
    assert {"mkdocs", "pyyaml", "jsonschema", "hypothesis"} <= set(direct)
    for name, version in direct.items():
        assert name in lock, f"{name} is not in requirements.txt: run make lock"
        assert lock[name][0] == version, f"{name}: requirements.in says {version}, the lock {lock[name][0]}"
    for name, (version, hashes) in lock.items():
        assert hashes >= 1, f"requirements.txt: {name}=={version} has no hash"


def test_installs_require_hashes() -> None:
    """Every pip install in the Makefile and CI script checks hashes, or installs one exact version of a tool."""
    for name in ("Makefile", ".ci/run"):
        path = REPO / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip3? install\b", line):
                assert "--require-hashes" in line or re.search(r"install (--quiet )?[A-Za-z0-9_.-]+==[0-9.]+\s*(&&|$)", line), (
                    f"{name}: {line.strip()}")
    assert "--require-hashes" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_dependabot_watches_pip_and_actions() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    for update in ecosystems.values():
        assert update["directory"] == "/" and update["schedule"]["interval"]


# -- workflows --------------------------------------------------------------------------------------------------


def _triggers(workflow: dict) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as the boolean true
    if isinstance(on, str):
        return {on}
    return set(on or ())


def _uses(workflow: dict) -> list[str]:
    found = []
    for job in (workflow.get("jobs") or {}).values():
        if "uses" in job:
            found.append(job["uses"])  # a reusable workflow
        found += [step["uses"] for step in job.get("steps") or () if "uses" in step]
    return found


def _grants_write(permissions: object) -> bool:
    if isinstance(permissions, str):
        return permissions == "write-all"
    return isinstance(permissions, dict) and "write" in permissions.values()


def workflow_problems(text: str) -> list[str]:
    """What is unsafe in one workflow file."""
    workflow = yaml.safe_load(text)
    problems = []
    triggers = _triggers(workflow)
    if "pull_request_target" in triggers:
        problems.append("pull_request_target runs fork code with a write token and secrets")
    for uses in _uses(workflow):
        if uses.startswith("./"):
            continue
        if uses.startswith("docker://"):
            if not re.search(r"@sha256:[0-9a-f]{64}$", uses):
                problems.append(f"{uses}: a container image not pinned by digest")
        elif not SHA_PINNED.match(uses):
            problems.append(f"{uses}: not pinned to a full commit SHA")
    jobs = workflow.get("jobs") or {}
    for name, job in jobs.items():
        if "permissions" not in workflow and "permissions" not in job:
            problems.append(f"job {name}: no explicit permissions (the default token may be able to write)")
    if "pull_request" in triggers:
        for where, permissions in [("workflow", workflow.get("permissions"))] + [
            (f"job {n}", j.get("permissions")) for n, j in jobs.items()
        ]:
            if _grants_write(permissions):
                problems.append(f"{where}: a pull-request workflow must not ask for write permissions")
    return problems


GOOD = """
name: PR
on: {pull_request: {branches: [main]}}
permissions: {contents: read}
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2
      - uses: ./.github/actions/setup
      - run: make test
"""


@pytest.mark.parametrize("change, problem", [
    ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", None),
    ("actions/checkout@v4", "not pinned to a full commit SHA"),
    ("actions/checkout@main", "not pinned to a full commit SHA"),
    ("actions/checkout@11bd719", "not pinned to a full commit SHA"),
    ("docker://alpine:3", "not pinned by digest"),
])
def test_the_workflow_audit_catches_unpinned_actions(change: str, problem: str | None) -> None:
    problems = workflow_problems(GOOD.replace("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", change))
    assert (problems == []) if problem is None else any(problem in p for p in problems), problems


def test_the_workflow_audit_catches_unsafe_triggers_and_tokens() -> None:
    assert workflow_problems(GOOD) == []
    assert any("pull_request_target" in p for p in workflow_problems(GOOD.replace("pull_request:", "pull_request_target:")))
    assert any("write" in p for p in workflow_problems(GOOD.replace("{contents: read}", "write-all")))
    assert any("write" in p for p in workflow_problems(GOOD.replace("{contents: read}", "{contents: write}")))
    assert any("no explicit permissions" in p for p in workflow_problems(GOOD.replace("permissions: {contents: read}\n", "")))


WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml")) if (REPO / ".github" / "workflows").is_dir() else []


@pytest.mark.skipif(not WORKFLOWS, reason="no workflows in .github/workflows yet")
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_workflows_are_pinned_and_give_forks_nothing(workflow: Path) -> None:
    assert workflow_problems(workflow.read_text(encoding="utf-8")) == []
