"""The one reader of git history: when each file was added and last changed, and which commit is built.

One `git log` per call, never any network. Without git (an exported tarball, a missing binary) there are no dates
and the commit is "unknown"; nothing fails for want of history. In a shallow clone, the oldest commits present
stand for all the history cut off behind them, so a file whose last change is at the cut has no known date.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

UNKNOWN_COMMIT = "unknown"
_COMMIT = "@@commit "


@dataclass(frozen=True)
class History:
    commit: str
    built: str                                  #: RFC 3339, UTC
    dates: dict[str, tuple[str, str]]           #: repo-relative path -> (first commit date, last commit date)

    def of(self, path: str) -> tuple[str, str]:
        """(published, updated) of a file; the build date for files git does not know (new, uncommitted)."""
        return self.dates.get(path, (self.built, self.built))


def build_date() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), as RFC 3339 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotePath=false", *args], capture_output=True,
                              text=True, encoding="utf-8", timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _utc(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).isoformat().replace("+00:00", "Z")


def repository_root(path: Path) -> Path | None:
    out = _git(path, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out else None


def _commits(root: Path, folders: tuple[str, ...]) -> list[tuple[str, str, list[str]]]:
    """(hash, committer date as written, paths relative to `root`) of every commit, newest first."""
    out = _git(root, "log", "--format=" + _COMMIT + "%H %cI", "--name-only", "--no-renames", "HEAD", "--", *folders)
    if out is None:
        return []
    prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
    commits: list[tuple[str, str, list[str]]] = []
    for line in out.splitlines():
        if line.startswith(_COMMIT):
            sha, stamp = line[len(_COMMIT):].split()
            commits.append((sha, stamp, []))
        elif line and commits:
            commits[-1][2].append(line[len(prefix):] if prefix and line.startswith(prefix) else line)
    return commits


def _shallow_cut(root: Path) -> set[str]:
    """The commits at the cut of a shallow clone (none in a full one)."""
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return set()
    shallow = Path((_git(root, "rev-parse", "--absolute-git-dir") or "").strip()) / "shallow"
    return set(shallow.read_text(encoding="utf-8").split()) if shallow.is_file() else set()


def read(root: Path, folders: tuple[str, ...]) -> History:
    """The history of the files under `folders` (relative to root)."""
    dates: dict[str, tuple[str, str]] = {}
    for _, stamp, paths in _commits(root, folders):
        when = _utc(stamp)
        for path in paths:
            first, last = dates.get(path, (when, when))
            dates[path] = (min(first, when), max(last, when))
    return History((_git(root, "rev-parse", "HEAD") or "").strip() or UNKNOWN_COMMIT, build_date(), dates)


def last_changes(root: Path) -> dict[str, date]:
    """Path (relative to root) -> day of the last commit that changed it, for every file whose day is known."""
    cut = _shallow_cut(root)
    days: dict[str, date | None] = {}
    for sha, stamp, paths in _commits(root, ()):
        for path in paths:
            days.setdefault(path, None if sha in cut else date.fromisoformat(stamp[:10]))
    return {path: day for path, day in days.items() if day is not None}
