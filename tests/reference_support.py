"""Reading the BibTeX and RIS downloads back the way a reference manager would: pybtex's parser and latexcodec
for BibTeX (and the LaTeX commands macros/render/bibliography.py writes for the characters latexcodec leaves
alone), rispy's parser for RIS."""

from __future__ import annotations

import codecs
import re
from typing import Any

import latexcodec  # noqa: F401 - registers the "ulatex" codec
import rispy
from pybtex.database import BibliographyData, parse_string

#: What the writer puts for the characters LaTeX or BibTeX would read as markup (latexcodec does the rest).
COMMANDS = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textdollar{}": "$",
            r"\textasciicircum{}": "^"}
_COMMAND = re.compile("|".join(re.escape(c) for c in COMMANDS))


def read_bibtex(text: str) -> BibliographyData:
    return parse_string(text, "bibtex")


def read_ris(text: str) -> list[dict[str, Any]]:
    return rispy.loads(text)


def from_latex(value: str) -> str:
    """A BibTeX field's text as Unicode."""
    parts, end = [], 0
    for match in _COMMAND.finditer(value):
        parts += [codecs.decode(value[end:match.start()], "ulatex"), COMMANDS[match.group()]]
        end = match.end()
    return "".join([*parts, codecs.decode(value[end:], "ulatex")])


def title(entry: Any) -> str:
    """An entry's title, without the braces that keep its capitals."""
    value = entry.fields["title"]
    assert value.startswith("{") and value.endswith("}"), value
    return from_latex(value[1:-1])


def squash(text: str) -> str:
    """Text without white space, and with TeX's dash ligatures as typed: LaTeX reads `--` as a dash and eats the
    space after a command, so a round trip through LaTeX keeps every character but not every space."""
    return "".join(text.split()).replace("\u2014", "---").replace("\u2013", "--")
