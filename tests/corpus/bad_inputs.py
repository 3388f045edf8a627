"""A generated corpus of bad input: every file is built here, from the samples or from scratch.

``build(folder)`` writes each kind the bad-input issue lists and returns {kind: path}. Nothing
is committed: hostile files (zip bombs, entity bombs) exist only while the tests run.
Generators that need LibreOffice (a Chinese invoice and letter as PDF) are skipped without it.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx

from extractor.readers.office_convert import convert, find_soffice
from tests.helpers import SAMPLES, assemble_pdf

PDF_SAMPLE = SAMPLES / "000_zibo_guofang_2024.pdf"
DOCX_SAMPLE = SAMPLES / "000_zibo_guofang_2024.docx"
DOC_SAMPLE = SAMPLES / "001_zibo_zfb_2024.doc"
TXT_SAMPLE = SAMPLES / "000_zibo_guofang_2024.txt"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- damaged copies of good files ------------------------------------------------------


def truncated(src: Path, target: Path, fraction: float) -> Path:
    data = src.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


def damaged_stream_pdf(src: Path, target: Path) -> Path:
    """64 zero bytes in the middle of the largest compressed stream (page content or font):
    the file still opens, and what that stream held is lost."""
    data = bytearray(src.read_bytes())
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    spans = [(data.find(b"endstream", a) - a, a) for a in starts]
    length, start = max(spans)
    middle = start + length // 2
    data[middle : middle + 64] = bytes(64)
    target.write_bytes(bytes(data))
    return target


def renamed_main_part_docx(src: Path, target: Path) -> Path:
    """Damaged bytes in the zip's names: word/document.xml no longer found."""
    target.write_bytes(src.read_bytes().replace(b"word/document.xml", b"word/documenX.xml"))
    return target


def corrupt_zip(src: Path, target: Path) -> Path:
    """Zip signature and first member intact, central directory overwritten."""
    data = bytearray(src.read_bytes())
    start = data.find(b"PK\x01\x02")
    data[start:] = b"\x00" * (len(data) - start)
    target.write_bytes(bytes(data))
    return target


# -- locked files ------------------------------------------------------------------------


def encrypted_pdf(src: Path, target: Path, user_password: str) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(src))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def password_docx(src: Path, target: Path, password: str = "secret") -> Path:
    """A DOCX encrypted by Word's 'protect with password' (an OLE container holding
    EncryptedPackage), made with msoffcrypto-tool."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with src.open("rb") as fh:
        office = OOXMLFile(fh)
        buf = io.BytesIO()
        office.encrypt(password, buf)
    target.write_bytes(buf.getvalue())
    return target


def password_doc(src: Path, target: Path) -> Path:
    """A .doc whose File Information Block says it is encrypted (fEncrypted, bit 8 of the
    flags word at offset 0x0A of the WordDocument stream): how Word marks a password."""
    import olefile

    shutil.copyfile(src, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        flags = struct.unpack_from("<H", stream, 0x0A)[0] | 0x0100
        struct.pack_into("<H", stream, 0x0A, flags)
        ole.write_stream("WordDocument", bytes(stream))
    return target


# -- PDFs written by hand ------------------------------------------------------------------


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def scanned_pdf(target: Path, pages: int = 3) -> Path:
    """Pages that are one grey-scale picture each, like a scanner's output: no text layer."""
    rng = random.Random(7)
    width, height = 210, 297
    rows = []
    for y in range(height):
        # Dark bars where lines of print would be, paper noise elsewhere.
        ink = (y // 6) % 3 == 0 and 20 < y < 280
        rows.append(bytes((rng.randrange(0, 90) if ink and rng.random() < 0.6 else rng.randrange(220, 256))
                          for _ in range(width)))
    image = zlib.compress(b"".join(rows))
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    image_obj = 3 + 2 * pages
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 %d 0 R >> >>"
            b" /Contents %d 0 R >>" % (image_obj, 4 + 2 * i)
        )
        objects.append(_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
    objects.append(
        _stream(image, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height))
    )
    target.write_bytes(assemble_pdf(objects))
    return target


def _text_page_pdf(content: bytes, font: bytes, extra: list[bytes] | None = None) -> bytes:
    return assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        _stream(content),
        font,
        *(extra or []),
    ])


