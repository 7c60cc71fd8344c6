"""Reconciliation, "nothing lost": every build counts the records of each kind at every stage and fails on a difference.

The reference count is the number of `.yaml` files in each kind's folder, counted on disk independently of the
loader. Each later stage (records loaded, the model, the rows of the site's tables, entity pages, data
downloads…) reports its own counts under a name with `Ledger.record`; `Ledger.verify` raises `CountMismatch`
naming every stage and kind whose count differs. A stage reports only the kinds it shows (the tables show
therapies and studies), but for those kinds it must report a count, zero included.

Adding a stage is one call: `ledger.record("downloads", {"studies": 17, ...})` before `verify` runs. In a build,
the macros adapter (hooks/macros_adapter.py) keeps the ledger and verifies it in `on_post_build`, after recording
each stage listed in `POST_BUILD_STAGES` (name -> function returning counts per kind): a new stage is one entry.
`SeenIds` collects the distinct ids a stage shows when it renders in several calls (one table per page, one page
per record).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .load import CONTENT_DIR

FILES = "files"  #: the reference stage: YAML files on disk

#: Counts taken when a build has finished, by stage name: each function returns the number of records per kind that
#: its stage showed in this build. The adapters register their stages here when a build starts.
POST_BUILD_STAGES: dict[str, Callable[[], Mapping[str, int]]] = {}


class CountMismatch(Exception):
    """Some stage of the build has more or fewer records of a kind than there are YAML files."""


@dataclass(frozen=True)
class Mismatch:
    stage: str
    kind: str
    expected: int
    found: int

    def __str__(self) -> str:
        lost = self.expected - self.found
        what = f"{lost} lost" if lost > 0 else f"{-lost} extra"
        return f"{self.stage}: {self.found} {self.kind}, but content/{self.kind}/ holds {self.expected} ({what})"


def count_files(root: Path, kinds: Iterable[str]) -> dict[str, int]:
    """The number of .yaml files directly in content/<kind>/ for each kind (0 when the folder is missing)."""
    counts = {}
    for kind in kinds:
        folder = root / CONTENT_DIR / kind
        counts[kind] = sum(1 for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else 0
    return counts


@dataclass
class Ledger:
    """Named counts per kind, stage by stage, against the files on disk."""

    expected: dict[str, int]
    stages: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def of_files(cls, root: Path, kinds: Iterable[str]) -> Ledger:
        return cls(count_files(root, kinds))

    def record(self, stage: str, counts: Mapping[str, int]) -> None:
        """The counts one stage shows; a stage is recorded once, and only for kinds that have files."""
        if stage == FILES or stage in self.stages:
            raise ValueError(f"stage {stage!r} is already recorded")
        unknown = sorted(set(counts) - set(self.expected))
        if unknown:
            raise ValueError(f"stage {stage!r} counts unknown kinds: {', '.join(unknown)}")
        self.stages[stage] = dict(counts)

    def mismatches(self) -> list[Mismatch]:
        return [
            Mismatch(stage, kind, self.expected[kind], found)
            for stage, counts in self.stages.items()
            for kind, found in counts.items()
            if found != self.expected[kind]
        ]

    def verify(self) -> None:
        """Raise CountMismatch listing every difference; nothing when every stage agrees with the files."""
        problems = self.mismatches()
        if problems:
            lines = "\n".join(f"  - {p}" for p in problems)
            raise CountMismatch(f"records were lost or duplicated between content/ and the site:\n{lines}")

    def summary(self) -> str:
        """One line: the files per kind and the stages that agree with them."""
        files = ", ".join(f"{n} {kind}" for kind, n in self.expected.items())
        return f"reconciled {files} across stages: {FILES}, {', '.join(self.stages)}"


class SeenIds:
    """The distinct record ids a stage shows, collected over several calls (pages, tables)."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self._ids: dict[str, set[str]] = {kind: set() for kind in kinds}

    def add(self, kind: str, ids: Iterable[str]) -> None:
        self._ids[kind].update(ids)

    def counts(self) -> dict[str, int]:
        return {kind: len(ids) for kind, ids in self._ids.items()}
