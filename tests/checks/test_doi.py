import pytest

from macros.checks.doi import check

from .testing import index, record


@pytest.mark.parametrize("doi", ["10.1056/NEJMoa2506549.", "10.1/x,", "10.1/x;", "10.1/x:", "10.1/x)", "10.1/(a)b]"])
def test_trailing_punctuation(doi: str) -> None:
    found = list(check(index(record("sources", f'id: s\nDOI: "{doi}"\n'))))
    assert [(d.rule, d.line) for d in found] == [("doi-punctuation", 3)]


@pytest.mark.parametrize("doi", ["10.1056/NEJMoa2506549", "10.1016/S0140-6736(23)00001-X", "10.1002/abc(1999)",
                                 "10.1/[a]"])
def test_dois_that_end_in_their_own_characters(doi: str) -> None:
    assert list(check(index(record("sources", f'id: s\nDOI: "{doi}"\n')))) == []
