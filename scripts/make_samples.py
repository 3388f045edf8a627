"""Build the sample reports under samples/ from the five seed texts.

Usage: .venv/bin/python scripts/make_samples.py [--seeds DIR] [--out DIR] [--no-pdf]

For every seed in /work/shared/seeds this writes
  samples/<stem>.txt   the seed text, copied byte for byte;
  samples/<stem>.docx  a Word replica built from scratch with python-docx: the title lines, the seed's
                       narrative paragraphs and the three tables laid out like the national template
                       (国办公开办函〔2021〕30号, or 〔2019〕60号 for seed 003) with real merged cells;
  samples/<stem>.pdf   the replica printed by LibreOffice (headless);
and samples/001_zibo_zfb_2024.doc (Word 97) from the 001 replica; and each replica as three web pages
(scripts/samples/html_pages.py): <stem>.html (LibreOffice's HTML export), <stem>.htm (pasted from Word
into a site), <stem>.shtml (a GBK CMS page), plus 005_attachment_only_2024.html (a page that only links
to its report). The expected JSON of the DOCX, PDF and TXT files under samples/expected/ are written by
hand, not by this script; the pages' expected files are copies of their DOCX's (the pages are made from
the DOCX cell for cell), and the attachment page's names the outcome it must have.

samples/scanned/ holds scans of the PDFs (scripts/samples/scans.py: rasterized, skewed, noisy, JPEG,
one page turned 90°) with expected JSON copied from the originals' (the same numbers).
``--scans-only`` rebuilds just these from the PDFs.

samples/pictures/ holds 000's replica with its tables pasted as pictures (scripts/samples/pictures.py:
each table cut out of the printed PDF at 200 dpi, one PNG per page it runs over) as a DOCX and the PDF
LibreOffice prints from it (text pages with pictures of tables); expected JSON copied from 000's.
``--pictures-only`` rebuilds just these (needs soffice).

The numbers in the replicas are the seeds' numbers, typed in scripts/samples/replicas.py. Nothing the
seed text lost is made up: a truncated table stays truncated, a lost label stays empty, a cell the seed
does not give stays blank.

Layout hazards, and which replica carries them (an extractor has to survive each):
  000_zibo_guofang_2024     values with a leading full-width space ("　3") in table 2, as the seed shows;
                            header cells with manual line breaks (结果⏎维持, 尚未⏎审结, 总⏎计, the
                            勾稽关系 note, 5.要求行政机关确认或重新⏎出具已获取信息); table 3 rows of
                            at least 1 cm make it longer than a page, so it runs over a page break (with
                            LibreOffice 7.4 the page end cuts row （五）5 inside its label).
  001_zibo_zfb_2024         narrow first label column: "三、本年度办理结果" is stacked one character per
                            line; 商业⏎企业 / 科研⏎机构 header breaks; table 3 runs over a page break that
                            falls inside the （四）无法提供 group, so that merged label is cut by the page
                            end; also converted to .doc.
  002_zhoukou_guofang_2024  tables without vertical rules (w:tblBorders left/right/insideV = nil); the
                            其他 applicant column is absent (6 value columns); the （三）不予公开 group label
                            cell is empty; the rows （四）1 … （六）3 have a blank 法律服务机构 cell;
                            table 3 also runs over a page break.
  003_zibo_renfang_2020     the 2019 template (table 2 with 本年新制作数量 …); table 2 stops after the
                            第二十条第（五）项 header (a page of the seed is lost); table 3 has no header
                            and starts at 二、上年结转…; （六）其他处理 is one row; narrow label columns
                            (2 characters per line, as the seed's "三、 本年 度办 理结 果") and a narrow
                            table 4 whose headers stack one character per line.
  004_panzhihua_guofang_2023  the seed's own table 3 columns (社会组织, an unnamed column between
                            法律服务机构 and 其他, 其他 outside the 法人或其他组织 group); table 3 cut off after
                            2.其他法律法规禁止公开; no table 4; decimal fee 1613.88; table 2's last row
                            falls on the next page; signature and date.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from extractor.readers.office_convert import convert, find_soffice  # noqa: E402
from scripts.samples import html_pages  # noqa: E402
from scripts.samples.pictures import write_picture_docx  # noqa: E402
from scripts.samples.replicas import REPLICAS, Replica  # noqa: E402
from scripts.samples.scans import write_scans  # noqa: E402
from scripts.samples.verify import verify_pdf  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")
DEFAULT_OUT = REPO / "samples"
DOC_STEM = "001_zibo_zfb_2024"  # the replica also converted to Word 97
ATTACHMENT_PAGE = "005_attachment_only_2024.html"
ATTACHMENT_LINK = "/zwgk/ndbg/202501/P020250120384512345678.pdf"


def soffice_convert(files: Sequence[Path], fmt: str, outdir: Path) -> None:
    """LibreOffice through the product's one helper (throwaway profile, nothing left behind)."""
    if find_soffice() is None:
        sys.exit("soffice (LibreOffice) not found; use --no-pdf to build only DOCX and TXT")
    convert(files, fmt, outdir, timeout=600)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF/DOC conversion")
    parser.add_argument("--scans-only", action="store_true", help="only rebuild samples/scanned/ from the PDFs")
    parser.add_argument("--pictures-only", action="store_true",
                        help="only rebuild samples/pictures/ (tables as pictures) from the DOCX and PDF")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.scans_only:
        _scans(args.out)
        return 0
    if args.pictures_only:
        _pictures(args.out)
        return 0

    docx_files: list[Path] = []
    for replica in REPLICAS:
        seed_path = args.seeds / replica.seed
        shutil.copyfile(seed_path, args.out / f"{replica.stem}.txt")
        docx_path = args.out / f"{replica.stem}.docx"
        replica.write_docx(seed_path.read_text(encoding="utf-8"), docx_path)
        docx_files.append(docx_path)
        print(f"wrote {docx_path.name} and {replica.stem}.txt")
    write_pages(args.out)
    if args.no_pdf:
        return 0

    soffice_convert(docx_files, "pdf", args.out)
    soffice_convert([args.out / f"{DOC_STEM}.docx"], "doc", args.out)
    for replica in REPLICAS:
        pdf_path = args.out / f"{replica.stem}.pdf"
        print(f"{pdf_path.name}: " + "; ".join(verify_pdf(replica, pdf_path)))
    print(f"wrote {DOC_STEM}.doc")
    write_libreoffice_pages(docx_files, args.out)
    _scans(args.out)
    _pictures(args.out)
    return 0