def picture_on_text_page_pdf(target: Path, damaged: str = "") -> Path:
    """A page of text with a 300 × 150 pt grey picture below it (a table pasted as an image);
    ``damaged``: "flate" (its compressed pixels cut) or "jpeg" (not a JPEG at all)."""
    width, height = 200, 100
    data, flt = zlib.compress(bytes([255]) * (width * height)), b"/FlateDecode"
    if damaged == "flate":
        data = b"\x00not pixels" * 50
    elif damaged == "jpeg":
        data, flt = b"\xff\xd8\xff\xe0 not a jpeg" * 20, b"/DCTDecode"
    content = b"BT /F1 12 Tf 72 800 Td (Annual report) Tj ET\nq 300 0 0 150 100 400 cm /Im0 Do Q\n"
    target.write_bytes(assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >>"
        b" /XObject << /Im0 6 0 R >> >> /Contents 4 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                      b"/BitsPerComponent 8 /Filter %s" % (width, height, flt)),
    ]))
    return target


def dense_glyphs_pdf(target: Path, glyphs: int = 20_000) -> Path:
    """One page of ``glyphs`` copies of one character in one font, each at its own place
    (100 lines of 200): de-duplicating overprinted copies must not compare every pair."""
    per_line = 200
    title = b"BT /F1 12 Tf 72 800 Td (Annual report) Tj ET\n"
    line = b"(" + b"a" * per_line + b") Tj 0 -7 Td "
    body = b"BT /F1 5 Tf 20 780 Td " + line * (glyphs // per_line) + b"ET\n"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    target.write_bytes(_text_page_pdf(title + body, font))
    return target


def unmapped_font_pdf(target: Path) -> Path:
    """Text drawn with a composite font that has no ToUnicode map: characters are there (not
    a scan) but carry no text."""
    content = b"BT /F1 14 Tf 72 780 Td <0001000200030004000500060007> Tj 0 -20 Td <00080009000A> Tj ET\n"
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    cid = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe)"
           b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859]"
                  b" /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>")
    target.write_bytes(_text_page_pdf(content, font, [cid, descriptor]))
    return target


def big_table_docx(target: Path, rows: int = 2000, cols: int = 60) -> Path:
    """A report title and one table of rows × cols small numbers."""
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    table = "".join("<w:tr>" + "".join(cell.format((r * c) % 97) for c in range(cols)) + "</w:tr>" for r in range(rows))
    body = _p("某某县人民政府2024年政府信息公开工作年度报告") + f"<w:tbl>{table}</w:tbl>"
    return _write_docx(target, {**_docx_parts(DOCX_SAMPLE), "word/document.xml": _body(body)})


def utf8_with_bad_bytes(src: Path, target: Path) -> Path:
    """A UTF-8 text copy with one byte broken in its prose (a bad copy, a cut character)."""
    data = bytearray(src.read_bytes())
    at = data.index("本年度".encode()) if "本年度".encode() in data else len(data) // 3
    data[at] = 0xFF
    target.write_bytes(bytes(data))
    return target


def many_pages_pdf(src: Path, target: Path, pages: int) -> Path:
    """The sample's pages repeated to ``pages`` pages (objects shared, so the file stays small)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for page in reader.pages:
            if len(writer.pages) < pages:
                writer.add_page(page)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


# -- Word files built from parts ---------------------------------------------------------------


def _docx_parts(src: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(src) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _write_docx(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def _body(paragraphs_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{paragraphs_xml}</w:body></w:document>'
    ).encode()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def entity_bomb_docx(target: Path) -> Path:
    """'Billion laughs': ten levels of entities, each ten copies of the one below."""
    lines = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈">']
    for i in range(1, 10):
        lines.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    dtd = "<!DOCTYPE w:document [" + "".join(lines) + "]>"
    document = _body(_p("&lol9;")).replace(b"?>\n", b"?>\n" + dtd.encode() + b"\n", 1)
    parts = _docx_parts(DOCX_SAMPLE)
    parts["word/document.xml"] = document
    return _write_docx(target, parts)


def external_entity_docx(target: Path, secret: Path) -> Path:
    """An external entity that would pull a local file's content into the document."""
    dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    document = _body(_p("某某局2023年政府信息公开工作年度报告") + _p("&xxe;"))
    document = document.replace(b"?>\n", b"?>\n" + dtd.encode() + b"\n", 1)
    parts = _docx_parts(DOCX_SAMPLE)
    parts["word/document.xml"] = document
    return _write_docx(target, parts)


