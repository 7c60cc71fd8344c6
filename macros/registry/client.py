"""ClinicalTrials.gov API v2: `GET /api/v2/studies`, followed page by page through `nextPageToken`.

Every response is checked before it is used: HTTP status, JSON, the shape of a page, a token that repeats. Each
page is kept as received (`Page.body`) for the run's snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from .errors import RegistryError

API = "https://clinicaltrials.gov/api/v2/studies"
TIMEOUT_SECONDS = 60
MAX_PAGES = 200  #: a run that pages further than this is looping
_RERUN = "Run `make registry` again; if it fails the same way, the API may have changed: compare with its documentation."


@dataclass(frozen=True)
class Page:
    number: int  #: 1-based, counted over the whole run
    purpose: str  #: what the page was fetched for (listing, updated, added)
    params: Mapping[str, str]
    body: bytes  #: the response exactly as received
    studies: tuple[Mapping[str, Any], ...]
    next_token: str | None


class Pager:
    """Fetches pages for one run and numbers them across its passes."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.pages: list[Page] = []

    def fetch_all(self, purpose: str, params: Mapping[str, str]) -> Iterator[Page]:
        """Every page of one search, following `nextPageToken` until it is absent."""
        token: str | None = None
        seen: set[str] = set()
        while True:
            number = len(self.pages) + 1
            if number > MAX_PAGES:
                raise RegistryError(f"more than {MAX_PAGES} pages", "Narrow registry/query.yaml.", number)
            query = {**params, "format": "json"} | ({"pageToken": token} if token else {})
            page = self._get(number, purpose, query, token)
            self.pages.append(page)
            yield page
            token = page.next_token
            if token is None:
                return
            if token in seen:
                raise RegistryError(
                    "broken page token: the API returned a nextPageToken it had already returned",
                    _RERUN, number)
            seen.add(token)

    def _get(self, number: int, purpose: str, query: dict[str, str], token: str | None) -> Page:
        try:
            response = self.session.get(API, params=query, timeout=TIMEOUT_SECONDS)
            body = response.content
        except requests.RequestException as err:
            raise RegistryError(f"network failure: {type(err).__name__}: {err}",
                                "Check the connection to clinicaltrials.gov and run `make registry` again.",
                                number) from None
        if response.status_code != 200:
            shown = body[:200].decode("utf-8", "replace")
            hint = ("The API refused the page token: the listing changed while paging, or the token was damaged. "
                    + _RERUN) if token and response.status_code in (400, 404) else _RERUN
            raise RegistryError(f"HTTP {response.status_code} from {API}: {shown}", hint, number)
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise RegistryError(f"malformed or truncated response ({len(body)} bytes): not JSON: {err}", _RERUN,
                                number) from None
        studies = data.get("studies") if isinstance(data, dict) else None
        if not isinstance(studies, list) or not all(isinstance(s, dict) for s in studies):
            raise RegistryError("malformed response: no `studies` list of objects", _RERUN, number)
        token_value = data.get("nextPageToken")
        if token_value is not None and (not isinstance(token_value, str) or not token_value.strip()):
            raise RegistryError(f"broken page token: nextPageToken is {token_value!r}", _RERUN, number)
        return Page(number, purpose, query, body, tuple(studies), token_value)
