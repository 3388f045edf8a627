"""The samples as web pages, made the ways government sites make them.

* ``<stem>.html``: LibreOffice's DOCX → HTML export (``soffice --convert-to html``), as an agency
  that saves its Word file as a web page publishes it.
* ``<stem>.htm``: the report pasted from Word into a CMS editor: ``MsoNormal`` paragraphs, ``<o:p>``,
  inline ``mso-`` styles, text cut into one ``<span>`` per script (Chinese / Latin digits), empty
  cells as ``<o:p>&nbsp;</o:p>``, Word's trailing row of empty cells for misaligned columns, inside a
  UTF-8 site page with its chrome and a ``#zoom`` article div.
* ``<stem>.shtml``: a hand-built CMS page: site chrome, a ``TRS_Editor`` article div, GBK bytes under a
  ``gb2312`` label, header rows as ``<th>``, every cell padded with ``&nbsp;``, a 发布日期 line.
* ``005_attachment_only_2024.html``: a page that holds only a link to the report as a PDF attachment.

The pages are made from the DOCX replicas through python-docx (never through the extractor), so their
tables are the replicas' tables cell for cell and the hand-checked expected JSON of the DOCX holds for
them too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

# ---------------------------------------------------------------- the DOCX as plain content


@dataclass(frozen=True)
class Para:
    text: str  # manual line breaks as "\n"
    bold: bool
    centered: bool


@dataclass(frozen=True)
class WCell:
    lines: tuple[str, ...]  # the cell's paragraphs and manual line breaks
    rowspan: int
    colspan: int


@dataclass(frozen=True)
class WTable:
    rows: tuple[tuple[WCell, ...], ...]
    grid_cols: int


def docx_content(path: Path) -> list[Para | WTable]:
    """The document body in order: paragraphs and tables with their merged cells (each merged
    cell once, at its top-left, with its spans)."""
    document = docx.Document(str(path))
    blocks: list[Para | WTable] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxParagraph):
            blocks.append(_para(item))
        else:
            blocks.append(_table(item))
    return blocks


def _para(p: DocxParagraph) -> Para:
    runs = [r for r in p.runs if r.text.strip()]
    return Para(p.text, bool(runs) and all(r.bold for r in runs), p.alignment is not None and p.alignment == 1)


def _table(table: DocxTable) -> WTable:
    trs = table._tbl.tr_lst
    # Grid column -> the tc starting there, per row (rows may stop short of the grid's end).
    at = [{tc.grid_offset: tc for tc in tr.tc_lst} for tr in trs]

    def rowspan(r: int, tc: Any) -> int:
        if tc.vMerge != "restart":
            return 1
        below = r + 1
        while below < len(trs) and getattr(at[below].get(tc.grid_offset), "vMerge", None) == "continue":
            below += 1
        return below - r

    rows = []
    for r, tr in enumerate(trs):
        cells = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                continue
            lines = tuple(line for p in _Cell(tc, table).paragraphs for line in p.text.split("\n"))
            cells.append(WCell(lines, rowspan(r, tc), tc.grid_span))
        rows.append(tuple(cells))
    return WTable(tuple(rows), len(table._tbl.tblGrid.gridCol_lst))


def _first_number_row(table: WTable) -> int:
    """Rows above the first one holding a bare number are header rows."""
    for r, row in enumerate(table.rows):
        if any(re.fullmatch(r"\s*[\d.]+\s*", "".join(c.lines)) for c in row):
            return r
    return 0


# ---------------------------------------------------------------- site chrome

def site_header(site: str) -> str:
    return f"""