def zip_bomb_docx(target: Path, gigabytes: int = 3) -> Path:
    """A valid DOCX plus one member of ``gigabytes`` GB of zeros, about 1 MB per GB on disk.

    The deflate stream is one 16 MiB block of zeros compressed once and repeated: a full
    flush resets the compressor's history, so each repetition is byte-identical. Written by
    hand because ``zipfile`` cannot store a precompressed stream.
    """
    chunk = bytes(1 << 24)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    repeats = gigabytes * 64
    tail = comp.flush()
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    members = []
    for name, data in _docx_parts(DOCX_SAMPLE).items():
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        members.append((name, zlib.crc32(data), len(data), c.compress(data) + c.flush(), None))
    members.append(("word/media/scan.bin", crc, len(chunk) * repeats, None, (block, repeats, tail)))
    with target.open("wb") as fh:
        central = bytearray()
        for name, crc32, size, packed, pattern in members:
            offset = fh.tell()
            packed_size = len(packed) if packed is not None else len(pattern[0]) * pattern[1] + len(pattern[2])
            raw = name.encode()
            fh.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc32, packed_size, size, len(raw), 0) + raw)
            if packed is not None:
                fh.write(packed)
            else:
                for _ in range(pattern[1]):
                    fh.write(pattern[0])
                fh.write(pattern[2])
            central += struct.pack(
                "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc32, packed_size, size, len(raw), 0, 0, 0, 0, 0, offset
            ) + raw
        start = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), start, 0))
    return target


def nested_tables_docx(target: Path, depth: int) -> Path:
    """A table in a cell of a table in a cell … ``depth`` levels down."""
    inner = _p("最内层")
    for level in range(depth, 0, -1):
        inner = f"<w:tbl><w:tr><w:tc>{_p(f'第{level}层')}{inner}<w:p/></w:tc></w:tr></w:tbl>"
    parts = _docx_parts(DOCX_SAMPLE)
    parts["word/document.xml"] = _body(_p("某某局2023年政府信息公开工作年度报告") + inner)
    return _write_docx(target, parts)


