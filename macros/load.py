"""Read every file under content/ into records with source positions, refusing anything ambiguous.

One scalar policy, shared with the schemas: plain `true`/`false` are booleans, plain `null`, `~` and empty values
are null, plain integers and decimals are numbers, and everything else (dates included) is text. The YAML 1.1
spellings that PyYAML would turn into booleans or null (`yes`, `no`, `on`, `off`, `True`, `NULL`…) are refused
rather than guessed. Tags, anchors and aliases, duplicate keys, tabs in indentation, several documents in a file,
bad encodings, control and invisible layout characters (which libyaml counts as line breaks, Python-Markdown
uses as placeholders, or which reorder text on screen), and over-large or over-deep files are errors with their line. The parser is libyaml's (C) event
stream; values are built here so that every key and value keeps its line and column.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

MAX_FILE_BYTES = 256 * 1024  #: larger files are refused (rule file-too-large)
MAX_DEPTH = 16  #: deeper nesting is refused (rule yaml-too-deep)
CONTENT_DIR = "content"
SCHEMAS_DIR = "schemas"
SCHEMA_SUFFIX = ".schema.json"
SHARED_SCHEMAS = frozenset({"common"})

Where = tuple[str | int, ...]
Position = tuple[int, int]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_YAML11 = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "True", "TRUE", "False", "FALSE", "Null", "NULL"]
)
_BOM = b"\xef\xbb\xbf"
#: C0 controls other than tab, newline and carriage return; DEL and C1 controls (U+0085 is a YAML line break);
#: the Unicode line and paragraph separators; bidirectional overrides and isolates ("Trojan Source"), which make
#: a reviewer see text in another order than readers; and a byte-order mark inside the text.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
#: Characters XML 1.0 does not allow (surrogates, U+FFFE, U+FFFF) and the other Unicode non-characters
#: (U+FDD0-U+FDEF, the last two code points of every plane): one of them makes feed.xml ill-formed.
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_CONTROL = re.compile(f"[{_CONTROLS}{_NONCHARACTERS}]")
_RAW_CONTROL = re.compile(_CONTROL.pattern + "|\r(?!$)")  #: in the file itself, a carriage return only ends a line
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
MAX_DIGITS = 15  #: longer numbers are refused (rule yaml-number): no count or duration has more, and floats stay exact

try:  # libyaml is in every PyYAML wheel; the pure-Python parser is ~9x slower
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def modeline(kind: str) -> str:
    """The first line every content file of `kind` starts with (editor hints)."""
    return f"# yaml-language-server: $schema=../../{SCHEMAS_DIR}/{kind}{SCHEMA_SUFFIX}"


@dataclass(frozen=True)
class Record:
    """One loaded YAML file: its data and where each key and value stands in the file."""

    kind: str
    path: str
    data: Any
    positions: dict[Where, Position] = field(repr=False)
    key_positions: dict[Where, Position] = field(repr=False)

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    def position(self, where: Where, key: bool = False) -> Position:
        """Line and column of the value (or key) at `where`, else of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        if where in table:
            return table[where]
        while where:
            where = where[:-1]
            if where in self.positions:
                return self.positions[where]
        return (1, 1)

    def diagnostic(self, where: Where, rule: str, message: str, key: bool = False) -> Diagnostic:
        line, col = self.position(where, key)
        return Diagnostic(self.path, line, col, rule, message)


def discover_kinds(root: Path) -> list[str]:
    """Kinds are the schemas in schemas/ (other than the shared definitions)."""
    return sorted(
        p.name[: -len(SCHEMA_SUFFIX)]
        for p in (root / SCHEMAS_DIR).glob(f"*{SCHEMA_SUFFIX}")
        if p.name[: -len(SCHEMA_SUFFIX)] not in SHARED_SCHEMAS
    )


