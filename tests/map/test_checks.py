"""The 勾稽 checks on incomplete tables: a missing term skips a check, unless the printed
terms already contradict it (every term is a count: the missing ones can only add)."""

from __future__ import annotations

from extractor.checks import review_checks


def _block(**values: int | None) -> dict[str, dict[str, int | None]]:
    base = dict.fromkeys(("upheld", "corrected", "other", "pending", "total"))
    return {"review": {**base, **values}}


def _status(checks, rule: str) -> str:
    return next(c.status for c in checks if c.rule == rule)


def test_complete_block_passes_or_fails_on_its_sum() -> None:
    assert _status(review_checks(_block(upheld=1, corrected=2, other=0, pending=0, total=3)), "review_litigation.review") == "pass"
    assert _status(review_checks(_block(upheld=1, corrected=2, other=0, pending=0, total=4)), "review_litigation.review") == "fail"


def test_missing_term_skips_unless_the_printed_ones_exceed_the_total() -> None:
    # 1 + 2 + ? + 0 could be 3: nothing to say.
    assert _status(review_checks(_block(upheld=1, corrected=2, pending=0, total=3)), "review_litigation.review") == "skipped"
    # 1 + 20 + ? + 0 is already past 3: a misread (a scan's "2" read as "20") is pointed at.
    checks = review_checks(_block(upheld=1, corrected=20, pending=0, total=3))
    failed = next(c for c in checks if c.rule == "review_litigation.review")
    assert failed.status == "fail"
    assert "even without other" in failed.message
    assert failed.details["fields"] == ["upheld", "corrected", "pending", "total"]
    # The total missing: the parts alone say nothing.
    assert _status(review_checks(_block(upheld=1, corrected=20, other=0, pending=0)), "review_litigation.review") == "skipped"
