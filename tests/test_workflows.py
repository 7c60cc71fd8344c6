"""The GitHub workflows, issue forms and their promises, checked offline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import read_config

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(?:\.\d+){0,2}$")


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=REPO, capture_output=True, text=True, check=False,
                          timeout=300)


def load(path: Path) -> dict:
    # PyYAML (YAML 1.1) reads the key `on` as True; GitHub reads YAML 1.2.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def make_targets(text: str) -> set[str]:
    return set(re.findall(r"\bmake ([a-z][a-z-]*)", text))


def test_there_are_the_four_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["external-links.yml", "publish.yml", "pull-request.yml", "release.yml"]


def test_workflows_match_the_github_workflow_schema() -> None:
    done = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_issue_forms_match_their_schemas() -> None:
    forms = sorted(p for p in FORMS.glob("*.yml") if p.name != "config.yml")
    assert {p.name for p in forms} == {"broken-link.yml", "incorrect-fact.yml", "new-study.yml"}
    done = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *forms)
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-config", FORMS / "config.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    step:\n      - run: true\n", encoding="utf-8")
    assert run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", bad).returncode == 1


def test_zizmor_finds_nothing() -> None:
    done = run(BIN / "zizmor", "--offline", "--no-progress", REPO / ".github" / "workflows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_zizmor_catches_injection_and_unpinned_actions(tmp_path: Path) -> None:
    """The audit is not vacuous: the mistakes it exists for are reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\npermissions: write-all\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v5\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
        encoding="utf-8")
    done = run(BIN / "zizmor", "--offline", "--no-progress", "--format", "plain", bad.parent)
    assert done.returncode != 0
    for audit in ("template-injection", "unpinned-uses", "dangerous-triggers", "artipacked"):
        assert audit in done.stdout, audit


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(?:-\s+)?uses:", line):
                assert PINNED.match(line), f"{path.name}: {line.strip()}"


def test_no_workflow_gives_forks_a_write_token() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        assert "pull_request_target" not in workflow["on"], path.name
        assert workflow["permissions"] == {}, path.name  # nothing by default; each job asks for what it needs


def test_pull_requests_run_the_checks_and_upload_the_site() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pull-request.yml")
    assert set(workflow["on"]) == {"pull_request"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert runs == [SOURCE_DATE_EPOCH, "make check", "make test"]
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"]["path"] == "site/"


def test_publishing_deploys_with_least_privilege() -> None:
    workflow = load(REPO / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    setup = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python"))["with"]
    assert setup["cache"] == "pip" and setup["cache-dependency-path"] == "requirements.txt"


def test_a_tag_releases_the_tested_site_data_as_a_dated_archive() -> None:
    """Only version tags; the tests and the strict build run first; the token can write releases and nothing else,
    and reaches only the step that creates the release; no dependency cache (a poisoned cache could ship)."""
    workflow = load(REPO / ".github" / "workflows" / "release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    steps = job["steps"]
    runs = [s.get("run", "").strip() for s in steps if "run" in s]
    assert runs[:3] == [SOURCE_DATE_EPOCH, "make test", 'python3 tools/release_archive.py site "$GITHUB_REF_NAME" dist']
    assert runs[3].startswith('gh release create "$GITHUB_REF_NAME" dist/*.tar.gz') and "--verify-tag" in runs[3]
    assert [s["env"] for s in steps if "env" in s] == [{"GH_TOKEN": "${{ github.token }}"}]
    assert steps[-1]["env"] and "${{" not in steps[-1]["run"], "no expression expanded into the shell"
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))["with"]
    assert "cache" not in setup


SOURCE_DATE_EPOCH = 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'


@pytest.mark.parametrize("name", ["publish.yml", "pull-request.yml", "release.yml"])
def test_builds_take_their_date_from_the_last_commit(name: str) -> None:
    """Reproducible builds: the date is set right after the checkout, before any make target runs."""
    (job, *_) = load(REPO / ".github" / "workflows" / name)["jobs"].values()
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[1].get("run") == SOURCE_DATE_EPOCH


def test_checkouts_keep_no_credentials_and_the_full_history() -> None:
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"] == {"fetch-depth": 0, "persist-credentials": False}, path.name


def test_the_external_link_check_runs_weekly_upstream_only() -> None:
    workflow = load(REPO / ".github" / "workflows" / "external-links.yml")
    (cron,) = workflow["on"]["schedule"]
    _minute, _hour, day, month, weekday = cron["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    (job,) = workflow["jobs"].values()
    repo_url = read_config(REPO)["repo_url"]
    upstream = repo_url.removeprefix("https://github.com/")
    assert job["if"] == f"github.repository == '{upstream}'"
    assert job["permissions"] == {"contents": "read", "issues": "write"}


def test_workflows_call_the_make_targets_the_readme_documents() -> None:
    readme = make_targets((REPO / "README.md").read_text(encoding="utf-8"))
    makefile = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    used = set()
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                used |= make_targets(step.get("run", ""))
    assert used == {"check", "test", "linkcheck-external"}
    assert used <= readme, used - readme
    assert readme <= makefile, readme - makefile
