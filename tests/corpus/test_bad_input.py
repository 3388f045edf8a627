"""Bad input: each kind gets its documented outcome, exit code and message; none leaves a
temporary file or a LibreOffice process behind; docs/bad-input.md's table says the same."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.corpus import bad_inputs
from tests.helpers import ROOT

runner = CliRunner()

# kind → (docs/bad-input.md row, exit code, message fragment on stderr; None when a JSON is written)
EXPECTED: dict[str, tuple[str, int, str | None]] = {
    "empty_pdf": ("Empty file (any extension)", 3, "cannot be read: the file is empty"),
    "empty_docx": ("Empty file (any extension)", 3, "cannot be read: the file is empty"),
    "empty_txt": ("Empty file (any extension)", 3, "cannot be read: the file is empty"),
    "docx_named_pdf": ("DOCX named .pdf, PDF named .docx", 0, None),
    "pdf_named_docx": ("DOCX named .pdf, PDF named .docx", 0, None),
    "truncated_pdf": ("Truncated PDF", 3, "cannot be read: not a valid PDF"),
    "truncated_docx": ("Truncated DOCX, DOCX with a corrupt zip", 3, "cannot be read: corrupt zip container"),
    "corrupt_zip_docx": ("Truncated DOCX, DOCX with a corrupt zip", 3, "cannot be read: corrupt zip container"),
    "damaged_stream_pdf": ("PDF with damaged bytes that the PDF library can work around", 0, None),
    "renamed_part_docx": ("DOCX with damaged bytes in its parts' names", 3, "has no word/document.xml"),
    "encrypted_empty_password_pdf": ("Encrypted PDF, empty user password", 0, None),
    "encrypted_password_pdf": ("Encrypted PDF with a real password", 3, "encrypted: the PDF needs a password"),
    "password_docx": ("Password-protected Word file (.docx or .doc)", 3, "encrypted: the Word file is protected"),
    "password_doc": ("Password-protected Word file (.docx or .doc)", 3, "encrypted: the Word file is protected"),
    "scanned_pdf": ("Scanned PDF (images only), with `--ocr never` or without the OCR extra", 3, "no text layer"),
    "invoice_docx": ("Not an annual report (invoice, letter; PDF or DOCX)", 1, "not an annual report"),
    "letter_docx": ("Not an annual report (invoice, letter; PDF or DOCX)", 1, "not an annual report"),
    "invoice_pdf": ("Not an annual report (invoice, letter; PDF or DOCX)", 1, "not an annual report"),
    "letter_pdf": ("Not an annual report (invoice, letter; PDF or DOCX)", 1, "not an annual report"),
    "narrative_only_docx": ("A report without tables (narrative only)", 0, None),
    "narrative_only_pdf": ("A report without tables (narrative only)", 0, None),
    "pages_600_pdf": ("PDF over `--max-pages` (default 200), e.g. 600 pages", 3, "limit exceeded: 600 pages"),
    "entity_bomb_docx": ("DOCX with a DTD: entity expansion (billion laughs), external entities", 3,
                         "declares a DTD"),
    "external_entity_docx": ("DOCX with a DTD: entity expansion (billion laughs), external entities", 3,
                             "declares a DTD"),
    "zip_bomb_docx": ("Zip bomb: DOCX unpacking past `--max-unzipped-mb` (default 300)", 3,
                      "limit exceeded: the Word file unpacks to"),
    "nested_tables_docx": ("Tables nested more than 8 deep", 0, None),
    "nested_tables_deep_docx": ("XML nested more than 256 levels", 3, "nests deeper than the parser allows"),
    "huge_span_docx": ("A cell spanning more than 64 columns", 0, None),
    "dense_glyphs_pdf": ("A PDF page of 20,000 glyphs of one character (each at its own place)", 1,
                         "not an annual report"),
    "unmapped_font_pdf": ("PDF whose fonts have no Unicode maps (characters drawn, no text)", 3,
                          "text layer cannot be decoded"),
    "big_table_docx": ("A DOCX table of 2,000 × 60 cells", 0, None),
    "utf8_bad_byte_txt": ("A UTF-8 text copy with a few invalid bytes", 0, None),
    "huge_txt": ("A text copy over 20 MB", 3, "limit exceeded: the text file is"),
    "huge_html": ("An HTML page over 20 MB", 3, "limit exceeded: the HTML file is"),
    "attachment_only_html": ("A web page that only links to the report (PDF attachment, no tables)", 1,
                             "no tables found; the page links to the report as an attachment: /upload/report.pdf"),
}

NEEDS_LIBREOFFICE = {"invoice_pdf", "letter_pdf", "narrative_only_pdf"}
# Options a case runs with. The synthetic scan (bars of noise, no print) is refused with OCR off
# as it is without the extra; with OCR it is read (a minute of CPU for nothing: not a report).
OPTIONS: dict[str, tuple[str, ...]] = {"scanned_pdf": ("--ocr", "never")}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return bad_inputs.build(tmp_path_factory.mktemp("bad"))


@pytest.fixture
def clean_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private temp dir for the run: afterwards it must be empty and no LibreOffice
    process may still name it."""
    private = tmp_path / "tmpdir"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    yield private
    assert list(private.iterdir()) == []
    leftover = subprocess.run(["pgrep", "-f", str(private)], capture_output=True, text=True).stdout.split()
    assert leftover == []


