"""The parts of a Word .docx the reader uses, read straight from its zip.

A .docx is an Open Packaging Conventions zip (ECMA-376 part 2): ``_rels/.rels`` names the main
document part, whose own ``_rels/<name>.rels`` names its styles part and its pictures by id.
The reader needs exactly those three things and reads everything else from the XML itself,
so opening the package through python-docx (which loads every part and registers two hundred
element classes on import: ≈ 50 ms of every one-shot Word extraction) bought nothing.
python-docx stays the reference: ``tests/read/test_docx_package.py`` opens every sample and
variant both ways and requires the same document, styles and pictures.

The XML is parsed as python-docx parses it (blank text dropped, entities never resolved); the
container has been checked before (``word_guard``: no DTD, not a zip bomb, not damaged).
"""

from __future__ import annotations

import functools
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from extractor.errors import UnreadableInput
from extractor.readers.word_guard import ZIP_ERRORS

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELATIONSHIP = f"{{{_PACKAGE_RELS}}}Relationship"
# Relationship types, transitional and strict spellings: only the last path segment differs
# in meaning, so that is what is compared.
_MAIN_DOCUMENT = "officeDocument"
_STYLES = "styles"
# Where Word, LibreOffice and WPS put the main part; used when the package relationships are
# missing (the container check has already required this member).
DEFAULT_DOCUMENT = "word/document.xml"

# python-docx's parser settings (docx.oxml.parser): whitespace-only text between elements is
# not content; an entity is never expanded.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@functools.cache
def qn(tag: str) -> str:
    """Clark name of a prefixed tag: ``qn("w:p")`` → ``"{…/main}p"`` (cached: a 120,000-cell
    table looks the few tags up millions of times)."""
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


@dataclass
class WordPackage:
    """An open .docx: the main document's XML, its styles' XML and its related parts."""

    zip: zipfile.ZipFile
    document: etree._Element
    # The styles part's name, parsed on first use: Word's styles part runs to hundreds of KB
    # (every latent style), 8-11 ms to parse, and is needed only when paragraphs name a style.
    styles_name: str | None = None
    # Relationship id → part name in the zip (internal targets only: links are not parts).
    related: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> etree._Element | None:
        return self.document.find(qn("w:body"))

    @functools.cached_property
    def styles(self) -> etree._Element | None:
        """The styles part's XML; None when the document has none. Raises as ``open_package``."""
        if self.styles_name is None or self.styles_name not in self.zip.NameToInfo:
            return None
        return etree.fromstring(self.zip.read(self.styles_name), _PARSER)

    def blob(self, relationship_id: str) -> bytes | None:
        """The bytes of the part the main document relates by this id (a picture), if any."""
        name = self.related.get(relationship_id)
        if name is None:
            return None
        try:
            return self.zip.read(name)
        except KeyError:  # a relationship to a part the zip does not hold
            return None
        except (OSError, *ZIP_ERRORS) as exc:
            raise UnreadableInput(f"damaged Word file: {type(exc).__name__}: {exc}") from exc


def open_package(zf: zipfile.ZipFile) -> WordPackage:
    """Parse the main document of an open .docx zip and find its related parts. Raises
    ``KeyError`` for a missing part and ``etree.XMLSyntaxError`` for damaged XML."""
    targets = _relationships(zf, "")
    document_name = _first_of_type(targets, _MAIN_DOCUMENT) or DEFAULT_DOCUMENT
    document = etree.fromstring(zf.read(document_name), _PARSER)
    related_types = _relationships(zf, document_name)
    return WordPackage(
        zip=zf,
        document=document,
        styles_name=_first_of_type(related_types, _STYLES),
        related={rid: name for rid, (_, name) in related_types.items()},
    )


def _relationships(zf: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part name) of a part (``""``: the package itself),
    internal targets only, in document order. No relationships part: none."""
    directory, name = posixpath.split(source)
    rels_name = posixpath.join(directory, "_rels", f"{name}.rels")
    if rels_name not in zf.NameToInfo:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in etree.fromstring(zf.read(rels_name), _PARSER).iter(_RELATIONSHIP):
        rid, rel_type, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
        if not rid or not target or rel.get("TargetMode") == "External":
            continue
        out[rid] = (rel_type, _part_name(directory, target))
    return out


def _part_name(base: str, target: str) -> str:
    """A relationship target as a zip member name: absolute ("/word/x.xml") or relative to
    the source part's folder ("media/image1.png", "../customXml/item1.xml")."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path).lstrip("/")


def _first_of_type(relationships: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((name for rel_type, name in relationships.values() if rel_type.rsplit("/", 1)[-1] == kind), None)
