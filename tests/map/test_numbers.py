import pytest

from extractor.numbers import parse_cell


@pytest.mark.parametrize(
    ("raw", "value", "note"),
    [
        ("\u30003", 3, None),
        ("１２", 12, None),
        ("1,234", 1234, None),
        ("1 362", 1362, None),
        ("96171.6", 96171.6, None),
        ("7730.28万元", 7730.28, None),
        ("22（其中修订16件）", 22, "(其中修订16件)"),
        ("+3", 3, None),
        ("-2", -2, None),
        ("15件", 15, None),
    ],
)
def test_numbers_are_read(raw: str, value: float, note: str | None) -> None:
    parsed = parse_cell(raw)
    assert parsed is not None
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert parsed.note == note


@pytest.mark.parametrize("raw", ["", " ", "—", "/", "-"])
def test_blank_is_none_not_zero(raw: str) -> None:
    parsed = parse_cell(raw)
    assert parsed is not None and parsed.value is None


@pytest.mark.parametrize("raw", ["1.属于国家秘密", "三安全一稳定", "2. 重复申请", "总计"])
def test_labels_are_not_numbers(raw: str) -> None:
    assert parse_cell(raw) is None
