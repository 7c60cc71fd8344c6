"""Records generated from the JSON Schemas in schemas/, so tests follow the schemas instead of hand-written lists.

- `Schemas.full(kind)`: one deterministic record of `kind` with every optional field present, every nullable
  field filled, lists of one item, and the path and class of every string in it (`Leaf`): free text
  (`text` or `label`, shown to readers) or constrained (a pattern, an enum, a date).
- `Schemas.strategy(kind)`: a Hypothesis strategy for schema-valid records of `kind`.
- `consistent(kind, record, ...)`: rewrites the fields that refer to other records (ids, citations, therapy,
  studies, see-also, verified identifiers, design) so that a set of records passes the cross-file rules.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from macros.checks.doi import trailing_punctuation
from macros.checks.plausible import MAX_MONTHS, MONTHS_PER
from macros.load import _CONTROL  # the loader refuses these before any schema sees them

Path_ = tuple[str | int, ...]
FREE = ("text", "label")  #: the shared definitions of text shown to readers


@dataclass(frozen=True)
class Leaf:
    path: Path_
    free: str | None  #: "text" or "label" for free text, None for a constrained string
    schema: dict[str, Any]


class Schemas:
    def __init__(self, root: Path) -> None:
        self.files = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (root / "schemas").glob("*.schema.json")}

    def kind(self, kind: str) -> tuple[dict[str, Any], str]:
        return self.files[f"{kind}.schema.json"], f"{kind}.schema.json"

    def resolve(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str, str | None]:
        """Follow $ref chains; also return the name of the last shared definition reached."""
        name = None
        while "$ref" in schema:
            target, _, pointer = schema["$ref"].partition("#")
            base = target or base
            node: Any = self.files[base]
            for part in pointer.strip("/").split("/") if pointer else []:
                node = node[part]
            name = pointer.rsplit("/", 1)[-1] if pointer else name
            schema = node
        return schema, base, name

    # -- one full, deterministic record -------------------------------------------------------------------------
    def full(self, kind: str) -> tuple[dict[str, Any], list[Leaf]]:
        leaves: list[Leaf] = []
        schema, base = self.kind(kind)
        return self._full(schema, base, (), leaves, None, None), leaves

    def _full(self, schema: dict[str, Any], base: str, path: Path_, leaves: list[Leaf], name: str | None,
              example: Any) -> Any:
        if example is None and schema.get("examples"):
            example = schema["examples"][0]  # examples sit beside $ref and oneOf, so take them on the way down
        schema, base, ref = self.resolve(schema, base)
        name = ref or name
        if example is None and schema.get("examples"):
            example = schema["examples"][0]
        if "oneOf" in schema:
            branch = next(b for b in schema["oneOf"] if b.get("type") != "null")
            return self._full(branch, base, path, leaves, name, example)
        if "enum" in schema:
            value = schema["enum"][0]
            if isinstance(value, str):
                leaves.append(Leaf(path, None, schema))
            return value
        kind = schema.get("type")
        kind = next(t for t in kind if t != "null") if isinstance(kind, list) else kind
        if kind == "object":
            return {
                key: self._full(sub, base, path + (key,), leaves, None,
                                example.get(key) if isinstance(example, dict) else None)
                for key, sub in schema["properties"].items()
            }
        if kind == "array":
            item = example[0] if isinstance(example, list) and example else None
            return [self._full(schema["items"], base, path + (0,), leaves, None, item)]
        if kind == "string":
            leaves.append(Leaf(path, name if name in FREE else None, schema))
            if name == "partialDate":
                return "2024-02-29"
            if name in FREE:
                return "plain words"
            return example if isinstance(example, str) else "x"
        if kind == "integer":
            return max(schema.get("minimum", 1), 1)
        if kind == "number":
            return 12
        if kind == "boolean":
            return True
        raise ValueError(f"cannot generate {schema}")

    # -- Hypothesis ---------------------------------------------------------------------------------------------
    def strategy(self, kind: str) -> st.SearchStrategy[dict[str, Any]]:
        schema, base = self.kind(kind)
        return self._strategy(schema, base, None)

    def _strategy(self, schema: dict[str, Any], base: str, name: str | None) -> st.SearchStrategy[Any]:
        schema, base, ref = self.resolve(schema, base)
        name = ref or name
        if name == "partialDate":
            return partial_dates()
        if name in FREE:
            return free_text(name == "label", schema["maxLength"])
        if "oneOf" in schema:
            return st.one_of([self._strategy(b, base, name) for b in schema["oneOf"]])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kinds = schema.get("type")
        if isinstance(kinds, list):
            return st.one_of([self._strategy({**schema, "type": k}, base, name) for k in kinds])
        if kinds == "null":
            return st.none()
        if kinds == "boolean":
            return st.booleans()
        if kinds == "integer":
            return st.integers(min_value=schema.get("minimum", -(10**6)), max_value=schema.get("maximum", 10**6))
        if kinds == "number":
            low = schema.get("exclusiveMinimum")
            # decimals as contributors write them (the loader reads 1e-05 as text, by policy)
            return st.integers(min_value=1 if low is not None else -(10**6), max_value=10**6).map(lambda n: n / 100)
        if kinds == "string":
            if "pattern" in schema:
                return st.from_regex(_python_regex(schema["pattern"]), fullmatch=True).filter(
                    lambda s: len(s) <= schema.get("maxLength", 10**6) and not _CONTROL.search(s))
            return free_text(False, schema.get("maxLength", 200))
        if kinds == "array":
            items = self._strategy(schema["items"], base, None)
            return st.lists(items, min_size=schema.get("minItems", 0), max_size=3,
                            unique_by=_freeze if schema.get("uniqueItems") else None)
        if kinds == "object":
            required = set(schema.get("required", ()))
            props = {k: self._strategy(v, base, None) for k, v in schema["properties"].items()}
            return st.fixed_dictionaries({k: v for k, v in props.items() if k in required},
                                         optional={k: v for k, v in props.items() if k not in required})
        raise ValueError(f"no strategy for {schema}")


def _python_regex(pattern: str) -> str:
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


def _freeze(value: Any) -> Any:
    return json.dumps(value, sort_keys=True)


#: characters the loader accepts in a value: no controls, separators, bidi overrides or surrogates
_ALPHABET = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"),
                          blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def free_text(one_line: bool, max_length: int) -> st.SearchStrategy[str]:
    """Text as a contributor may write it: any printable characters, Markdown and HTML included; not blank."""
    chars = _ALPHABET | st.sampled_from(list("<>&\"'`*_[](){}|#!~^=%:\\-+. ") + ([] if one_line else ["\n"]))
    return st.text(chars, min_size=1, max_size=min(max_length, 60)).filter(lambda s: s.strip() != "")


@st.composite
def partial_dates(draw: Callable[..., Any]) -> str:
    day = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)))  # never after the build year
    return day.isoformat()[: draw(st.sampled_from([4, 7, 10]))]


# -- cross-file consistency -----------------------------------------------------------------------------------
IDENTIFIERS = ("DOI", "PMID", "PMCID", "registry_id")
#: The one registry id generated records use: a source that has one confirms it for the studies citing it.
REGISTRY_ID = "NCT04786262"
VERIFIABLE = ("title", "author", "container-title", "publisher", "issued", "volume", "issue", "page", *IDENTIFIERS, "URL")


def _recite(value: Any, source_id: str) -> Any:
    if isinstance(value, dict):
        return {k: ([source_id] if k == "cite" else _recite(v, source_id)) for k, v in value.items()}
    if isinstance(value, list):
        return [_recite(v, source_id) for v in value]
    return value


def consistent(kind: str, record: dict[str, Any], record_id: str, source: str, therapy: str, study: str,
               context_source: str | None = None) -> dict[str, Any]:
    """`record` rewritten to refer only to the given records and to pass every cross-file rule.

    A claim's context must cite a source other than its evidence: `context_source`, or the context is left out.
    """
    data = _recite(dict(record), source)
    data["id"] = record_id
    if kind == "sources":
        if data.get("registry_id") is not None:
            data["registry_id"] = REGISTRY_ID
        data["verified"] = [f for f in VERIFIABLE if data.get(f) is not None]
    if kind == "sources" and isinstance(data.get("DOI"), str) and trailing_punctuation(data["DOI"]):
        data["DOI"] += "0"
    if kind == "studies":
        data["therapy"] = therapy
        data["design"], data["control"] = "single-arm", "none"
        if data.get("registry_ids"):  # confirmed by the cited source (registry-id-unconfirmed)
            data["registry_ids"] = [REGISTRY_ID]
        _plausible(data)
    if kind == "exclusions":  # a further report of the given study: it may share that study's registration
        data["reason"], data["study"] = "same-trial", study
    if kind == "approvals" and data.get("therapy") is not None:
        data["therapy"] = therapy
    if kind == "claims":
        if context_source is None:
            data.pop("context", None)  # its source would also be the evidence (claim-evidence-context)
        elif "context" in data:
            data["context"]["cite"] = [context_source]
        if "studies" in data:
            data["studies"] = [study] if data["studies"] else []
    if kind == "sources" and data.get("quality") == "low":
        data["quality"] = "secondary"  # claims may cite it as evidence
    if kind == "glossary" and "see_also" in data:
        data["see_also"] = [record_id] if data["see_also"] else []
    return data


def _plausible(study: dict[str, Any]) -> None:
    """A study rewritten to pass macros/checks/plausible.py and dates.py: deaths at most the participants, a
    follow-up under a century, one key outcome, published no earlier than started."""
    harms, participants, follow_up = study.get("adverse_events"), study.get("participants"), study.get("follow_up")
    if harms and harms.get("deaths") is not None and participants:
        harms["deaths"] = min(harms["deaths"], participants["value"])
    if follow_up:
        follow_up["value"] = min(follow_up["value"], MAX_MONTHS / MONTHS_PER[follow_up["unit"]] // 1)
    keys = [o for o in study.get("outcomes", []) if o.get("key")]
    for outcome in keys[1:]:
        outcome["key"] = False
    if study.get("started") and study.get("published"):
        study["started"], study["published"] = sorted((study["started"], study["published"]))


class _Dumper(yaml.SafeDumper):
    """PyYAML's writer, quoting also the YAML 1.1 spellings it leaves plain (y, n) that the loader refuses."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if value in ("y", "Y", "n", "N") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def modeline_yaml(kind: str, data: Any) -> str:
    """The record as a content file: the modeline, then YAML that the loader reads back unchanged."""
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n" + yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


