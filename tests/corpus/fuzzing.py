"""Mutations of the samples' bytes, shared by the fuzz test (hypothesis, a few hundred cases)
and ``scripts/fuzz.py`` (the long run in a supervised pool).

Each mutator takes the original bytes and a ``random.Random`` and returns new bytes. Byte
flips alone mostly break a DOCX's CRC or a PDF's compressed streams, so there are also
structure-aware mutations: the XML inside a DOCX re-zipped intact, and the PDF's syntax
(numbers, names, brackets, keywords) edited where the parser reads it.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.helpers import SAMPLES

Mutator = Callable[[bytes, random.Random], bytes]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    """Copy a run of the file over another place (duplicated objects, shifted offsets)."""
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    at = rng.randrange(len(data))
    return data[:at] + data[a : min(b, a + 4096)] + data[at:]


_PDF_TOKEN = re.compile(rb"-?\d+(?:\.\d+)?|/[A-Za-z]+|<<|>>|\[|\]|\bobj\b|\bendobj\b|\bR\b|\bstream\b|\bxref\b")
_PDF_REPLACEMENTS = [b"0", b"-1", b"999999999", b"1e308", b"/Null", b"<<", b">>", b"[", b"]", b"", b"R", b"obj",
                     b"65536", b"0 0 R", b"/Kids", b"/Count 1000000000"]


def pdf_syntax(data: bytes, rng: random.Random) -> bytes:
    """Replace a few PDF tokens outside compressed streams with hostile ones."""
    tokens = [m.span() for m in _PDF_TOKEN.finditer(data, 0, min(len(data), 2_000_000))]
    out = bytearray(data)
    for start, end in sorted(rng.sample(tokens, min(len(tokens), rng.randint(1, 8))), reverse=True):
        out[start:end] = rng.choice(_PDF_REPLACEMENTS)
    return bytes(out)


def _rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    return buf.getvalue()


_XML_REPLACEMENTS = [b"", b"<", b">", b"</w:tc>", b"<w:tc>", b"<w:tbl>", b"</w:tr>", b'w:val="99999"', b'w:val="-3"',
                     b'w:val="x"', b"<w:vMerge/>", b'<w:gridSpan w:val="7"/>', b"&amp;", b"\xff\xfe", b"\x00"]


def docx_xml(data: bytes, rng: random.Random) -> bytes:
    """Edit word/document.xml (tags, attribute values, merges, spans) and re-zip correctly."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = bytearray(parts["word/document.xml"])
    for _ in range(rng.randint(1, 10)):
        at = rng.randrange(len(xml))
        cut = rng.choice((0, 0, 1, 5, 40))
        xml[at : at + cut] = rng.choice(_XML_REPLACEMENTS)
    parts["word/document.xml"] = bytes(xml)
    if rng.random() < 0.1:
        parts.pop(rng.choice(sorted(parts)))
    return _rezip(parts)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ATTR_VALUES = ["0", "1", "2", "7", "-1", "64", "65", "100000", "continue", "restart", "", "x", "1e9"]


def docx_tree(data: bytes, rng: random.Random) -> bytes:
    """Well-formed but wrong: table elements deleted, duplicated, moved or nested; spans,
    merges and grid offsets set to odd values. Exercises the reader past the XML parser."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"], etree.XMLParser(resolve_entities=False))
    nodes = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.startswith(_W)
             and e.tag[len(_W):] in ("tbl", "tr", "tc", "p", "r", "t", "tcPr", "gridSpan", "vMerge", "trPr")]
    for _ in range(rng.randint(1, 12)):
        node = rng.choice(nodes)
        parent = node.getparent()
        op = rng.randrange(5)
        if op == 0 and parent is not None:
            parent.remove(node)
        elif op == 1 and parent is not None:
            parent.insert(parent.index(node), etree.fromstring(etree.tostring(node)))
        elif op == 2 and parent is not None:
            target = rng.choice(nodes)
            if node not in target.iterancestors() and target is not node:
                target.append(node)
        elif op == 3:
            tag = rng.choice(("gridSpan", "vMerge", "gridBefore"))
            holder = node if node.tag.endswith(("tcPr", "trPr")) else etree.SubElement(node, f"{_W}tcPr")
            etree.SubElement(holder, f"{_W}{tag}").set(f"{_W}val", rng.choice(_ATTR_VALUES))
        elif node.tag == f"{_W}t":
            node.text = rng.choice(["", "1,234", "１２", "-", "合计", "（四）无", "法提供", "9" * 30, "\u3000" * 5])
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _rezip(parts)


def text_edit(data: bytes, rng: random.Random) -> bytes:
    """Numbers, labels and separators of a text copy shuffled, doubled or made huge."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0:
            lines[i] = str(rng.choice([10**18, -5, 0, 3.5, 10**10])).encode()
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            lines[i] = lines[i].replace(b"\t", b"") + b"\t" * rng.randint(1, 40)
        else:
            del lines[i]
    return b"\n".join(lines)


MUTATORS: dict[str, list[Mutator]] = {
    "pdf": [flip_bytes, truncate, splice, pdf_syntax, pdf_syntax],
    "docx": [flip_bytes, truncate, docx_xml, docx_tree, docx_tree, docx_tree],
    "txt": [flip_bytes, truncate, splice, text_edit, text_edit],
    "doc": [flip_bytes, truncate, splice],
}


def originals(fmt: str) -> list[Path]:
    return sorted(SAMPLES.glob(f"*.{fmt}"))


def mutate(fmt: str, rng: random.Random) -> tuple[Path, str, bytes]:
    """A mutated copy of one sample of ``fmt``: (original, mutator name, bytes)."""
    source = rng.choice(originals(fmt))
    mutator = rng.choice(MUTATORS[fmt])
    data = source.read_bytes()
    for _ in range(rng.choice((1, 1, 1, 2))):
        try:
            data = mutator(data, rng) if data else data
        except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
            break  # a second structural edit of a container the first one broke
    return source, mutator.__name__, data
