"""The Content-Security-Policy of every built page (overrides/main.html), read without a browser: the same policy on
every page, no third-party source, and every inline script that runs is allowed by its hash (so a Material upgrade
that changes one fails here, not only in Chromium). tests/reader/test_reader_browser.py checks it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
_INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.DOTALL)


def _policy(text: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in text.split(";")) if d}


def test_every_page_has_the_one_policy_and_it_allows_its_inline_scripts(site: Path) -> None:
    policies, pages = set(), 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = _META.findall(html)
        assert len(found) == 1, page
        policies.add(found[0])
        allowed = _policy(found[0])["script-src"]
        for script in _INLINE.findall(html):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, f"{page}: inline script not in the policy: {script[:80]}"
        pages += 1
    assert pages > 50 and len(policies) == 1


def test_the_policy_allows_only_the_sites_own(site: Path) -> None:
    policy = _policy(_META.findall((site / "index.html").read_text(encoding="utf-8"))[0])
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = policy[directive]
        assert sources[0] == "'self'" and not any("unsafe" in s or "http" in s or s == "*" for s in sources), directive
    assert policy["style-src"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
