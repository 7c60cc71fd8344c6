"""The data-table HTML (macros/render/datatable.py): labels, sort keys and facets written for the site script."""

from __future__ import annotations

import markdown
import pytest

from macros import messages
from macros.render import datatable
from macros.render.datatable import Cell, Header, Row

HEADERS = [Header("Name"), Header("Follow-up", "number"), Header("Notes", detail=True)]


def _html(rows: list[Row], facets: dict[str, str] | None = None) -> str:
    src = datatable.render(HEADERS, rows, "Table of things", facets)
    return markdown.markdown(f'<div markdown="1">\n\n{src}\n\n</div>', extensions=["md_in_html", "footnotes"])


def test_cells_carry_labels_sort_keys_and_inline_markdown() -> None:
    out = _html([Row([Cell("[a](x.md)"), Cell("3 weeks", datatable.number_key(3 * 12 / 52.18)), Cell("*n*")],
                     {"region": ("China", "Elsewhere")})], {"region": "Region"})
    assert ('<td data-label="Name"><a href="x.md">a</a><button type="button" class="atlas-more" aria-expanded="false" '
            'title="Show this row&#39;s other columns">Details</button></td>') in out
    assert 'data-label="Follow-up" data-sort="0.68992"' in out
    assert '<td class="atlas-detail" data-label="Notes"><em>n</em></td>' in out
    assert 'data-facet-region="China|Elsewhere"' in out and 'data-facets="region"' in out
    assert '<th class="atlas-detail" data-sort-type="text" scope="col">Notes</th>' in out
    assert 'role="region"' in out and 'tabindex="0"' in out and 'aria-label="Table of things"' in out
    assert datatable.render(HEADERS, [], "t").startswith('<div class="atlas-filter" hidden></div>\n')  # the controls' place


def test_each_rows_details_button_is_written_in_the_editions_language_where_a_column_is_a_detail() -> None:
    """The button is in the HTML, so the script inserts nothing into the rows as the page starts."""
    assert "atlas-more" not in datatable.render([Header("Name")], [Row([Cell("x")])], "t")
    with messages.speaking("zh"):
        out = datatable.render(HEADERS, [Row([Cell("x"), Cell("1"), Cell("y")])] * 2, "t")
    assert out.count('<button type="button" class="atlas-more" aria-expanded="false" title="显示这一行的其他列">详情</button>') == 2


def test_unknown_sorts_by_an_empty_key() -> None:
    assert datatable.number_key(None) == "" and datatable.number_key(12) == "12"
    assert 'data-sort=""' in _html([Row([Cell("x"), Cell("unknown", ""), Cell("")])])


def test_values_from_data_are_escaped_in_attributes() -> None:
    out = datatable.render([Header('"><script>')], [Row([Cell("x", '"><b>')], {"k": ('"><i>',)})], "t", {"k": "K"})
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out


@pytest.mark.parametrize(("call", "message"), [
    (lambda: datatable.render([Header("a", "colour")], [], "t"), "sort type 'colour'"),
    (lambda: datatable.render(HEADERS, [Row([Cell("x")])], "t"), "1 cells for 3 columns"),
    (lambda: datatable.render([Header("a")], [Row([Cell("x")], {"zz": ("1",)})], "t"), "undeclared facet"),
    (lambda: datatable.render([Header("a")], [], "t", {"Bad Key": "x"}), "facet key 'Bad Key'"),
])
def test_misuse_is_an_error_that_says_what_is_wrong(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