def _extract(path: Path, out: Path, *options: str) -> tuple[int, str, dict | None]:
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--timeout", "60", *options])
    document = json.loads(out.read_text(encoding="utf-8")) if result.exit_code == 0 else None
    return result.exit_code, result.stderr, document


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_bad_input_has_its_outcome(kind: str, corpus: dict[str, Path], clean_tmp: Path, tmp_path: Path) -> None:
    if kind in NEEDS_LIBREOFFICE and kind not in corpus:
        pytest.skip("LibreOffice is needed to make this PDF")
    _, code, message = EXPECTED[kind]
    out = tmp_path / "out.json"
    exit_code, stderr, document = _extract(corpus[kind], out, *OPTIONS.get(kind, ()))
    assert exit_code == code, stderr
    if message is None:
        assert document is not None and document["schema_version"] == "1.3"
        # One line saying what was found (tables, failed checks, warnings), nothing else.
        assert stderr.count("\n") == 1 and stderr.startswith(f"govreport: {out}: "), stderr
        _assert_document(kind, document)
    else:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"govreport: {corpus[kind]}: ")
        assert message in lines[0]
        assert not out.exists()


def _values(document: dict) -> list[object]:
    return [v for table in document["tables"].values() for row in table.values() for v in row.values()]


def _codes(document: dict) -> set[str]:
    return {w["code"] for w in document["warnings"]}


def _expected_tables(name: str) -> dict:
    return json.loads((ROOT / "samples" / "expected" / name).read_text(encoding="utf-8"))["tables"]


def _assert_document(kind: str, document: dict) -> None:
    if kind in ("docx_named_pdf", "pdf_named_docx"):
        assert "extension_mismatch" in _codes(document)
        fmt = "docx" if kind == "docx_named_pdf" else "pdf"
        assert document["tables"] == _expected_tables(f"000_zibo_guofang_2024.{fmt}.json")
    elif kind == "encrypted_empty_password_pdf":
        assert document["tables"] == _expected_tables("000_zibo_guofang_2024.pdf.json")
    elif kind == "damaged_stream_pdf":
        assert "pdf_damaged" in _codes(document)
    elif kind.startswith("narrative_only"):
        assert all(v is None for v in _values(document))
        assert len([w for w in document["warnings"] if w["code"] == "table_missing"]) == 3
        assert document["report"]["agency"] == "某某市自然资源局" and document["report"]["year"] == 2023
    elif kind == "nested_tables_docx":
        assert "nesting_limit" in _codes(document)
    elif kind == "huge_span_docx":
        assert "span_clamped" in _codes(document)
    elif kind == "utf8_bad_byte_txt":
        assert "decode_replaced" in _codes(document)
        assert document["tables"] == _expected_tables("000_zibo_guofang_2024.txt.json")
    elif kind == "big_table_docx":
        assert document["report"]["year"] == 2024