def _title(replica: Replica) -> str:
    return f"{replica.agency}{replica.year}年政府信息公开工作年度报告"


def _copy_expected(out: Path, stem: str, suffix: str) -> None:
    """A page's expected JSON: its DOCX's (the page holds the same tables cell for cell)."""
    expected = json.loads((out / "expected" / f"{stem}.docx.json").read_text(encoding="utf-8"))
    expected["file"] = f"{stem}{suffix}"
    expected["notes"] = (f"made by scripts/make_samples.py from {stem}.docx, whose hand-checked tables these are; "
                         + expected.get("notes", "")).strip()
    (out / "expected" / f"{stem}{suffix}.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_pages(out: Path) -> None:
    """The pasted-from-Word and CMS pages of every replica, and the attachment-only page."""
    for replica in REPLICAS:
        content = html_pages.docx_content(out / f"{replica.stem}.docx")
        published = f"{replica.year + 1}-01-20"
        (out / f"{replica.stem}.htm").write_bytes(html_pages.word_page(content, replica.agency, _title(replica), published))
        (out / f"{replica.stem}.shtml").write_bytes(html_pages.cms_page(content, replica.agency, _title(replica), published))
        for suffix in (".htm", ".shtml"):
            _copy_expected(out, replica.stem, suffix)
        print(f"wrote {replica.stem}.htm and {replica.stem}.shtml")
    first = REPLICAS[0]
    (out / ATTACHMENT_PAGE).write_bytes(
        html_pages.attachment_page(first.agency, _title(first), f"{first.year + 1}-01-20", ATTACHMENT_LINK)
    )
    expected = {"file": ATTACHMENT_PAGE, "outcome": {"error": "not an annual report", "message_contains": ATTACHMENT_LINK},
                "notes": "a page that only links to its report: the outcome names the link so a crawler can fetch it"}
    (out / "expected" / f"{ATTACHMENT_PAGE}.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {ATTACHMENT_PAGE}")


def write_libreoffice_pages(docx_files: list[Path], out: Path) -> None:
    """Each replica through LibreOffice's HTML export, as an agency saving its Word file as a page."""
    with tempfile.TemporaryDirectory() as tmp:
        soffice_convert(docx_files, "html", Path(tmp))
        for docx_path in docx_files:
            page = Path(tmp) / f"{docx_path.stem}.html"
            (out / page.name).write_bytes(html_pages.stable_libreoffice_html(page.read_bytes()))
            _copy_expected(out, docx_path.stem, ".html")
            print(f"wrote {page.name}")


PICTURES_STEM = "000_zibo_guofang_2024"  # the replica whose tables become pictures


def _pictures(out: Path) -> None:
    """The replica with its tables as pictures (DOCX) and that DOCX printed (PDF), expected
    numbers the replica's."""
    folder = out / "pictures"
    (folder / "expected").mkdir(parents=True, exist_ok=True)
    docx = folder / f"{PICTURES_STEM}_pictures.docx"
    write_picture_docx(out / f"{PICTURES_STEM}.docx", out / f"{PICTURES_STEM}.pdf", docx)
    soffice_convert([docx], "pdf", folder)
    for made in (docx, docx.with_suffix(".pdf")):
        source = "docx" if made.suffix == ".docx" else "pdf"
        expected = json.loads((out / "expected" / f"{PICTURES_STEM}.{source}.json").read_text(encoding="utf-8"))
        expected["file"] = made.name
        expected["notes"] = (f"{PICTURES_STEM}'s replica with each table pasted as pictures of it (made by "
                             f"scripts/make_samples.py); the numbers are {PICTURES_STEM}.{source}'s. "
                             + expected.get("notes", "")).strip()
        (folder / "expected" / f"{made.name}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote pictures/{made.name}")


def _scans(out: Path) -> None:
    for path in write_scans(out, out / "scanned"):
        print(f"wrote scanned/{path.name} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    raise SystemExit(main())
