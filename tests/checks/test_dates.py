import pytest

from macros.checks.dates import check

from .testing import index, record


def rules(kind: str, body: str, monkeypatch: pytest.MonkeyPatch, year: int = 2026) -> list[tuple[str, int]]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str((year - 1970) * 365 * 86400 + 200 * 86400))  # mid-year
    return [(d.rule, d.line) for d in check(index(record(kind, body)))]


@pytest.mark.parametrize(("kind", "body"), [
    ("studies", 'id: s\npublished: "2099"\n'),
    ("studies", 'id: s\nstarted: "2027-01-05"\n'),
    ("sources", 'id: s\nissued: "2030-02"\n'),
    ("sources", 'id: s\naccessed: "2027-12-01"\n'),
    ("approvals", 'id: s\ndate: "2100"\n'),
])
def test_dates_after_the_build_year(kind: str, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert rules(kind, body, monkeypatch) == [("date-future", 3)]


def test_the_build_year_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    body = 'id: s\npublished: "2026-12"\n'
    assert rules("studies", body, monkeypatch, year=2026) == []
    assert rules("studies", body, monkeypatch, year=2025) == [("date-future", 3)]


@pytest.mark.parametrize(("started", "published"), [("2022-03", "2021"), ("2021-05-02", "2021-05-01"), ("2020", "2019-12")])
def test_published_before_started(started: str, published: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = f'id: s\nstarted: "{started}"\npublished: "{published}"\n'
    assert rules("studies", body, monkeypatch) == [("date-order", 4)]


@pytest.mark.parametrize(("started", "published"), [("2021-03", "2021"), ("2021", "2021-01"), ("2020-01-01", "2020-01-01"),
                                                    ("2019", "2024-06")])
def test_order_compared_at_the_shared_precision(started: str, published: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = f'id: s\nstarted: "{started}"\npublished: "{published}"\n'
    assert rules("studies", body, monkeypatch) == []