def test_external_entity_content_never_reaches_output(corpus: dict[str, Path]) -> None:
    result = runner.invoke(app, ["extract", str(corpus["external_entity_docx"])])
    assert "TOP-SECRET-CONTENT" not in result.stdout + result.stderr


def test_zip_offsets_before_the_file_start_are_a_corrupt_container(tmp_path: Path) -> None:
    """Found by scripts/fuzz.py: a central directory claiming to start past its real place
    makes zipfile seek to a negative offset (OSError EINVAL)."""
    import struct

    data = bytearray((ROOT / "samples" / "003_zibo_renfang_2020.docx").read_bytes())
    end = data.rfind(b"PK\x05\x06")
    size, offset = struct.unpack_from("<LL", data, end + 12)
    struct.pack_into("<L", data, end + 16, offset + 5000)
    path = tmp_path / "shifted.docx"
    path.write_bytes(bytes(data))
    exit_code, stderr, _ = _extract(path, tmp_path / "o.json")
    assert exit_code == 3
    assert "cannot be read: corrupt zip container" in stderr


# -- limits as options -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "options", "message"),
    [
        ("000_zibo_guofang_2024.pdf", ["--max-pages", "2"], "pages, over the limit of 2 (--max-pages)"),
        ("000_zibo_guofang_2024.docx", ["--max-unzipped-mb", "0.01"], "(--max-unzipped-mb)"),
        ("000_zibo_guofang_2024.txt", ["--max-file-mb", "0.001"], "(--max-file-mb)"),
    ],
)
def test_limits_are_options(sample: str, options: list[str], message: str, tmp_path: Path) -> None:
    exit_code, stderr, _ = _extract(ROOT / "samples" / sample, tmp_path / "o.json", *options)
    assert exit_code == 3
    assert "limit exceeded" in stderr and message in stderr


def test_time_limit_stops_a_long_pdf(corpus: dict[str, Path], clean_tmp: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(corpus["pages_600_pdf"]), "--max-pages", "1000", "--timeout", "2"]
    )
    assert result.exit_code == 3
    assert "limit exceeded: not finished within 2 s (--timeout)" in result.stderr


@pytest.mark.needs_soffice
def test_time_limit_stops_libreoffice_and_kills_it(clean_tmp: Path) -> None:
    result = runner.invoke(app, ["extract", str(ROOT / "samples" / "001_zibo_zfb_2024.doc"), "--timeout", "0.3"])
    assert result.exit_code == 3
    assert "not finished within 0.3 s" in result.stderr
    # clean_tmp asserts that no soffice process and no profile directory is left.


@pytest.mark.needs_soffice
def test_doc_conversion_leaves_nothing_behind(tmp_path: Path, clean_tmp: Path) -> None:
    exit_code, stderr, document = _extract(ROOT / "samples" / "001_zibo_zfb_2024.doc", tmp_path / "o.json")
    assert exit_code == 0, stderr
    assert document is not None and document["source"]["format"] == "doc"


# -- the docs (docs/bad-input.md) say what the tests assert ---------------------------------------------------


