"""hooks/plain_tables.py: each Markdown table in a block of its own, so that Material's start-up restyles that block
when it wraps the table, not the whole article."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.plain_tables import wrap

TABLE = "<table>\n<thead>\n<tr><th>a</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>"


def test_each_plain_table_gets_a_block_and_classed_tables_do_not() -> None:
    engine = '<table class="atlas-table"><tr><td>2</td></tr></table>'
    html = f"<p>x</p>\n{TABLE}\n{engine}\n<p>between</p>\n{TABLE}"
    wrapped = wrap(html)
    assert wrapped == (f'<p>x</p>\n<div class="atlas-plain-table">{TABLE}</div>\n{engine}\n<p>between</p>\n'
                       f'<div class="atlas-plain-table">{TABLE}</div>')
    assert wrap("<p>no table</p>") == "<p>no table</p>"


def test_every_markdown_table_of_the_site_is_in_its_block(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if "<table>" in p.read_text(encoding="utf-8")]
    assert len(pages) > 10, "the site's Markdown tables were not found"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count("<table>") == len(re.findall(r'<div class="atlas-plain-table"><table>', text)), page