<div class="header"><div class="logo">{site}</div>
<div class="wza-toolbar"><a href="javascript:;">无障碍</a> <a href="javascript:;">长者版</a></div></div>
<ul class="main-nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年度报告</div>
"""


def site_footer(agency: str) -> str:
    return f"""
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a> <a class="bds_tsina">微博</a></div>
<div class="xglj"><h4>相关链接</h4><ul><li><a href="/zwgk/ndbg/2023.html">2023年政府信息公开工作年度报告</a></li>
<li><a href="/zwgk/ndbg/2022.html">2022年政府信息公开工作年度报告</a></li></ul></div>
<div id="ft">主办单位：{agency}　网站标识码：3703000001　鲁ICP备05006397号</div>
<script>var title = "{agency}年度报告"; document.write("");</script>
<style>.TRS_Editor p {{ line-height: 2; }}</style>
"""


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html>\n<html>\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


# ---------------------------------------------------------------- a CMS page (GBK, TRS_Editor)

def _cms_table(table: WTable) -> str:
    header_rows = _first_number_row(table)
    rows = []
    for r, row in enumerate(table.rows):
        tag = "th" if r < header_rows else "td"
        tds = "".join(
            f"<{tag} rowspan='{c.rowspan}' colspan='{c.colspan}'>&nbsp;"
            + "<br/>".join(f"<span>{html.escape(line)}</span>" for line in c.lines)
            + f"&nbsp;</{tag}>"
            for c in row
        )
        rows.append(f"<tr>{tds}</tr>")
    return "<table border='1' cellspacing='0' class='MsoNormalTable'><tbody>" + "\n".join(rows) + "</tbody></table>"


def cms_page(content: list[Para | WTable], agency: str, title: str, published: str) -> bytes:
    """The report as a government CMS publishes it, GBK bytes under a gb2312 label."""
    parts = []
    for block in content:
        if isinstance(block, WTable):
            parts.append(_cms_table(block))
        elif block.text.strip():
            parts.append(f"<p>&nbsp;&nbsp;{html.escape(block.text)}</p>")
    body = (
        site_header(f"{agency}门户网站")
        + "<table width='1000' align='center'><tr><td>"
        + f"<div class='xxgk_info'>索引号：11370300MB28　发布机构：{agency}　发布日期：{published}</div>"
        + f"<h1 class='title'>{html.escape(title)}</h1>"
        + "<div class='TRS_Editor'>\n"
        + "\n".join(parts)
        + "\n</div></td></tr></table>"
        + site_footer(agency)
    )
    head = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n<title>{html.escape(title)}</title>'
    return _page(head, body).encode("gbk")


# ---------------------------------------------------------------- pasted from Word

_LATIN = re.compile(r"[\x20-\x7e]+")


def _word_runs(text: str, size: float, font: str) -> str:
    """Text as Word writes it: one span per script run, Latin runs marked lang=EN-US."""
    out = []
    pos = 0
    for m in _LATIN.finditer(text):
        if m.start() > pos:
            out.append(f"<span style='font-size:{size:g}pt;font-family:{font}'>{html.escape(text[pos:m.start()])}</span>")
        latin = html.escape(m.group()).replace("  ", " &nbsp;")
        out.append(f"<span lang=EN-US style='font-size:{size:g}pt;font-family:\"Times New Roman\"'>{latin}</span>")
        pos = m.end()
    if pos < len(text):
        out.append(f"<span style='font-size:{size:g}pt;font-family:{font}'>{html.escape(text[pos:])}</span>")
    return "".join(out)


def _word_paragraph(para: Para) -> str:
    if not para.text.strip():
        return "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    lines = "<br>\n".join(_word_runs(line, 22 if para.centered else 16, "仿宋_GB2312") for line in para.text.split("\n"))
    if para.bold:
        lines = f"<b>{lines}</b>"
    if para.centered:
        return f"<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt'>{lines}<o:p></o:p></p>"
    return (
        "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>"
        f"<span lang=EN-US style='mso-spacerun:yes'>&nbsp;</span>{lines}<o:p></o:p></p>"
    )


def _word_table(table: WTable) -> str:
    width = 600 // max(table.grid_cols, 1)
    rows = []
    for row in table.rows:
        tds = []
        for c in row:
            attrs = f"width={width * c.colspan}"
            if c.colspan > 1:
                attrs += f" colspan={c.colspan}"
            if c.rowspan > 1:
                attrs += f" rowspan={c.rowspan}"
            paras = [
                "<p class=MsoNormal align=center style='text-align:center'>"
                + (_word_runs(line, 10.5, "宋体") if line.strip() else "<span lang=EN-US><o:p>&nbsp;</o:p></span>")
                + "<span lang=EN-US><o:p></o:p></span></p>"
                for line in (c.lines or ("",))
            ]
            tds.append(
                f"<td {attrs} valign=center style='width:{width * c.colspan * 0.75:g}pt;border:solid windowtext 1.0pt;"
                f"mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>{''.join(paras)}</td>"
            )
        rows.append("<tr style='mso-yfti-irow:0;height:20.0pt'>" + "".join(tds) + "</tr>")
    # Word's row of empty cells that fixes the column widths where rows do not line up.
    rows.append(
        "<![if !supportMisalignedColumns]><tr height=0>"
        + "".join(f"<td width={width} style='border:none'></td>" for _ in range(table.grid_cols))
        + "</tr><![endif]>"
    )
    return (
        "<div align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600 "
        "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
        "mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n" + "\n".join(rows) + "\n</table></div>"
    )


def word_page(content: list[Para | WTable], agency: str, title: str, published: str) -> bytes:
    """The report pasted from Word into a site's editor, in a UTF-8 page."""
    parts = ["<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->"]
    for block in content:
        parts.append(_word_table(block) if isinstance(block, WTable) else _word_paragraph(block))
    body = (
        site_header(f"{agency}网站")
        + "<div class='container'><div class='left-menu'><ul>"
        + "".join(f"<li><a href='/zwgk/{i}/'>{name}</a></li>" for i, name in enumerate(("机构职能", "政策文件", "规划计划", "年度报告")))
        + "</ul></div><div class='article'>"
        + f"<div class='article-title'>{html.escape(title)}</div>"
        + f"<div class='article-info'>来源：{agency}　发布时间：{published} 10:32　浏览次数：<span id='hits'>128</span></div>"
        + "<div id='zoom'>\n"
        + "\n".join(parts)
        + "\n</div><div class='print'><a href='javascript:window.print()'>【打印】</a> <a href='javascript:window.close()'>【关闭】</a></div>"
        + "</div></div>"
        + site_footer(agency)
    )
    head = f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>'
    return _page(head, body).encode("utf-8")


# ---------------------------------------------------------------- a page that only links to the report

def attachment_page(agency: str, title: str, published: str, link: str) -> bytes:
    body = (
        site_header(f"{agency}门户网站")
        + "<div class='main'>"
        + f"<h1>{html.escape(title)}</h1><div class='info'>发布日期：{published}</div>"
        + "<div class='TRS_Editor'><p>现将本机关年度报告全文公布如下，请点击附件查看。</p>"
        + f"<p>附件：<a href='{link}'>{html.escape(title)}.pdf</a></p></div></div>"
        + site_footer(agency)
    )
    head = f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>'
    return _page(head, body).encode("utf-8")


# ---------------------------------------------------------------- LibreOffice's export

# LibreOffice names its version here; the rest of its output depends only on the document.
_VOLATILE_META = re.compile(rb'<meta name="generator" content="[^"]*"/?>\s*', re.I)


def stable_libreoffice_html(data: bytes) -> bytes:
    """LibreOffice's HTML without its version line, so rebuilding the samples on another
    LibreOffice does not change files whose content did not change."""
    return _VOLATILE_META.sub(b"", data)
