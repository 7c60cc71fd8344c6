"""The one place that orders the steps: load -> validate -> cross-file checks -> model.

The build and the command line both call `load_atlas`, so they can never disagree.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .checks import run_checks
from .checks.index import RecordIndex
from .diagnostics import Diagnostic, is_error
from .load import CONTENT_DIR, SCHEMA_SUFFIX, SCHEMAS_DIR, SHARED_SCHEMAS, discover_kinds, load_content
from .model import KINDS, Atlas, build_atlas
from .translations import check as check_translations
from .translations import coverage, translatable_fields, untranslated
from .validate import Validator, read_schemas


@dataclass(frozen=True)
class Result:
    atlas: Atlas | None  #: None when any error was found
    diagnostics: tuple[Diagnostic, ...]
    files: int
    loaded: Mapping[str, int] = field(default_factory=dict)  #: records loaded per kind (reconciliation)
    schemas: Mapping[str, Any] = field(default_factory=dict)  #: the schemas validated against, by file name
    #: The checked records as authors wrote them, per kind in file order (for the data downloads)
    data: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    #: Per kind: (translatable fields holding text, how many of them have their Chinese text)
    translated: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    #: Translatable fields without Chinese in kinds that are translated (reported by `check --strict` only)
    untranslated: tuple[Diagnostic, ...] = ()

    def failed(self, strict: bool = False) -> bool:
        return any(is_error(d, strict) for d in self.diagnostics)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes millions of small objects that all live on, and no reference cycles: without the pause, the
    cyclic garbage collector rescans the growing heap again and again (a quarter of the time at 10 000 records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_atlas(root: Path) -> Result:
    """Load, validate and check everything under root/content against root/schemas."""
    with _collector_paused():
        return _load_atlas(root)


Snapshot = tuple[tuple[str, int, int, int, int], ...]
_last: dict[Path, tuple[Snapshot, Result]] = {}


def snapshot(root: Path) -> Snapshot:
    """What a loaded atlas depends on: path, inode, mode, size and mtime of every entry under content/ and schemas/."""
    entries = []
    for folder in (CONTENT_DIR, SCHEMAS_DIR):
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames.sort()
            for name in (*dirnames, *sorted(filenames)):
                path = os.path.join(dirpath, name)
                status = os.lstat(path)
                entries.append((path, status.st_ino, status.st_mode, status.st_size, status.st_mtime_ns))
    return tuple(entries)


def load_atlas_cached(root: Path) -> Result:
    """`load_atlas`, reused while nothing under content/ or schemas/ has changed: `mkdocs serve` rebuilds the whole
    site after every edit, and most edits are to pages. One result is kept per root."""
    root = root.resolve()
    before = snapshot(root)  # taken first: a file changed during the load makes the next call reload
    last = _last.get(root)
    if last is not None and last[0] == before:
        return last[1]
    result = load_atlas(root)
    _last[root] = (before, result)
    return result


def _inputs(root: Path, kinds: list[str]) -> list[Diagnostic]:
    """What is wrong with the checker's own inputs: the root itself, content/, and the schema files."""
    if not (root / SCHEMAS_DIR).is_dir() and not (root / CONTENT_DIR).is_dir():
        return [Diagnostic(".", 1, 1, "root-invalid",
                           f"{root} holds neither {SCHEMAS_DIR}/ nor {CONTENT_DIR}/: it is not the atlas' root")]
    found = [
        Diagnostic(f"{SCHEMAS_DIR}/{name}{SCHEMA_SUFFIX}", 1, 1, "schema-file-missing",
                   f"{SCHEMAS_DIR}/{name}{SCHEMA_SUFFIX} is missing: "
                   + (f"the {name} records cannot be checked" if name in KINDS else "every schema refers to it"))
        for name in (*sorted(set(KINDS) - set(kinds)), *sorted(SHARED_SCHEMAS))
        if not (root / SCHEMAS_DIR / f"{name}{SCHEMA_SUFFIX}").is_file()
    ]
    content = root / CONTENT_DIR
    if not content.is_dir():
        found.append(Diagnostic(f"{CONTENT_DIR}/", 1, 1, "content-missing", f"{CONTENT_DIR}/ does not exist"))
    elif not any(True for _, _, files in os.walk(content) if files):
        found.append(Diagnostic(f"{CONTENT_DIR}/", 1, 1, "content-missing", f"{CONTENT_DIR}/ holds no files"))
    return found


def _load_atlas(root: Path) -> Result:
    kinds = discover_kinds(root)
    schemas, diagnostics = read_schemas(root)
    diagnostics += _inputs(root, kinds)
    if any(d.rule == "root-invalid" for d in diagnostics):
        return Result(None, tuple(diagnostics), 0)
    records, found = load_content(root, kinds)
    diagnostics += found
    if any(d.path.startswith(f"{SCHEMAS_DIR}/") for d in diagnostics):  # nothing to validate against
        diagnostics.sort()
        return Result(None, tuple(diagnostics), len({d.path for d in diagnostics} | {r.path for r in records}))
    validator = Validator(schemas)
    fields = {kind: translatable_fields(kind + SCHEMA_SUFFIX, schemas) for kind in kinds}
    valid, texts, translations = [], {}, []
    for record in records:
        checked = check_translations(record, fields[record.kind])
        translations.append(checked)
        found = list(checked.diagnostics) or validator.validate(checked.english)
        found += [d for other in checked.languages for d in validator.validate(other) if d not in found]
        diagnostics.extend(found)
        texts[record.path] = checked.texts
        if not found:
            valid.append(checked.texts)
    loaded_paths = {r.path for r in records}
    unreadable = {
        (parts[1], PurePosixPath(parts[2]).stem)
        for d in diagnostics
        if d.path not in loaded_paths and len(parts := d.path.split("/")) == 3 and parts[1] in kinds
    }
    diagnostics.extend(run_checks(RecordIndex.of(valid, records, kinds, unreadable)))
    files = len(records) + len({d.path for d in diagnostics} - {r.path for r in records})
    loaded = {kind: sum(r.kind == kind for r in records) for kind in kinds}
    translated = {kind: n for kind, n in coverage(translations, "zh").items() if n[0]}
    diagnostics.sort()
    if any(is_error(d) for d in diagnostics):
        return Result(None, tuple(diagnostics), files, loaded, schemas, translated=translated)
    data = {kind: tuple(r.data for r in records if r.kind == kind) for kind in kinds}
    atlas = build_atlas({kind: tuple(texts[r.path].data for r in records if r.kind == kind) for kind in kinds})
    return Result(atlas, tuple(diagnostics), files, loaded, schemas, data, translated,
                  untranslated(tuple(translations), "zh"))
