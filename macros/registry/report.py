"""The report a sync prints (and the workflow puts in its pull request): Markdown, escaped for the terminal."""

from __future__ import annotations

from dataclasses import dataclass

from .merge import Delta
from .terminal import safe


@dataclass(frozen=True)
class Report:
    today: str
    since: str | None  #: studies updated since this date were read in full; None: every matching study
    pages: int
    listed: int  #: studies the query matches
    read: int  #: studies read in full
    deltas: tuple[Delta, ...]  #: one per changed record
    no_longer_matching: tuple[str, ...]  #: registry ids of held records the query no longer returns
    unlinked: tuple[str, ...]  #: secondary ids left out because their record does not name the study back
    written: str | None  #: the snapshot folder written, None when nothing was written

    @property
    def changed(self) -> bool:
        return bool(self.deltas)

    def text(self) -> str:
        scope = f"updated since {self.since}" if self.since else "every match"
        lines = [f"## ClinicalTrials.gov sync, {self.today}", "",
                 (f"{self.pages} page(s) read; the query matches {self.listed} studies; {self.read} read in full "
                  f"({scope})."), ""]
        sections = [
            ("New", [d.id.upper() for d in self.deltas if d.new]),
            ("Changed status", [f"{d.id.upper()}: {d.status[0]} -> {d.status[1]}"
                                for d in self.deltas if d.status and not d.new]),
            ("Changed dates", [f"{d.id.upper()}: {name} {before} -> {after}"
                               for d in self.deltas for name, before, after in d.dates]),
            ("Withdrawn", [d.id.upper() for d in self.deltas if d.status and d.status[1] == "WITHDRAWN"]),
            ("No longer matching the query (records kept)", list(self.no_longer_matching)),
            ("Other fields updated", [d.id.upper() for d in self.deltas
                                      if not (d.new or d.status or d.dates)]),
            ("Secondary ids to link by hand (add the study to the other record's secondary_ids)",
             list(self.unlinked)),
        ]
        for title, items in sections:
            if items:
                lines += [f"### {title} ({len(items)})", "", *(f"- {item}" for item in items), ""]
        if not (self.changed or self.no_longer_matching or self.unlinked):
            lines += ["No changes.", ""]
        if self.written:
            lines.append(f"Written: {len(self.deltas)} record(s) in content/registrations/; "
                         f"the responses in {self.written}/.")
        else:
            lines.append("Nothing written" + (" (dry run)." if self.changed else "."))
        return safe("\n".join(lines)) + "\n"
