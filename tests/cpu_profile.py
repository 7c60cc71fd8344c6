"""A pytest plugin that records each test's CPU time in setup, call and teardown: this process and its children
(resource.getrusage), and the processes still running under it (a browser that a fixture keeps open: Linux /proc),
one JSON file per process (xdist worker) in $CPU_PROFILE_DIR.
`python tests/cpu_profile.py DIR` prints the costliest tests and the totals. tests/conftest.py registers it when
$CPU_PROFILE_DIR is set (`make profile`); it never changes what a test does."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

_ROWS: list[dict[str, object]] = []


_TICK = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in task.read_text().split()]
    return found


def _running_descendants_cpu(pid: int) -> float:
    """CPU of the processes under `pid` that are still running, each with its own waited-for children."""
    total = 0.0
    for child in _children(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / _TICK  # utime, stime, cutime, cstime
        total += _running_descendants_cpu(child)
    return total


def cpu_seconds() -> float:
    """User + system CPU of this process, of its children that have been waited for, and of those still running."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
            + _running_descendants_cpu(os.getpid()))


def _timed(item: pytest.Item, phase: str) -> Iterator[None]:
    start = cpu_seconds()
    yield
    _ROWS.append({"test": item.nodeid, "phase": phase, "cpu": round(cpu_seconds() - start, 3)})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "setup")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield from _timed(item, "teardown")


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = os.environ.get("CPU_PROFILE_DIR")
    if not folder:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path(folder).mkdir(parents=True, exist_ok=True)
    record = {"worker": worker, "process_cpu": round(cpu_seconds(), 3), "tests": _ROWS}
    (Path(folder) / f"{worker}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def summary(folder: Path, top: int = 40) -> str:
    """The `top` costliest tests, the cost of each test file, and each process's total CPU, as Markdown."""
    per_test: dict[str, float] = defaultdict(float)
    per_file: dict[str, float] = defaultdict(float)
    lines = ["| process | CPU s (whole process) |", "|---|---|"]
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        lines.append(f"| {record['worker']} | {record['process_cpu']:.1f} |")
        for row in record["tests"]:
            per_test[row["test"]] += row["cpu"]
            per_file[row["test"].split("::")[0]] += row["cpu"]
    lines += ["", f"Tests: {len(per_test)}, CPU in tests: {sum(per_test.values()):.1f} s", "",
              "| test file | CPU s |", "|---|---|"]
    lines += [f"| {name} | {cpu:.1f} |" for name, cpu in sorted(per_file.items(), key=lambda kv: -kv[1])]
    lines += ["", "| test (setup + call + teardown) | CPU s |", "|---|---|"]
    lines += [f"| {name} | {cpu:.1f} |" for name, cpu in sorted(per_test.items(), key=lambda kv: -kv[1])[:top]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
