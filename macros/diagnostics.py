"""Diagnostics: the closed set of rule ids, their severities and hints, and the one text format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    hint: str


_E, _W = Severity.ERROR, Severity.WARNING

#: Every rule the checker can report, in the order they are documented. Nothing outside this set is ever reported.
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # Files and YAML (macros/load.py)
        Rule("file-extension", _E, "a file in content/ that is not a .yaml file",
             "Only <kind>/<id>.yaml files belong in content/; rename .yml to .yaml or move other files out."),
        Rule("file-not-regular", _E, "a symbolic link or special file in content/",
             "Replace the link with the file itself."),
        Rule("file-empty", _E, "a file with no YAML document",
             "Fill in the record (start from an example in the data-model reference) or delete the file."),
        Rule("file-too-large", _E, "a file larger than the size limit",
             "One record per file; a record this large is almost certainly a mistake."),
        Rule("encoding", _E, "bytes that are not valid UTF-8",
             "Save the file as UTF-8."),
        Rule("encoding-bom", _E, "a byte-order mark at the start of the file",
             "Save the file as UTF-8 without a byte-order mark (BOM)."),
        Rule("yaml-control-char", _E, "a control character, invisible line separator or bidirectional override",
             "Delete the character (it often comes from copying out of a PDF or word processor) and type plain text."),
        Rule("yaml-syntax", _E, "the YAML cannot be parsed",
             "Check indentation and quoting near this line; quote text that contains ': ' or starts with a special character."),
        Rule("yaml-tab", _E, "a tab character in indentation",
             "Indent with spaces only (two per level)."),
        Rule("yaml-duplicate-key", _E, "the same key twice in one mapping",
             "Keep one of them: YAML would silently keep only the last."),
        Rule("yaml-tag", _E, "an explicit YAML tag such as !!python/object or !!str",
             "Remove the tag; write plain values (quote text if needed)."),
        Rule("yaml-anchor", _E, "a YAML anchor (&) or alias (*)",
             "Write the value out in full: anchors and aliases hide what a record says and can blow up in size."),
        Rule("yaml-ambiguous", _E, "a plain value that YAML 1.1 and YAML 1.2 read differently (yes, no, on, off, True…)",
             "Write true or false for yes/no answers, or quote the text (\"no\") if you mean the word."),
        Rule("yaml-key", _E, "a mapping key that is not plain text",
             "Keys are field names: plain words such as title or cite."),
        Rule("yaml-too-deep", _E, "nesting deeper than the depth limit",
             "No record needs this much nesting; check the indentation."),
        Rule("yaml-multi-document", _E, "more than one YAML document (---) in a file",
             "One record per file: split the file."),
        Rule("modeline", _E, "the first line is not the schema modeline for this folder",
             "Start the file with the line shown in the message so editors validate it as you type."),
        Rule("schema-missing", _E, "a file outside a folder that has a schema",
             "Put records in content/<kind>/ where <kind> has schemas/<kind>.schema.json."),
        Rule("yaml-number", _E, "a number with more digits than any plausible value has",
             "Write the number as the source gives it (at most 15 digits); quote it if it is an identifier."),
        Rule("yaml-noncharacter", _E, "a Unicode non-character or a character XML 1.0 does not allow (U+FFFE, U+FFFF, U+FDD0-U+FDEF…)",
             "Delete the character: it breaks the feed and other XML outputs, and no text needs it."),
        # The checker's own inputs (macros/pipeline.py)
        Rule("root-invalid", _E, "the folder checked is not the atlas' root (no schemas/ and no content/)",
             "Run the check from the repository root, or pass --root with the folder that holds content/ and schemas/."),
        Rule("content-missing", _E, "content/ is missing or holds no record",
             "Records live in content/<kind>/<id>.yaml; restore content/ from git (git checkout -- content)."),
        Rule("schema-file-missing", _E, "a kind the atlas needs has no schema file",
             "Restore schemas/<kind>.schema.json from git (git checkout -- schemas)."),
        Rule("schema-file-invalid", _E, "a schema that is not valid JSON or not a valid JSON Schema (an invalid pattern…)",
             "Fix the schema at the place shown; `python -m json.tool FILE` shows JSON syntax errors."),
        # JSON Schema (macros/validate.py)
        Rule("schema-required", _E, "a required field is missing",
             "Add the field; write null if nobody could confirm its value."),
        Rule("schema-unknown-field", _E, "a field that the schema does not define",
             "Check the spelling against the data-model reference; fields are never dropped silently."),
        Rule("schema-type", _E, "a value of the wrong type",
             "Quote identifiers such as PMIDs (\"40544428\"); numbers are written without quotes."),
        Rule("schema-enum", _E, "a value outside the allowed set",
             "Use one of the values listed in the message."),
        Rule("schema-pattern", _E, "a value that does not have the required form",
             "Compare with the example in the message (DOI 10.xxxx/…, PMID digits, NCT + 8 digits, ChiCTR + 10 digits, ISRCTN + 8 digits, IRCT…N…)."),
        Rule("schema-date", _E, "not a real calendar date",
             "Write YYYY, YYYY-MM or YYYY-MM-DD with a month 01-12 and a day that exists in that month."),
        Rule("schema-length", _E, "too short, too long, too few or too many items",
             "Check the limits in the data-model reference."),
        Rule("schema-range", _E, "a number outside the allowed range",
             "Counts are whole numbers from 0; durations are greater than 0."),
        Rule("schema-unique", _E, "the same item twice in a list",
             "List each item once."),
        Rule("schema-invalid", _E, "a value that matches none of the allowed shapes",
             "Compare with the examples in the data-model reference."),
        # Translatable text (macros/translations.py)
        Rule("translation-not-translatable", _E, "text per language on a field that is not translatable",
             "Write one plain value: only the fields the data-model reference marks 'translatable' take {en: ..., zh: ...}."),
        Rule("translation-missing-en", _E, "a translatable field without its English text",
             "Add 'en:' with the English text; 'zh' may be missing, 'en' may not."),
        Rule("translation-missing-zh", _W, "(--strict only) a translatable field without Chinese, in a kind whose other records are translated",
             "Write the field as en: and zh: (the data-model reference marks it 'translatable'); once a kind is translated, CI requires all of it in both languages."),
        Rule("translation-unknown-language", _E, "a language key the atlas does not have",
             "Use 'en' (English, required) and 'zh' (Chinese, optional)."),
        # Cross-file rules (macros/checks/)
        Rule("id-filename", _E, "a record's id differs from its file name",
             "Rename the file to <id>.yaml or fix the id."),
        Rule("duplicate-id", _E, "two records of one kind share an id",
             "Give each record its own id."),
        Rule("unknown-source", _E, "a citation names no source in content/sources/",
             "Add the source record first, or fix the id."),
        Rule("unknown-reference", _E, "a reference to a therapy, study or term that does not exist",
             "Fix the id or add the record it refers to."),
        Rule("identifier-unverified", _E, "an identifier (DOI, PMID, PMCID, registry id) that is not marked verified",
             "Confirm it on the publisher's page, PubMed, PMC or the registry and add it to 'verified', or set it to null."),
        Rule("verified-null", _E, "'verified' lists a field whose value is null",
             "Remove the field from 'verified', or fill it with the confirmed value."),
        Rule("registry-id-unconfirmed", _E, "a study's registry id that no source it cites confirms",
             "Cite a source whose 'registry_id' is this id and is listed in its 'verified' (the registry record, or "
             "a paper that prints the id), or remove the id."),
        Rule("claim-evidence-context", _E, "a claim cites as evidence an article that makes the claim or a low-quality source",
             "Move the source to the claim's 'context' (the articles making the claim): it cannot support its own verdict."),
        Rule("exclusion-included", _E, "a study is recorded both as included and as excluded",
             "Remove the exclusion record, or the study record, whichever is wrong."),
        Rule("id-reserved", _E, "an id that names a page the site writes by hand (index)",
             "Choose another id: a record with this id would lose its page to the listing page."),
        Rule("date-future", _E, "a date after the year the site is built",
             "Dates record what has happened; check the year (a typo such as 2099 for 2019?)."),
        Rule("date-order", _E, "a study published before it started",
             "Check 'started' and 'published' against the registry and the publication."),
        Rule("deaths-exceed-participants", _E, "more deaths than participants in a study",
             "Check both numbers against the source; deaths count participants who died."),
        Rule("duration-implausible", _E, "a follow-up longer than 100 years",
             "Check the number and its unit (days, weeks, months or years) against the source."),
        Rule("key-outcome-duplicate", _E, "more than one outcome of a study marked key",
             "Mark only the one outcome shown in summary tables with key: true."),
        Rule("doi-punctuation", _E, "a DOI that ends in punctuation",
             "Copy the DOI without the full stop or bracket that followed it in the text."),
        Rule("design-mismatch", _E, "a study's design contradicts its control group or participant count",
             "Randomised and controlled designs need a control; a case report has one participant; single-arm trials and case series have no concurrent control."),
        Rule("registration-id", _E, "a registration whose registry id does not fold to its record id",
             "The id is the registry id lowercased with other characters as '-' (NCT04786262 -> nct04786262); fix the id or the registry_id."),
        Rule("registration-status", _E, "a registration status outside its registry's vocabulary",
             "ClinicalTrials.gov statuses are the API's values (RECRUITING, COMPLETED…); other registries' as printed in English."),
        Rule("registration-verified-null", _E, "a registration's verified_fields lists a field whose value is null",
             "Remove the field from verified_fields, or fill it with the value read."),
        Rule("registration-secondary", _E, "a secondary id that is the record's own, or whose record does not name this one back",
             "Add this registry id to the other record's secondary_ids (the same trial in two registries is one trial)."),
        Rule("uncited-source", _W, "a source that nothing cites",
             "Cite it where it supports a fact, or remove it (it stays in the shared bibliography)."),
    )
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Lines and columns start at 1."""

    path: str
    line: int
    col: int
    rule: str
    message: str

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    @property
    def hint(self) -> str:
        return RULES[self.rule].hint

    def format(self) -> str:
        """`PATH:LINE:COL: [rule] message` and an indented hint line, safe to print anywhere (see `inert`)."""
        path = inert(self.path)
        if _FORGED_START.match(path):
            path = "./" + path
        return f"{path}:{self.line}:{self.col}: [{self.rule}] {inert(self.message)}\n    hint: {self.hint}"


#: What a line of output must not start with: a GitHub Actions workflow command (`::error file=…::`) or the
#: checker's own summary (`OK:`, `FAILED:`).
_FORGED_START = re.compile(r"\s*(?::|OK:|FAILED:)")


def inert(text: str) -> str:
    """`text` with every character that is not printable (controls such as ESC and CR, line breaks, bidirectional
    overrides, non-characters) written as a visible escape such as \\x1b, so no key, file name or value can move
    the cursor, colour a terminal or start a line of its own."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def is_error(diagnostic: Diagnostic, strict: bool = False) -> bool:
    """Whether a diagnostic fails a check (warnings do under --strict)."""
    return strict or diagnostic.severity is Severity.ERROR
