from macros.checks.claims import check

from .testing import index, record

LOW = record("sources", "id: blog\nquality: low\n")
GOOD = record("sources", "id: paper\nquality: primary\n")


def claim(cite: str, context: str = "") -> str:
    extra = f"context:\n  text: Also made here.\n  cite: [{context}]\n" if context else ""
    return f"id: c\n{extra}cite: [{cite}]\n"


def test_evidence_that_is_also_context_is_reported() -> None:
    found = list(check(index(record("claims", claim("paper, blog2", "blog2")), GOOD)))
    assert [(d.rule, d.line, d.col) for d in found] == [("claim-evidence-context", 6, 15)]


def test_low_quality_evidence_is_reported() -> None:
    found = list(check(index(record("claims", claim("blog")), LOW, GOOD)))
    assert [(d.rule, d.line) for d in found] == [("claim-evidence-context", 3)]


def test_low_quality_source_as_context_is_fine() -> None:
    assert list(check(index(record("claims", claim("paper", "blog")), LOW, GOOD))) == []
