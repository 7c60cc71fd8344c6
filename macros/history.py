"""When each content file was added and last changed, and which commit is built: from git, when there is one.

Without git (an exported tarball, a missing binary) every date falls back to the build date and the commit is
"unknown"; the build never fails for want of history.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

UNKNOWN_COMMIT = "unknown"


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
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _utc(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).isoformat().replace("+00:00", "Z")


def read(root: Path, folders: tuple[str, ...]) -> History:
    """The history of the files under `folders` (repo-relative), in one `git log` call."""
    built = build_date()
    commit = (_git(root, "rev-parse", "HEAD") or "").strip() or UNKNOWN_COMMIT
    log = _git(root, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", *folders)
    dates: dict[str, tuple[str, str]] = {}
    if log:
        prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
        for block in log.split("\0")[1:]:
            lines = [line for line in block.splitlines() if line.strip()]
            if not lines:
                continue
            stamp = _utc(lines[0])
            for name in lines[1:]:
                path = name[len(prefix):] if prefix and name.startswith(prefix) else name
                first, last = dates.get(path, (stamp, stamp))
                dates[path] = (min(first, stamp), max(last, stamp))  # log is newest first
    return History(commit, built, dates)
