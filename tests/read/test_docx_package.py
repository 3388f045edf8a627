"""The reader's own opening of a .docx (extractor/readers/docx_package.py) against python-docx,
the reference: the same document XML, the same styles XML and the same picture bytes by
relationship id, on every Word sample, the picture sample, the blank national template and
generated variants; and the packaging cases python-docx handles (absolute and relative targets,
a renamed main part, no styles part)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from extractor.readers.docx_package import open_package
from tests.corpus.variants import make_variant
from tests.helpers import ROOT

docx = pytest.importorskip("docx")

SAMPLES = ROOT / "samples"
TEMPLATE = ROOT.parent / "shared" / "corpus" / "real" / "template-2021-blank.docx"
FILES = [*sorted(SAMPLES.glob("*.docx")), *sorted((SAMPLES / "pictures").glob("*.docx"))]
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _reference(path: Path) -> tuple[bytes, bytes | None, dict[str, bytes]]:
    word = docx.Document(str(path))
    rels = word.part.rels
    images = {rid: rel.target_part.blob for rid, rel in rels.items() if rel.reltype == _IMAGE and not rel.is_external}
    return etree.tostring(word.element), etree.tostring(word.styles.element), images


def _ours(path: Path) -> tuple[bytes, bytes | None, dict[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        package = open_package(zf)
        ids = {rid for rid, name in package.related.items() if name.startswith("word/media/")}
        images = {rid: package.blob(rid) for rid in ids}
        styles = etree.tostring(package.styles) if package.styles is not None else None
        return etree.tostring(package.document), styles, images  # type: ignore[return-value]


def _assert_same(path: Path) -> None:
    ours, theirs = _ours(path), _reference(path)
    assert ours[0] == theirs[0], "document XML differs"
    assert ours[1] == theirs[1], "styles XML differs"
    assert ours[2] == theirs[2], "pictures differ"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_samples_open_as_python_docx_opens_them(path: Path) -> None:
    _assert_same(path)


def test_the_picture_sample_has_pictures_to_compare() -> None:
    # The comparison above can only fail on pictures if some file has them.
    assert any(_ours(path)[2] for path in FILES)


@pytest.mark.skipif(not TEMPLATE.exists(), reason="the shared corpus is not beside the checkout")
def test_the_national_template_opens_as_python_docx_opens_it() -> None:
    _assert_same(TEMPLATE)


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_generated_variants_open_as_python_docx_opens_them(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"v{seed}.docx"
    make_variant(seed, path)
    _assert_same(path)


def _rewrite(src: Path, target: Path, renames: dict[str, str], edit: dict[str, bytes] | None = None,
             drop: tuple[str, ...] = ()) -> Path:
    """A copy of the package with parts renamed, replaced or left out."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = (edit or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(renames.get(info.filename, info.filename), data)
    return target


def test_a_main_part_found_by_its_relationship_not_its_name(tmp_path: Path) -> None:
    src = SAMPLES / "000_zibo_guofang_2024.docx"
    with zipfile.ZipFile(src) as zf:
        rels = zf.read("_rels/.rels").replace(b"word/document.xml", b"/word/main.xml")
        doc_rels = zf.read("word/_rels/document.xml.rels")
        types = zf.read("[Content_Types].xml").replace(b"/word/document.xml", b"/word/main.xml")
    moved = _rewrite(src, tmp_path / "moved.docx", {"word/document.xml": "word/main.xml",
                                                    "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"},
                     {"_rels/.rels": rels, "word/_rels/document.xml.rels": doc_rels, "[Content_Types].xml": types})
    _assert_same(moved)
    with zipfile.ZipFile(moved) as zf:
        assert open_package(zf).body is not None


def test_no_styles_part_means_no_heading_styles(tmp_path: Path) -> None:
    src = SAMPLES / "000_zibo_guofang_2024.docx"
    bare = _rewrite(src, tmp_path / "bare.docx", {}, drop=("word/styles.xml",))
    with zipfile.ZipFile(bare) as zf:
        package = open_package(zf)
        assert package.styles is None and package.body is not None


def test_the_reader_still_reads_a_copy_with_its_parts_reordered(tmp_path: Path) -> None:
    # Zip member order is not meaning: the parts are found by name and relationship.
    src = SAMPLES / "000_zibo_guofang_2024.docx"
    target = tmp_path / "reordered.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in reversed(zin.infolist()):
            zout.writestr(info.filename, zin.read(info.filename))
    _assert_same(target)


def test_indented_xml_is_parsed_as_python_docx_parses_it(tmp_path: Path) -> None:
    # Some generators indent their XML: whitespace between elements is not content, for
    # python-docx's parser and for this one (the samples, written compactly, cannot tell).
    src = SAMPLES / "000_zibo_guofang_2024.docx"
    with zipfile.ZipFile(src) as zf:
        document = zf.read("word/document.xml").replace(b"><w:p>", b">\n    <w:p>").replace(b"><w:tr", b">\n  <w:tr")
    assert document.count(b"\n") > 50
    indented = _rewrite(src, tmp_path / "indented.docx", {}, {"word/document.xml": document})
    _assert_same(indented)


def test_damaged_styles_of_a_document_that_uses_them_are_one_clear_error(tmp_path: Path) -> None:
    from extractor.errors import UnreadableInput
    from extractor.readers.docx_reader import read_docx

    src = SAMPLES / "000_zibo_guofang_2024.docx"
    with zipfile.ZipFile(src) as zf:
        document = zf.read("word/document.xml").replace(b"<w:p>", b'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', 1)
    assert b"pStyle" in document
    broken = _rewrite(src, tmp_path / "broken.docx", {}, {"word/document.xml": document, "word/styles.xml": b"<w:styles"})
    with pytest.raises(UnreadableInput, match="damaged Word XML"):
        read_docx(broken)
    # The same styles part is never parsed for a document none of whose paragraphs names a style.
    unused = _rewrite(src, tmp_path / "unused.docx", {}, {"word/styles.xml": b"<w:styles"})
    assert read_docx(unused).blocks


def test_paragraphs_in_heading_styles_are_headings(tmp_path: Path) -> None:
    from extractor.layout import Paragraph
    from extractor.readers.docx_reader import read_docx

    document = docx.Document()
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph("本年度，我局认真贯彻落实政府信息公开条例。")
    document.add_paragraph("二、主动公开政府信息情况", style="Title")
    path = tmp_path / "headings.docx"
    document.save(str(path))
    paragraphs = [b for b in read_docx(path).blocks if isinstance(b, Paragraph)]
    assert [(p.text, p.heading) for p in paragraphs] == [
        ("一、总体情况", True), ("本年度，我局认真贯彻落实政府信息公开条例。", False), ("二、主动公开政府信息情况", True)]
