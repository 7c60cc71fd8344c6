"""The committed query (registry/query.yaml): condition and intervention terms, and the page size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RegistryError

QUERY_FILE = Path("registry") / "query.yaml"
MAX_PAGE_SIZE = 1000  #: the API's limit


@dataclass(frozen=True)
class Query:
    conditions: tuple[str, ...]
    interventions: tuple[str, ...]
    page_size: int

    def params(self) -> dict[str, str]:
        """The search parameters of API v2: each term quoted, the terms of one field joined with OR."""
        return {"query.cond": _any_of(self.conditions), "query.intr": _any_of(self.interventions)}


def _any_of(terms: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"


def load_query(root: Path) -> Query:
    """Read and check root/registry/query.yaml."""
    path = root / QUERY_FILE
    hint = f"{QUERY_FILE} holds `conditions` and `interventions` (lists of terms) and `page_size` (1-1000)."
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise RegistryError(f"{QUERY_FILE}: cannot be read: {err}", hint) from None
    if not isinstance(data, dict) or set(data) != {"conditions", "interventions", "page_size"}:
        raise RegistryError(f"{QUERY_FILE}: expected exactly the keys conditions, interventions, page_size", hint)
    terms = {}
    for key in ("conditions", "interventions"):
        value = data[key]
        if not isinstance(value, list) or not value or not all(_is_term(t) for t in value):
            raise RegistryError(f"{QUERY_FILE}: {key} must be a non-empty list of terms without quotes", hint)
        terms[key] = tuple(value)
    size = data["page_size"]
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise RegistryError(f"{QUERY_FILE}: page_size must be a whole number from 1 to {MAX_PAGE_SIZE}", hint)
    return Query(terms["conditions"], terms["interventions"], size)


def _is_term(term: object) -> bool:
    return isinstance(term, str) and bool(term.strip()) and '"' not in term and term == term.strip()