def _walk(directory: Path) -> Iterator[Path]:
    """Every entry below `directory` that is not a folder, in a stable order, links included."""
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        base = Path(dirpath)
        links = [d for d in dirnames if (base / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if d not in links)
        yield from (base / name for name in sorted(filenames + links))


def load_content(root: Path, kinds: list[str]) -> tuple[list[Record], list[Diagnostic]]:
    """Load every file under root/content. Nothing is skipped silently: each file is a record or a diagnostic."""
    records: list[Record] = []
    diagnostics: list[Diagnostic] = []
    for path in _walk(root / CONTENT_DIR):
        shown = path.relative_to(root).as_posix()
        parts = path.relative_to(root / CONTENT_DIR).parts
        problem = _file_problem(path, parts, kinds)
        if problem:
            diagnostics.append(Diagnostic(shown, 1, 1, *problem))
            continue
        record, found = load_file(path, shown, parts[0])
        diagnostics.extend(found)
        if record is not None:
            records.append(record)
    return records, diagnostics


def _file_problem(path: Path, parts: tuple[str, ...], kinds: list[str]) -> tuple[str, str] | None:
    status = path.lstat()
    if not stat.S_ISREG(status.st_mode):  # links and special files
        return "file-not-regular", "not a regular file"
    if path.suffix != ".yaml":
        return "file-extension", f"'{path.name}' is not a .yaml file"
    if len(parts) != 2 or parts[0] not in kinds:
        where = "/".join(parts[:-1]) or "content/ itself"
        return "schema-missing", f"no schema applies to files in {where}; kinds are: {', '.join(kinds)}"
    size = status.st_size
    if size > MAX_FILE_BYTES:
        return "file-too-large", f"{size} bytes; the limit is {MAX_FILE_BYTES}"
    return None


def load_file(path: Path, shown: str, kind: str) -> tuple[Record | None, list[Diagnostic]]:
    """Decode one file, then load its text."""
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        return None, [Diagnostic(shown, 1, 1, "encoding-bom", "the file starts with a UTF-8 byte-order mark")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Diagnostic(shown, line, col, "encoding", f"byte 0x{raw[err.start]:02x} is not valid UTF-8")]
    return load_text(text, shown, kind)


def load_text(text: str, shown: str, kind: str) -> tuple[Record | None, list[Diagnostic]]:
    """Check the modeline and parse decoded text; `shown` is the path used in diagnostics."""
    if not text.strip():
        return None, [Diagnostic(shown, 1, 1, "file-empty", "the file is empty")]
    diagnostics = []
    controls = [
        Diagnostic(shown, number, match.start() + 1, *_describe(match.group()))
        for number, line in enumerate(text.split("\n"), 1)
        for match in _RAW_CONTROL.finditer(line)
    ]
    if controls:  # before parsing: libyaml would count some of them as line breaks and shift every line number
        return None, controls
    first = text.split("\n", 1)[0].rstrip("\r")
    if first != modeline(kind):
        diagnostics.append(Diagnostic(shown, 1, 1, "modeline", f"the first line must be: {modeline(kind)}"))
    tabs = [
        Diagnostic(shown, number, line.index("\t") + 1, "yaml-tab", "tab in indentation")
        for number, line in enumerate(text.split("\n"), 1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ] if "\t" in text else []
    if tabs:
        return None, diagnostics + tabs
    builder = _Builder(shown)
    try:
        data = builder.build(text)
    except yaml.YAMLError as err:
        mark, context = getattr(err, "problem_mark", None), getattr(err, "context_mark", None)
        if mark is None or (context is not None and mark.index >= len(text.rstrip())):
            mark = context  # at the end of the file, where the unclosed quote or bracket opened says more
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = str(getattr(err, "problem", None) or str(err).split("\n")[0])
        if context is not None and getattr(err, "context", None):
            problem += f" ({err.context} that starts on line {context.line + 1})"
        rule = "yaml-too-deep" if "maximum nesting depth" in problem else "yaml-syntax"  # libyaml's own limit
        builder.diagnostics.append(Diagnostic(shown, line, col, rule, problem))
    except _Stop:
        pass
    diagnostics += builder.diagnostics
    if builder.diagnostics:
        return None, diagnostics
    if builder.documents == 0:
        return None, diagnostics + [Diagnostic(shown, 1, 1, "file-empty", "the file holds only comments")]
    return Record(kind, shown, data, builder.positions, builder.key_positions), diagnostics


def _describe(char: str) -> tuple[str, str]:
    """The rule and message for a refused character."""
    if _NONCHARACTER.match(char):
        return "yaml-noncharacter", f"Unicode non-character U+{ord(char):04X} (not allowed in XML 1.0)"
    return "yaml-control-char", f"invisible or control character U+{ord(char):04X}"


_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SequenceStartEvent, _SequenceEndEvent, _MappingEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent, yaml.MappingEndEvent


class _Stop(Exception):
    """Raised to abandon a file at its first unsafe construct (an anchor can hide an exponential document)."""


class _Builder:
    """Builds plain Python values from libyaml's events, recording positions and refusing unsafe constructs."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[Where, Position] = {}
        self.key_positions: dict[Where, Position] = {}
        self.documents = 0

    def _report(self, event: yaml.Event, rule: str, message: str, stop: bool = False) -> None:
        self.diagnostics.append(
            Diagnostic(self.shown, event.start_mark.line + 1, event.start_mark.column + 1, rule, message)
        )
        if stop:
            raise _Stop

    def build(self, text: str) -> Any:
        loader = _Loader(text)
        try:
            events = iter(loader.get_event, None)  # libyaml's events without a Python generator in between
            result: Any = None
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    self.documents += 1
                    if self.documents > 1:
                        self._report(event, "yaml-multi-document", "a second YAML document starts here", stop=True)
                elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)):
                    result = self._node(event, events, (), 1)
            return result
        finally:
            loader.dispose()

    def _node(self, event: yaml.Event, events: Iterator[yaml.Event], where: Where, depth: int) -> Any:
        mark = event.start_mark
        self.positions[where] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is _AliasEvent:
            self._report(event, "yaml-anchor", f"alias *{event.anchor}", stop=True)
        if event.anchor is not None:
            self._report(event, "yaml-anchor", f"anchor &{event.anchor}", stop=True)
        if event.tag is not None:
            self._report(event, "yaml-tag", f"tag {event.tag}")
        if depth > MAX_DEPTH:
            self._report(event, "yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", stop=True)
        if kind is _ScalarEvent:
            return self._scalar(event)
        positions = self.positions
        plain = depth < MAX_DEPTH  # children of this node may take the fast path for plain scalars
        if kind is _SequenceStartEvent:
            items: list[Any] = []
            for child in events:
                ckind = type(child)
                if ckind is _SequenceEndEvent:
                    return items
                at = where + (len(items),)
                if ckind is _ScalarEvent and plain and child.anchor is None and child.tag is None:
                    mark = child.start_mark
                    positions[at] = (mark.line + 1, mark.column + 1)
                    items.append(self._scalar(child))
                else:
                    items.append(self._node(child, events, at, depth + 1))
        mapping: dict[str, Any] = {}
        key_positions = self.key_positions
        for child in events:
            ckind = type(child)
            if ckind is _MappingEndEvent:
                return mapping
            mark = child.start_mark
            key_position = (mark.line + 1, mark.column + 1)
            if ckind is not _ScalarEvent or child.anchor is not None:
                self._report(child, "yaml-key", "a key must be plain text", stop=True)
            if child.tag is not None:
                self._report(child, "yaml-tag", f"tag {child.tag} on the key '{child.value}'")
            key = child.value
            at = where + (key,)
            value_event = next(events)
            if key in mapping:
                first = key_positions[at][0]
                self._report(child, "yaml-duplicate-key", f"key '{key}' already appears on line {first}")
                self._node(value_event, events, at, depth + 1)  # the file is refused anyway
                continue
            key_positions[at] = key_position
            if type(value_event) is _ScalarEvent and plain and value_event.anchor is None and value_event.tag is None:
                mark = value_event.start_mark
                positions[at] = (mark.line + 1, mark.column + 1)
                mapping[key] = self._scalar(value_event)
            else:
                mapping[key] = self._node(value_event, events, at, depth + 1)
        return mapping  # pragma: no cover - libyaml always closes a mapping

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        value = event.value
        bad = _CONTROL.search(value)
        if bad:  # written as an escape in a double-quoted string ("\x02", "\u202e", "\L")
            self._report(event, *_describe(bad.group()))
            return value
        if event.style or not event.implicit[0]:
            return value  # quoted or block scalars are always text
        if value in ("", "~", "null"):
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        if value in _YAML11:
            self._report(event, "yaml-ambiguous", f"'{value}' means a boolean or null in YAML 1.1 but text in YAML 1.2")
            return value
        integer = _INT.fullmatch(value)
        if integer or _FLOAT.fullmatch(value):
            digits = len(value) - value.startswith("-") - (not integer)
            if digits > MAX_DIGITS:
                self._report(event, "yaml-number", f"a number of {digits} digits; the limit is {MAX_DIGITS}")
                return None
            return int(value) if integer else float(value)
        return value
