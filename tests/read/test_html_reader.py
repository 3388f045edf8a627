"""The HTML reader: one test per hazard of real government pages, and whole samples as pages."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from extractor.errors import NotAReport
from extractor.layout import Document
from extractor.limits import MAX_TABLE_NESTING
from extractor.pipeline import extract, to_json
from extractor.readers.dispatch import Format, detect
from extractor.readers.docx_reader import read_docx
from extractor.readers.html import read_html
from extractor.readers.html.encoding import decode_html
from extractor.warning_codes import WarningCode

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.docx"))


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def _read(tmp_path: Path, page: str | bytes, name: str = "page.html") -> Document:
    path = tmp_path / name
    path.write_bytes(page.encode("utf-8") if isinstance(page, str) else page)
    return read_html(path)


def _texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


# ---------------------------------------------------------------- encoding

# 镕 and 珺 are GBK characters outside GB2312: a "gb2312" page that uses them must still decode.
GBK_ONLY = "朱镕基与王珺"


def test_gbk_page_labelled_gb2312_decodes(tmp_path: Path) -> None:
    page = _page(f"<p>{GBK_ONLY}</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    doc = _read(tmp_path, page.encode("gbk"))
    assert _texts(doc) == [GBK_ONLY]
    assert doc.warnings == []


@pytest.mark.parametrize("meta", ['<meta charset="GBK">', "<meta charset=gb18030>"])
def test_meta_charset_decides(meta: str) -> None:
    text, warnings = decode_html(_page("<p>政府信息公开</p>", head=meta).encode("gb18030"))
    assert "政府信息公开" in text and warnings == []


def test_undeclared_gbk_falls_back_to_gb18030() -> None:
    text, _ = decode_html(_page(f"<p>{GBK_ONLY}</p>").encode("gbk"))
    assert GBK_ONLY in text


def test_bom_wins_over_meta() -> None:
    page = _page("<p>年度报告</p>", head='<meta charset="gb2312">')
    text, _ = decode_html(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert "年度报告" in text


def test_utf8_page_with_a_stale_gb2312_label_is_utf8() -> None:
    page = _page("<p>年度报告</p>", head='<meta charset="gb2312">')
    text, _ = decode_html(page.encode("utf-8"))
    assert "年度报告" in text


def test_broken_bytes_are_replaced_with_a_warning() -> None:
    text, warnings = decode_html(_page("<p>ab</p>").encode("utf-8") + b"\xff\xfe\xff")
    assert "\ufffd" in text or warnings == []  # gb18030 rejects 0xFF: replaced, and said
    if "\ufffd" in text:
        assert [w.code for w in warnings] == [WarningCode.DECODE_REPLACED]


# ---------------------------------------------------------------- the article and its chrome

CHROME = """
<div class="header"><div class="logo">淄博市人民政府门户网站</div></div>
<ul class="main-nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul>
<div class="wza-toolbar">无障碍 长者版</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
"""
FOOTER = """
<div class="bdsharebuttonbox">分享到：微信 微博</div>
<div class="xglj">相关链接 <a href="/a">2023年度报告</a></div>
<div id="ft">主办单位：淄博市人民政府办公室 网站标识码：3703000001 鲁ICP备05006397号</div>
<script>var report = "不是报告";</script><style>.x{content:"样式"}</style>
"""


def test_chrome_is_removed_and_the_article_kept(tmp_path: Path) -> None:
    body = (
        CHROME
        + '<div class="main"><h1>某局2024年政府信息公开工作年度报告</h1><div class="info">发布日期：2025-01-20</div>'
        + '<div class="TRS_Editor"><p>一、总体情况</p><p>'
        + "本机关认真贯彻落实条例。" * 20
        + "</p></div></div>"
        + FOOTER
    )
    texts = _texts(_read(tmp_path, _page(body)))
    assert texts[0] == "某局2024年政府信息公开工作年度报告"
    assert "一、总体情况" in texts
    joined = "".join(texts)
    for chrome in ("首页", "无障碍", "当前位置", "分享到", "相关链接", "主办单位", "不是报告", "样式", "门户网站"):
        assert chrome not in joined, chrome


def test_headings_paragraphs_and_br_lines_in_order(tmp_path: Path) -> None:
    body = "<h2>一、总体情况</h2><p>第一段</p><div>第二段<br>第三段<span>续</span></div><p>&nbsp;</p>"
    doc = _read(tmp_path, _page(body))
    assert _texts(doc) == ["一、总体情况", "第一段", "第二段", "第三段续"]
    assert [p.heading for p in doc.paragraphs] == [True, False, False, False]


# ---------------------------------------------------------------- tables

def test_rowspan_and_colspan_make_a_true_grid(tmp_path: Path) -> None:
    table = """<table>
      <tr><th rowspan="2">信息内容</th><th colspan="2">申请人情况</th><th rowspan="2">总计</th></tr>
      <tr><th>自然人</th><th>商业企业</th></tr>
      <tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>
    </table>"""
    (t,) = _read(tmp_path, _page(table)).tables
    placed = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in t.cells]
    assert placed == [
        ("信息内容", 0, 0, 2, 1), ("申请人情况", 0, 1, 1, 2), ("总计", 0, 3, 2, 1),
        ("自然人", 1, 1, 1, 1), ("商业企业", 1, 2, 1, 1),
        ("规章", 2, 0, 1, 1), ("1", 2, 1, 1, 1), ("2", 2, 2, 1, 1), ("3", 2, 3, 1, 1),
    ]


def test_rowspan_past_the_table_and_zero_end_with_it(tmp_path: Path) -> None:
    table = '<table><tr><td rowspan="999999">a</td><td>b</td></tr><tr><td rowspan="0">c</td></tr></table>'
    (t,) = _read(tmp_path, _page(table)).tables
    assert [(c.text, c.row, c.col, c.rowspan) for c in t.cells] == [("a", 0, 0, 2), ("b", 0, 1, 1), ("c", 1, 1, 1)]


def test_huge_colspan_is_clamped_with_a_warning(tmp_path: Path) -> None:
    doc = _read(tmp_path, _page('<table><tr><td colspan="100000">a</td><td>1</td></tr></table>'))
    assert [(c.col, c.colspan) for c in doc.tables[0].cells] == [(0, 1), (1, 1)]
    assert [w.code for w in doc.warnings] == [WarningCode.SPAN_CLAMPED]


def test_a_span_too_wide_is_narrowed_so_the_columns_after_it_stay_in_place(tmp_path: Path) -> None:
    """A header cell claiming one column too many would push 总计 over the wrong column."""
    table = """<table>
      <tr><th>信息内容</th><th colspan="3">申请人情况</th><th>总计</th></tr>
      <tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>
      <tr><td>规范性文件</td><td>4</td><td>5</td><td>9</td></tr>
    </table>"""
    doc = _read(tmp_path, _page(table))
    (t,) = doc.tables
    assert [(c.text, c.col, c.colspan) for c in t.rows()[0]] == [("信息内容", 0, 1), ("申请人情况", 1, 2), ("总计", 3, 1)]
    assert [w.code for w in doc.warnings] == [WarningCode.SPAN_REPAIRED]
    assert "row(s) 1" in doc.warnings[0].message


def test_a_last_span_too_short_is_widened_to_the_edge(tmp_path: Path) -> None:
    table = """<table>
      <tr><th rowspan="2">信息内容</th><th colspan="2">申请人情况</th></tr>
      <tr><th>自然人</th><th>法人</th><th>总计</th></tr>
      <tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>
    </table>"""
    doc = _read(tmp_path, _page(table))
    (t,) = doc.tables
    assert [(c.text, c.col, c.colspan) for c in t.rows()[0]] == [("信息内容", 0, 1), ("申请人情况", 1, 3)]
    assert [w.code for w in doc.warnings] == [WarningCode.SPAN_REPAIRED]


def test_rows_that_end_early_or_add_up_are_left_alone(tmp_path: Path) -> None:
    table = """<table>
      <tr><th>信息内容</th><th colspan="2">本年处理决定数量</th></tr>
      <tr><td>行政许可</td><td>5</td></tr>
      <tr><td>规章</td><td>1</td><td>2</td></tr>
      <tr><td>规范性文件</td><td>4</td><td>5</td></tr>
    </table>"""
    doc = _read(tmp_path, _page(table))
    (t,) = doc.tables
    assert [[(c.col, c.colspan) for c in row] for row in t.rows()] == [
        [(0, 1), (1, 2)], [(0, 1), (1, 1)], [(0, 1), (1, 1), (2, 1)], [(0, 1), (1, 1), (2, 1)]
    ]
    assert doc.warnings == []


def test_nbsp_and_full_width_spaces_are_blank(tmp_path: Path) -> None:
    row = "<tr><td>&nbsp;</td><td>\u3000</td><td>&nbsp;12&nbsp;</td><td><p>&nbsp;</p></td></tr>"
    (t,) = _read(tmp_path, _page(f"<table>{row}{row}</table>")).tables
    assert [c.text for c in t.rows()[0]] == ["", "", "12", ""]


def test_br_and_p_in_a_cell_are_line_breaks_and_spans_are_joined(tmp_path: Path) -> None:
    row = (
        "<tr><td>信访举报<br/>投诉类申请</td><td><p>Word</p><p>copy</p></td>"
        "<td><span>1</span><span>2</span><span>3</span></td></tr>"
    )
    (t,) = _read(tmp_path, _page(f"<table>{row}{row}</table>")).tables
    assert [c.text for c in t.rows()[0]] == ["信访举报投诉类申请", "Word copy", "123"]


def test_a_layout_table_around_the_article_is_unwrapped(tmp_path: Path) -> None:
    data = "<table><tr><td>规章</td><td>0</td></tr><tr><td>行政许可</td><td>5</td></tr></table>"
    page = _page(
        "<table width='100%'><tr><td><p>一、总体情况</p><p>"
        + "正文。" * 200
        + f"</p>{data}<p>二、结尾</p></td></tr></table>"
    )
    doc = _read(tmp_path, page)
    assert len(doc.tables) == 1 and doc.tables[0].row_texts() == [["规章", "0"], ["行政许可", "5"]]
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]


def test_a_caption_is_read_before_its_table(tmp_path: Path) -> None:
    table = "<table><caption>表一 主动公开</caption><tr><td>规章</td><td>1</td></tr><tr><td>行政许可</td><td>2</td></tr></table>"
    doc = _read(tmp_path, _page("<p>二、主动公开政府信息情况</p>" + table))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table"]
    assert _texts(doc) == ["二、主动公开政府信息情况", "表一主动公开"]


def test_what_a_browser_hides_is_not_read(tmp_path: Path) -> None:
    """A hidden second copy of the table (print version), hidden widgets and Word's hidden
    text are not report content; a style that merely mentions "none" is."""
    table = "<table><tr><td>规章</td><td>{}</td></tr><tr><td>行政许可</td><td>2</td></tr></table>"
    body = (
        "<p>一、总体情况<span style='display:none;mso-hide:all'>隐藏</span></p>"
        + table.format(1)
        + f"<div style='DISPLAY: none'>{table.format(9)}</div><div hidden>分享</div>"
        + "<p style='border:none;text-decoration: none'>看得见</p>"
        + "<p style='visibility:hidden !important'>看不见</p>"
    )
    doc = _read(tmp_path, _page(body))
    assert [t.row_texts() for t in doc.tables] == [[["规章", "1"], ["行政许可", "2"]]]
    assert _texts(doc) == ["一、总体情况", "看得见"]


def test_tables_nested_too_deep_are_not_read(tmp_path: Path) -> None:
    inner = "<table><tr><td>x</td><td>1</td></tr><tr><td>y</td><td>2</td></tr></table>"
    for _ in range(MAX_TABLE_NESTING + 2):
        inner = f"<table><tr><td>a</td><td>{inner}</td></tr><tr><td>b</td><td>c</td></tr></table>"
    # Text beside the tables keeps the article at <body>, so the reader walks every level.
    doc = _read(tmp_path, _page("<p>" + "正文。" * 200 + "</p>" + inner))
    assert WarningCode.NESTING_LIMIT in [w.code for w in doc.warnings]
    assert all(t.row_texts() != [["x", "1"], ["y", "2"]] for t in doc.tables)  # the deepest is not read


def test_elements_nested_past_the_parsers_limit_are_said_not_dropped(tmp_path: Path) -> None:
    """libxml2 stops at 256 levels: the page is read up to there, and a warning says so."""
    page = _page("<p>一、总体情况</p>" + "<div>" * 5000 + "深处" + "</div>" * 5000 + "<p>二、结尾</p>")
    doc = _read(tmp_path, page)
    assert _texts(doc)[0] == "一、总体情况"
    assert [w.code for w in doc.warnings] == [WarningCode.NESTING_LIMIT]


def test_nothing_is_fetched(tmp_path: Path) -> None:
    """A page full of references (DTD, entity, scripts, styles, images, frames, a meta
    refresh) to a real server on loopback: reading it makes no request at all."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<!ENTITY x 'fetched'>")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = (
            f'<!DOCTYPE html SYSTEM "{url}/page.dtd">'
            f'<html><head><link rel="stylesheet" href="{url}/s.css"><script src="{url}/s.js"></script>'
            f'<meta http-equiv="refresh" content="0;url={url}/next"></head><body>'
            f'<iframe src="{url}/frame"></iframe><img src="{url}/i.png"><object data="{url}/o.swf"></object>'
            f'<p>一、总体情况 &x;</p><table><tr><td style="background:url({url}/bg.png)">规章</td><td>1</td></tr>'
            "<tr><td>行政许可</td><td>2</td></tr></table></body></html>"
        )
        doc = _read(tmp_path, page)
        assert doc.tables and "一、总体情况" in _texts(doc)[0]
        import urllib.request

        urllib.request.urlopen(f"{url}/control", timeout=10).read()  # the server does count requests
        assert hits == ["/control"]
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- format detection and outcome

