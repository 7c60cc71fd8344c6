"""The data-model reference: every kind and every field of schemas/, as Markdown, so it cannot drift from them.

Pure: it receives the schemas (file name -> parsed JSON) and reads nothing. References (`$ref`) are followed into
other schema files by file name; a field's own description and examples win over those of the definition it uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..load import SCHEMA_SUFFIX, modeline
from . import escape

Schemas = Mapping[str, Mapping[str, Any]]

_TYPE_NAMES = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false",
               "null": "null", "object": "object", "array": "list"}
_FORMATS = {"partial-date": "date (YYYY, YYYY-MM or YYYY-MM-DD)"}


@dataclass(frozen=True)
class Field:
    path: str  #: dotted path; `[]` marks the items of a list
    type: str
    required: bool
    alternative: bool  #: the field belongs to one of several alternative forms of its parent
    description: str
    allowed: tuple[Any, ...]
    example: Any  #: None when the schema gives none
    has_example: bool


class _Resolver:
    def __init__(self, schemas: Schemas) -> None:
        self._schemas = schemas

    def resolve(self, node: Mapping[str, Any], base: str) -> tuple[Mapping[str, Any], str]:
        """Follow `$ref` chains; sibling keywords of a `$ref` (description, examples) override the target's."""
        seen: set[tuple[str, str]] = set()
        merged: dict[str, Any] = {}
        while "$ref" in node:
            merged = {**{k: v for k, v in node.items() if k != "$ref"}, **merged}
            target_file, _, pointer = node["$ref"].partition("#")
            base = target_file or base
            if (base, pointer) in seen:
                raise ValueError(f"circular $ref {node['$ref']!r} in {base}")
            seen.add((base, pointer))
            node = self._pointer(base, pointer)
        return {**node, **merged}, base

    def _pointer(self, file: str, pointer: str) -> Mapping[str, Any]:
        if file not in self._schemas:
            raise KeyError(f"$ref to unknown schema file {file!r}")
        node: Any = self._schemas[file]
        for part in filter(None, pointer.split("/")):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node


def _branches(node: Mapping[str, Any], base: str, resolver: _Resolver) -> list[tuple[Mapping[str, Any], str]]:
    """The alternatives of a node (its oneOf/anyOf branches, resolved), or the node itself."""
    alternatives = node.get("oneOf") or node.get("anyOf")
    if not alternatives:
        return [(node, base)]
    return [b for alt in alternatives for b in _branches(*resolver.resolve(alt, base), resolver)]


def _type(node: Mapping[str, Any], base: str, resolver: _Resolver) -> str:
    names: list[str] = []
    for branch, branch_base in _branches(node, base, resolver):
        types = branch.get("type")
        if types is None and "enum" in branch:
            types = sorted({"null" if v is None else _json_type(v) for v in branch["enum"]})
        for name in [types] if isinstance(types, str) else types or []:
            if name == "array" and "items" in branch:
                item, item_base = resolver.resolve(branch["items"], branch_base)
                text = "list of " + _type(item, item_base, resolver)
            elif name == "string" and branch.get("format") in _FORMATS:
                text = _FORMATS[branch["format"]]
            else:
                text = _TYPE_NAMES[name]
            if text not in names:
                names.append(text)
    names.sort(key=lambda n: n == "null")  # "… or null" last: null means unknown
    return " or ".join(names) or "any"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _allowed(node: Mapping[str, Any], base: str, resolver: _Resolver) -> tuple[Any, ...]:
    values: list[Any] = []
    for branch, _ in _branches(node, base, resolver):
        for value in branch.get("enum", [branch["const"]] if "const" in branch else []):
            if value not in values:
                values.append(value)
    return tuple(values)


def _fields(node: Mapping[str, Any], base: str, resolver: _Resolver, prefix: str,
            stack: tuple[str, ...] = ()) -> Iterator[Field]:
    """The fields of an object node (and of every object inside it), depth first, in schema order."""
    branches = _branches(node, base, resolver)
    alternative = sum(1 for b, _ in branches if b.get("properties")) > 1
    for branch, branch_base in branches:
        if branch.get("type") == "array" and "items" in branch:
            item, item_base = resolver.resolve(branch["items"], branch_base)
            yield from _fields(item, item_base, resolver, prefix + "[]", stack)
            continue
        required = set(branch.get("required", ()))
        for name, raw in branch.get("properties", {}).items():
            field, field_base = resolver.resolve(raw, branch_base)
            path = f"{prefix}.{name}" if prefix else name
            if path in stack:
                continue
            examples = field.get("examples", [])
            yield Field(path, _type(field, field_base, resolver), name in required, alternative,
                        field.get("description", ""),
                        _allowed(field, field_base, resolver), examples[0] if examples else None, bool(examples))
            yield from _fields(field, field_base, resolver, path, (*stack, path))


def fields(schemas: Schemas, kind: str) -> list[Field]:
    """Every field of a kind, nested ones included, in schema order."""
    resolver = _Resolver(schemas)
    name = kind + SCHEMA_SUFFIX
    seen: dict[str, Field] = {}
    for field in _fields(schemas[name], name, resolver, ""):
        seen.setdefault(field.path, field)  # a path shared by several oneOf branches is listed once
    return list(seen.values())


def _code(value: Any, plain: bool = False) -> str:
    """A value as YAML would take it (JSON is YAML); `plain` shows text without quotes (allowed values)."""
    text = value if plain and isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"<code>{escape.text(text)}</code>"


def _row(field: Field) -> str:
    depth = field.path.count(".")
    name = f"<code>{escape.text(field.path)}</code>"
    cells = [
        ("&nbsp;&nbsp;" * depth) + name,
        escape.text(field.type),
        ("yes, in this form" if field.alternative else "yes") if field.required else "no",
        escape.text(field.description) if field.description else "",
        ", ".join(_code(v, plain=True) for v in field.allowed),
        _code(field.example) if field.has_example else "",
    ]
    return "| " + " | ".join(cells) + " |"


def kind_section(schemas: Schemas, kind: str) -> str:
    schema = schemas[kind + SCHEMA_SUFFIX]
    title = escape.text(schema.get("title", kind))
    lines = [
        f"## {title} {{#{kind}}}",
        "",
        escape.text(schema.get("description", "")),
        "",
        (f"One file per record: <code>content/{kind}/&lt;id&gt;.yaml</code>, starting with the line "
         f"<code>{escape.text(modeline(kind))}</code>."),
        "",
        "| Field | Type | Required | Description | Allowed values | Example |",
        "|---|---|---|---|---|---|",
        *(_row(f) for f in fields(schemas, kind)),
    ]
    return "\n".join(lines)


def reference(schemas: Schemas, kinds: Sequence[str]) -> str:
    """One section per kind, in the order given; a kind without a schema is an error, never skipped."""
    missing = [k for k in kinds if k + SCHEMA_SUFFIX not in schemas]
    if missing:
        raise KeyError(f"no schema for: {', '.join(missing)}")
    return "\n\n".join(kind_section(schemas, kind) for kind in kinds) + "\n"