def _readme_table() -> dict[str, tuple[int, str]]:
    section = (ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[int, str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].isdigit():
            rows[cells[0]] = (int(cells[2]), cells[3])
    return rows


def test_readme_table_matches_the_tests() -> None:
    table = _readme_table()
    for kind, (row, code, message) in EXPECTED.items():
        assert row in table, f"docs/bad-input.md has no row {row!r} ({kind})"
        readme_code, readme_message = table[row]
        assert readme_code == code, kind
        if message is not None:
            assert message in readme_message.replace("`", ""), (kind, readme_message)
    for row, (code, message) in OTHER_ROWS.items():
        assert table.get(row, (None, ""))[0] == code, row
        assert message in table[row][1].replace("`", "")
    assert set(table) == {row for row, _, _ in EXPECTED.values()} | set(OTHER_ROWS)


# docs/bad-input.md rows asserted by the tests of limits and batches here.
OTHER_ROWS = {
    "Any file taking longer than `--timeout`": (3, "limit exceeded: not finished within"),
    "In a batch: names with backslashes, newlines, 250-byte names, 300+ character paths": (0, ""),
    # tests/interface/test_outputs.py and tests/interface/test_batch_outcomes.py
    "A file needing more memory than `--max-memory-mb` (default 2048)": (3, "limit exceeded: needs more than"),
    "A cell of 400 nines (any number past 10¹²)": (0, ""),
    "A file name that is not UTF-8 (GBK, Latin-1, broken bytes)": (0, ""),
    "`-o` in a missing folder, a folder, no permission, disk full": (2, "cannot write"),
    "`-o` naming a device or FIFO (/dev/null, a pipe)": (0, ""),
    "In a batch: FIFOs, sockets, devices, unreadable files or folders, dangling or looping links": (0, ""),
    "A second batch into an OUT that a running batch holds": (2, "another batch (PID"),
    # tests/read/test_encoding_labels.py
    "An HTML table of 600 cells with `colspan=64 rowspan=0` over 6000 rows": (0, "span_clamped"),
    "An HTML page of 200,000 hidden elements (`display:none`, `hidden`) or 200,000 menus": (0, ""),
    "A picture (Word, OCR) declaring more than 40 M pixels": (3, "limit exceeded: a picture of"),
}


# -- batch: odd names, bad files among good ones, nothing lost -------------------------------


def test_batch_with_odd_names_and_bad_files_loses_nothing(corpus: dict[str, Path], tmp_path: Path,
                                                          clean_tmp: Path) -> None:
    from extractor.batch.manifest import read as read_manifest
    from extractor.batch.runner import BatchOptions, run_batch

    src = ROOT / "samples" / "000_zibo_guofang_2024.txt"
    inputs = tmp_path / "in"
    deep = inputs / ("目录" * 40) / ("子目录" * 25)
    deep.mkdir(parents=True)
    names = {
        inputs / "a\\b\\report.txt": src,
        inputs / "line\nbreak.txt": src,
        inputs / ("报" * 80 + ".txt"): src,  # 240 bytes + .txt: its .json name would exceed 255 bytes
        deep / "report.txt": src,
    }
    for target, origin in names.items():
        target.write_bytes(origin.read_bytes())
    assert len(str(deep / "report.txt").encode()) > 300
    out = tmp_path / "out"
    first = run_batch(BatchOptions(inputs, out, jobs=2))
    assert first.counts["ok"] == len(names)
    written = {p: p.read_bytes() for p in out.rglob("*.json")}
    assert len(written) == len(names)

    # Bad files join the folder: the good outputs stay byte for byte, the bad ones are recorded.
    # (Not the synthetic scan: in a batch it is read by OCR when the extra is installed.)
    for kind in ("empty_pdf", "encrypted_password_pdf", "zip_bomb_docx", "password_docx", "invoice_docx"):
        (inputs / corpus[kind].name).write_bytes(corpus[kind].read_bytes())
    second = run_batch(BatchOptions(inputs, out, jobs=2))
    assert second.counts["skipped"] == len(names)
    assert second.counts["failed"] == 4 and second.counts["not_report"] == 1
    assert all(p.read_bytes() == data for p, data in written.items())
    manifest = {e["path"]: e for e in read_manifest(out)}
    assert set(manifest) == {str(p.relative_to(inputs)) for p in inputs.rglob("*") if p.is_file()}
    assert "line\nbreak.txt" in manifest
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert re.search("limit exceeded", manifest["zip_bomb.docx"]["error"])
