"""Encodings a hostile or damaged file may claim (issue 26): only the web's own labels are
honoured, and GBK text with a stray byte is still GBK."""

from __future__ import annotations

import pytest

from extractor.readers.html.encoding import decode_html
from extractor.readers.text_reader import TextSettings, decode_text

REPORT = "政府信息公开工作年度报告。本机关全年新收政府信息公开申请21件。" * 20


@pytest.mark.parametrize("label", ["base64", "rot13", "undefined", "hex", "zlib", "mbcs", "unicode_escape"])
def test_a_label_that_is_no_web_encoding_is_ignored(label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>{REPORT}</p></body></html>'.encode("gbk")
    text, warnings = decode_html(page)
    assert REPORT in text and warnings == []


def test_gbk_text_with_one_stray_byte_is_gbk_with_one_replacement() -> None:
    data = REPORT.encode("gbk")
    cut = len(REPORT[:50].encode("gbk"))  # between two characters, as a lost or extra byte in a copy
    damaged = data[:cut] + b"\xff" + data[cut:]
    text, warnings = decode_text(damaged, TextSettings())
    assert text.count("\ufffd") == 1 and "本机关全年新收政府信息公开申请21件" in text
    assert [w.code for w in warnings] == ["decode_replaced"] and "gb18030" in warnings[0].message
    page = b"<html><body><p>" + damaged + b"</p></body></html>"
    text, warnings = decode_html(page)
    assert text.count("\ufffd") == 1 and [w.code for w in warnings] == ["decode_replaced"]


def test_huge_spans_are_clamped_and_a_grid_too_large_is_refused(tmp_path) -> None:
    import time

    from extractor.errors import LimitExceeded
    from extractor.readers.html.reader import read_html
    from extractor.readers.html.settings import HtmlSettings

    rows = "".join(f"<tr>{'<td colspan=64 rowspan=0>1</td>' if r < 600 else '<td>2</td>'}</tr>" for r in range(6000))
    page = tmp_path / "spans.html"
    page.write_text(f"<html><body><h1>2024年政府信息公开工作年度报告</h1><table>{rows}</table></body></html>")
    start = time.perf_counter()
    document = read_html(page)
    assert time.perf_counter() - start < 10  # was 120 s and 1.9 GB (the grid was rows × 38400)
    assert [w.code for w in document.warnings].count("span_clamped") == 1
    wide = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    page.write_text(f"<html><body><table>{wide * 3000}</table></body></html>")
    with pytest.raises(LimitExceeded, match="grid cells"):
        read_html(page, settings=HtmlSettings(max_grid_cells=100_000))


def test_200k_hidden_or_chrome_elements_are_removed_in_linear_time(tmp_path) -> None:
    """Removed one by one, each hidden div or menu re-copied the text its tail joined: 200k
    hidden divs took 80 s (40k: 1.7 s), 200k menus about as long. Now about a second each."""
    import time

    from extractor.readers.html.reader import read_html

    title = "<h1>2024年政府信息公开工作年度报告</h1>"
    for run in ("<div style='display:none'>藏</div>\n", "<div hidden>藏</div>\n", "<nav>菜单</nav>\n"):
        page = tmp_path / "hidden.html"
        body = f"<div>前{'正文。' * 100}{run * 200_000}后。</div>"
        page.write_text(f"<html><body>{title}{body}</body></html>", encoding="utf-8")
        start = time.perf_counter()
        document = read_html(page)
        assert time.perf_counter() - start < 8, run
        # What was around them is kept, tails included; what they held is gone.
        assert [p.text.replace(" ", "") for p in document.paragraphs][-1] == f"前{'正文。' * 100}后。", run


def test_a_picture_declaring_too_many_pixels_is_refused_before_decoding() -> None:
    import io

    from PIL import Image

    from extractor.errors import LimitExceeded
    from extractor.readers.ocr.render import decode_image

    for side, shown in ((20000, "hundreds of millions"), (8000, "8,000 × 8,000")):
        buffer = io.BytesIO()
        Image.new("1", (side, side), 1).save(buffer, format="PNG")  # 90 KB and 23 KB files
        with pytest.raises(LimitExceeded, match=shown):
            decode_image(buffer.getvalue())
