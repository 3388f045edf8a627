"""Text copies with a page break at any row of any table (issue 10, item 2): a page footer,
the repeated header rows, or both, between any two lines of a table lose or move no number.

The sampled sweep runs always (about 360 variants); the full one (about 12,800) is marked slow
and is also ``scripts/sweep_text_breaks.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.text_breaks import (
    BreakKind,
    Variant,
    check,
    expected_for,
    sample_cases,
    sampled_variants,
    table_spans,
    variants,
)

# Every 61st variant besides the key gaps: 61 is prime, so kinds and footer forms rotate.
SAMPLE_EVERY = 61
CASES = sample_cases()


def _mismatches(chosen: list[Variant], sample: Path, folder: Path) -> list[str]:
    expected = expected_for(sample)
    out: list[str] = []
    for variant in chosen:
        result = check(variant, expected, folder)
        out.extend(f"{variant.label}: {m}" for m in result.mismatches[:3])
    return out


def test_every_text_sample_with_expected_values_is_swept() -> None:
    assert [p.name for p in CASES] == [
        "000_zibo_guofang_2024.txt",
        "001_zibo_zfb_2024.txt",
        "002_zhoukou_guofang_2024.txt",
        "003_zibo_renfang_2020.txt",
        "004_panzhihua_guofang_2023.txt",
    ]


@pytest.mark.parametrize("sample", CASES, ids=lambda p: p.name)
def test_the_sweep_covers_each_table_and_kind(sample: Path) -> None:
    lines = sample.read_text(encoding="utf-8").split("\n")
    spans = table_spans(lines)
    assert spans and spans[0].table == "proactive_disclosure"
    # 003 and 004 are truncated copies: 003 lacks table 3's heading, 004 table 4.
    assert len(spans) == (2 if sample.name.startswith("004") else 3)
    assert all(s.start < s.data_start <= s.last_row < s.end or s.data_start == s.start for s in spans)
    chosen = list(sampled_variants(sample, SAMPLE_EVERY))
    assert {v.kind for v in chosen} == set(BreakKind)
    assert all(v.text != sample.read_text(encoding="utf-8") for v in chosen)


@pytest.mark.parametrize("sample", CASES, ids=lambda p: p.name)
def test_page_breaks_in_tables_sampled(sample: Path, tmp_path: Path) -> None:
    assert _mismatches(list(sampled_variants(sample, SAMPLE_EVERY)), sample, tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("sample", CASES, ids=lambda p: p.name)
def test_page_breaks_in_tables_full(sample: Path, tmp_path: Path) -> None:
    assert _mismatches(list(variants(sample)), sample, tmp_path) == []
