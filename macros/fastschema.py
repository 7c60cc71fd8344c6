"""A fast yes/no answer to "is this record valid?", compiled once per schema into plain Python closures.

`jsonschema` walks the schema for every record (resolving each `$ref` on the way) and is several times slower than
loading the YAML. Most records are valid, so validate.py asks this module first and runs `jsonschema` (for its
error messages) only on the records it rejects. The answer must be exactly jsonschema's: each keyword below follows
the Draft 2020-12 semantics that `jsonschema` implements (with the caller's `pattern` dialect), using its own
equality and uniqueness helpers, and a
schema that uses any keyword not listed here is not compiled at all (`Unsupported`), so its records always go
through `jsonschema`. tests/test_fastschema.py compares the two on every keyword and on generated records.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import FormatChecker
from jsonschema._utils import equal, uniq  # jsonschema's own semantics (bool is not 1, 1.0 equals 1)

Check = Callable[[Any], bool]

#: keywords that never affect validity
ANNOTATIONS = frozenset({"$schema", "$comment", "$defs", "title", "description", "examples", "default",
                         "deprecated", "readOnly", "writeOnly"})


class Unsupported(ValueError):
    """The schema uses something this compiler does not implement: use jsonschema for it."""


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


TYPES: dict[str, Check] = {
    "null": lambda x: x is None,
    "boolean": lambda x: isinstance(x, bool),
    "integer": lambda x: (isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()),
    "number": _is_number,
    "string": lambda x: isinstance(x, str),
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
}


def _always(x: Any) -> bool:
    return True


def _never(x: Any) -> bool:
    return False


class Compiler:
    """Compiles the schemas of one registry (file name -> schema); `$ref`s resolve by file name and JSON pointer."""

    def __init__(self, schemas: Mapping[str, Any], format_checker: FormatChecker,
                 regex: Callable[[str], re.Pattern[str]] = re.compile) -> None:
        self._schemas = schemas
        self._formats = format_checker
        self._regex = regex  #: how the validator compiles `pattern` (validate.py gives `$` its ECMA-262 meaning)
        self._done: dict[tuple[str, str], Check] = {}
        self._busy: set[tuple[str, str]] = set()

    def compile(self, name: str) -> Check:
        """The validity test of schema file `name`."""
        return self._ref(name, "")

    def _ref(self, document: str, pointer: str) -> Check:
        key = (document, pointer)
        if key in self._done:
            return self._done[key]
        if key in self._busy:
            raise Unsupported(f"recursive $ref {document}#{pointer}")
        if document not in self._schemas:
            raise Unsupported(f"$ref to unknown schema {document!r}")
        target: Any = self._schemas[document]
        for part in pointer.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, list):
                target = target[int(part)]
            elif isinstance(target, dict) and part in target:
                target = target[part]
            else:
                raise Unsupported(f"$ref {document}#{pointer} points nowhere")
        self._busy.add(key)
        try:
            check = self._schema(target, document)
        finally:
            self._busy.discard(key)
        self._done[key] = check
        return check

    def _schema(self, schema: Any, document: str) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"schema of type {type(schema).__name__}")
        checks = [self._keyword(keyword, value, schema, document)
                  for keyword, value in schema.items() if keyword not in ANNOTATIONS]
        checks = [c for c in checks if c is not _always]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]

        def all_of(x: Any) -> bool:
            for check in checks:
                if not check(x):
                    return False
            return True

        return all_of

    def _keyword(self, keyword: str, value: Any, schema: dict[str, Any], document: str) -> Check:
        sub = self._schema
        if keyword == "$ref":
            if not isinstance(value, str):
                raise Unsupported("$ref must be a string")
            target, _, pointer = value.partition("#")
            if pointer and not pointer.startswith("/"):
                raise Unsupported(f"$ref {value!r} uses an anchor")
            return self._ref(target or document, pointer)
        if keyword == "type":
            names = [value] if isinstance(value, str) else list(value)
            tests = [TYPES[n] for n in names]
            if len(tests) == 1:
                return tests[0]
            return lambda x: any(t(x) for t in tests)
        if keyword == "enum":
            allowed = list(value)
            return lambda x: any(equal(x, each) for each in allowed)
        if keyword == "const":
            return lambda x: equal(x, value)
        if keyword == "pattern":
            search = self._regex(value).search
            return lambda x: not isinstance(x, str) or search(x) is not None
        if keyword == "format":
            conforms = self._formats.conforms
            return lambda x: conforms(x, value)
        if keyword in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
            kind = {"L": str, "I": list, "P": dict}[keyword[3]]
            limit = value
            if keyword.startswith("min"):
                return lambda x: not isinstance(x, kind) or len(x) >= limit
            return lambda x: not isinstance(x, kind) or len(x) <= limit
        if keyword == "minimum":
            return lambda x: not _is_number(x) or x >= value
        if keyword == "maximum":
            return lambda x: not _is_number(x) or x <= value
        if keyword == "exclusiveMinimum":
            return lambda x: not _is_number(x) or x > value
        if keyword == "exclusiveMaximum":
            return lambda x: not _is_number(x) or x < value
        if keyword == "uniqueItems":
            return (lambda x: not isinstance(x, list) or uniq(x)) if value else _always
        if keyword == "required":
            names = list(value)
            return lambda x: not isinstance(x, dict) or all(n in x for n in names)
        if keyword == "properties":
            fields = [(name, sub(s, document)) for name, s in value.items()]

            def properties(x: Any) -> bool:
                if isinstance(x, dict):
                    for name, check in fields:
                        if name in x and not check(x[name]):
                            return False
                return True

            return properties
        if keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise Unsupported("patternProperties")
            known = frozenset(schema.get("properties", ()))
            check = sub(value, document)
            if check is _never:
                return lambda x: not isinstance(x, dict) or all(k in known for k in x)
            return lambda x: not isinstance(x, dict) or all(check(v) for k, v in x.items() if k not in known)
        if keyword == "items":
            if "prefixItems" in schema:
                raise Unsupported("prefixItems")
            check = sub(value, document)
            return lambda x: not isinstance(x, list) or all(check(item) for item in x)
        if keyword in ("oneOf", "anyOf", "allOf"):
            branches = [sub(s, document) for s in value]
            if keyword == "allOf":
                return lambda x: all(b(x) for b in branches)
            if keyword == "anyOf":
                return lambda x: any(b(x) for b in branches)
            return lambda x: sum(1 for b in branches if b(x)) == 1
        if keyword == "not":
            check = sub(value, document)
            return lambda x: not check(x)
        if keyword == "if":
            test = sub(value, document)
            then, otherwise = (sub(schema.get(k, True), document) for k in ("then", "else"))
            return lambda x: then(x) if test(x) else otherwise(x)
        if keyword in ("then", "else"):
            return _always  # applied by "if"; without an "if" they have no effect
        raise Unsupported(f"keyword {keyword!r}")