def huge_span_docx(target: Path) -> Path:
    """A cell claiming to span a billion grid columns."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>{_p("合计")}</w:tc>'
    table = f"<w:tbl><w:tr>{cell}<w:tc>{_p('1')}</w:tc></w:tr></w:tbl>"
    parts = _docx_parts(DOCX_SAMPLE)
    parts["word/document.xml"] = _body(_p("某某局2023年政府信息公开工作年度报告") + table + "<w:p/>")
    return _write_docx(target, parts)


def plain_docx(target: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(target))
    return target


INVOICE = (
    ["增值税普通发票", "发票代码：011002100311", "购买方：某某科技有限公司", "开票日期：2024年03月15日"],
    [["货物或应税劳务名称", "数量", "单价", "金额"], ["办公用品", "10", "35.00", "350.00"], ["合计", "", "", "350.00"]],
)
LETTER = (
    ["关于召开2024年度工作会议的通知", "各科室：", "经研究，定于2024年3月20日上午9时在三楼会议室召开年度工作会议，请准时参加。",
     "特此通知。", "办公室", "2024年3月15日"],
    None,
)
NARRATIVE_ONLY = [
    "某某市自然资源局2023年政府信息公开工作年度报告",
    "本报告根据《中华人民共和国政府信息公开条例》编制。",
    "一、总体情况",
    "2023年，我局认真贯彻落实政府信息公开工作要求，主动公开政府信息120条。",
    "二、主动公开政府信息情况",
    "本年度主动公开规范性文件3件。",
    "三、收到和处理政府信息公开申请情况",
    "本年度共收到政府信息公开申请15件。",
    "四、政府信息公开行政复议、行政诉讼情况",
    "本年度未发生政府信息公开行政复议、行政诉讼。",
    "五、存在的主要问题及改进情况",
    "公开内容的规范性有待提高。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def to_pdf_with_libreoffice(sources: list[Path], outdir: Path) -> list[Path]:
    if find_soffice() is None:
        return []
    return convert(sources, "pdf", outdir, timeout=180)


def build(folder: Path) -> dict[str, Path]:
    """Every bad-input kind; keys name the kind (they are the rows of docs/bad-input.md's table)."""
    folder.mkdir(parents=True, exist_ok=True)
    f: dict[str, Path] = {}
    for suffix in ("pdf", "docx", "txt"):
        f[f"empty_{suffix}"] = folder / f"empty.{suffix}"
        f[f"empty_{suffix}"].write_bytes(b"")
    f["docx_named_pdf"] = folder / "report_docx_inside.pdf"
    shutil.copyfile(DOCX_SAMPLE, f["docx_named_pdf"])
    f["pdf_named_docx"] = folder / "report_pdf_inside.docx"
    shutil.copyfile(PDF_SAMPLE, f["pdf_named_docx"])
    f["truncated_pdf"] = truncated(PDF_SAMPLE, folder / "truncated.pdf", 0.5)
    f["truncated_docx"] = truncated(DOCX_SAMPLE, folder / "truncated.docx", 0.5)
    f["damaged_stream_pdf"] = damaged_stream_pdf(PDF_SAMPLE, folder / "damaged_stream.pdf")
    f["renamed_part_docx"] = renamed_main_part_docx(DOCX_SAMPLE, folder / "renamed_part.docx")
    f["corrupt_zip_docx"] = corrupt_zip(DOCX_SAMPLE, folder / "corrupt_zip.docx")
    f["encrypted_empty_password_pdf"] = encrypted_pdf(PDF_SAMPLE, folder / "encrypted_open.pdf", "")
    f["encrypted_password_pdf"] = encrypted_pdf(PDF_SAMPLE, folder / "encrypted_locked.pdf", "secret")
    f["password_docx"] = password_docx(DOCX_SAMPLE, folder / "password.docx")
    f["password_doc"] = password_doc(DOC_SAMPLE, folder / "password.doc")
    f["scanned_pdf"] = scanned_pdf(folder / "scanned.pdf")
    f["invoice_docx"] = plain_docx(folder / "invoice.docx", *INVOICE)
    f["letter_docx"] = plain_docx(folder / "letter.docx", *LETTER)
    f["narrative_only_docx"] = plain_docx(folder / "narrative_only.docx", NARRATIVE_ONLY)
    f["pages_600_pdf"] = many_pages_pdf(PDF_SAMPLE, folder / "pages_600.pdf", 600)
    f["entity_bomb_docx"] = entity_bomb_docx(folder / "billion_laughs.docx")
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    f["external_entity_docx"] = external_entity_docx(folder / "external_entity.docx", secret)
    f["zip_bomb_docx"] = zip_bomb_docx(folder / "zip_bomb.docx")
    f["nested_tables_docx"] = nested_tables_docx(folder / "nested_40.docx", 40)
    f["nested_tables_deep_docx"] = nested_tables_docx(folder / "nested_120.docx", 120)
    f["huge_span_docx"] = huge_span_docx(folder / "huge_span.docx")
    f["dense_glyphs_pdf"] = dense_glyphs_pdf(folder / "dense_glyphs.pdf")
    f["unmapped_font_pdf"] = unmapped_font_pdf(folder / "unmapped_font.pdf")
    f["big_table_docx"] = big_table_docx(folder / "big_table.docx")
    f["utf8_bad_byte_txt"] = utf8_with_bad_bytes(TXT_SAMPLE, folder / "utf8_bad_byte.txt")
    f["huge_txt"] = folder / "huge.txt"
    f["huge_txt"].write_bytes(("行政许可\t1\t2\t3\n" * 1_100_000).encode("utf-8"))
    f["huge_html"] = folder / "huge.html"
    f["huge_html"].write_bytes(b"<html><body><table>" + b"<tr><td>1</td></tr>" * 1_100_000 + b"</table></body></html>")
    f["attachment_only_html"] = folder / "attachment_only.html"
    f["attachment_only_html"].write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>某局2024年政府信息公开工作年度报告</h1>"
        "<p>附件：<a href='/upload/report.pdf'>年度报告.pdf</a></p></body></html>",
        encoding="utf-8",
    )
    pdfs = to_pdf_with_libreoffice([f["invoice_docx"], f["letter_docx"], f["narrative_only_docx"]], folder / "pdf")
    for key, pdf in zip(("invoice_pdf", "letter_pdf", "narrative_only_pdf"), pdfs, strict=False):
        f[key] = pdf
    return f