def test_html_is_sniffed_whatever_its_name(tmp_path: Path) -> None:
    saved = tmp_path / "report.txt"
    saved.write_bytes(b"\xef\xbb\xbf<!-- saved from url=(0040)http://x/ -->\n<!DOCTYPE html><html></html>")
    fmt, warnings = detect(saved)
    assert fmt is Format.HTML and [w.code for w in warnings] == [WarningCode.EXTENSION_MISMATCH]
    fragment = tmp_path / "article.shtml"
    fragment.write_text("<div><p>正文</p></div>", encoding="utf-8")
    assert detect(fragment) == (Format.HTML, [])
    markdown = tmp_path / "notes.md"
    markdown.write_text("# 标题\n\n一行<br>两行\n", encoding="utf-8")
    assert detect(markdown)[0] is Format.MD


def test_a_page_that_only_links_to_the_report_is_not_a_report(tmp_path: Path) -> None:
    page = _page(
        CHROME
        + "<div class='article'><h1>某局2024年政府信息公开工作年度报告</h1>"
        + "<p>附件：<a href='/upload/2025/report.pdf'>2024年度报告.pdf</a></p></div>"
        + FOOTER
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(NotAReport, match=r"/upload/2025/report\.pdf"):
        extract(path)


# ---------------------------------------------------------------- whole samples as pages
# Every sample page (LibreOffice export .html, pasted from Word .htm, CMS .shtml) is checked
# field by field against its expected JSON in tests/corpus/test_evaluation.py.


@pytest.mark.parametrize("stem", STEMS)
def test_sample_pages_are_what_their_generator_makes(tmp_path: Path, stem: str) -> None:
    """The committed Word and CMS pages are rebuilt from the committed DOCX byte for byte, so
    the samples and scripts/samples/html_pages.py cannot drift apart."""
    from scripts.make_samples import write_pages

    (tmp_path / "expected").mkdir()
    for name in STEMS:
        shutil.copy(SAMPLES / f"{name}.docx", tmp_path)
        shutil.copy(SAMPLES / "expected" / f"{name}.docx.json", tmp_path / "expected")
    write_pages(tmp_path)
    for suffix in (".htm", ".shtml"):
        assert (tmp_path / f"{stem}{suffix}").read_bytes() == (SAMPLES / f"{stem}{suffix}").read_bytes()
        assert (tmp_path / "expected" / f"{stem}{suffix}.json").read_bytes() == (
            SAMPLES / "expected" / f"{stem}{suffix}.json"
        ).read_bytes()


def test_provenance_names_table_row_and_column_instead_of_a_box(tmp_path: Path) -> None:
    """Contract additions: an HTML value's provenance is its table's index on the page and the
    cell's grid position; no bbox key. Checked against the grid the page itself was built from."""
    docx = SAMPLES / f"{STEMS[0]}.docx"
    data = json.loads(to_json(extract(SAMPLES / f"{STEMS[0]}.shtml")))
    assert data["source"]["format"] == "html"
    tables = read_docx(docx).tables
    entries = list(data["provenance"].values())
    assert entries
    for where in entries:
        assert "bbox" not in where
        cell = next(
            c for c in tables[where["table"]].cells if (c.row, c.col) == (where["row"], where["col"])
        )
        assert "".join(cell.text.split()) == "".join(where["raw"].split())


@pytest.mark.parametrize(
    ("line", "expected"),
    [("发布日期：2025-01-20", "2025-01-20"), ("发布时间: 2024年3月5日 10:32", "2024-03-05"),
     ("发布日期：２０２５／１／２", "2025-01-02"), ("浏览次数：120", None), ("发布日期：2025-13-01", None)],
)
def test_the_page_date_line_stands_in_for_a_missing_report_date(tmp_path: Path, line: str, expected: str | None) -> None:
    body = (
        f"<div class='xxgk_info'>索引号：113703 {html.escape(line)}</div><div class='TRS_Editor'>"
        "<p>某某市交通运输局2024年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度，我局认真贯彻落实条例。</p>"
        "</div>"
    )
    page = tmp_path / "p.html"
    page.write_text(_page(body), encoding="utf-8")
    assert read_html(page).published == expected


@pytest.mark.parametrize("suffix", [".shtml", ".htm"])
def test_the_reports_own_date_line_wins_over_the_page_date(suffix: str) -> None:
    """Sample 004 ends with its own date line; its pages' meta lines say 2024-01-20. A sample
    without a date line of its own (000) takes its page's date (2025-01-20)."""
    dated, undated = "004_panzhihua_guofang_2023", "000_zibo_guofang_2024"
    own = json.loads(to_json(extract(SAMPLES / f"{dated}.docx")))["report"]["published_on"]
    assert own is not None and own != "2024-01-20"
    for stem, expected in ((dated, own), (undated, "2025-01-20")):
        assert json.loads(to_json(extract(SAMPLES / f"{stem}{suffix}")))["report"]["published_on"] == expected
