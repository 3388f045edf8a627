"""A document in traditional characters (a mirror site's conversion) read in simplified ones.

Every label the mapping knows is simplified (规范性文件, 行政复议), so a copy in traditional
characters (規範性文件, 行政復議) would lose all its tables. A document is traditional when
characters that only traditional text uses make up a share of its CJK text; it is then converted
with OpenCC (``t2s``), an optional extra (``pip install govreport[traditional]``). Without
OpenCC the document is read as printed and one warning says why its labels may not be found.
A converted cell keeps its text as printed (``Cell.printed``), which provenance shows as ``raw``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

from extractor.contract import Warning
from extractor.layout import Cell, Document, Paragraph, Table
from extractor.text import is_cjk
from extractor.warning_codes import WarningCode

# The 199 characters OpenCC's s2t changed most often in the sample reports, less those a
# simplified text also uses (於, 係, 併, 幹, 祕, 採, 佈, 覈, 並, 復, 製, 徵, 彙): none of these
# is written in simplified text, and a report in traditional characters is full of them.
TRADITIONAL_ONLY = frozenset(
    "開辦務動請結國項規進關數況發實處員內議條時計強機範總審報題對確會爲責組網讀單門業問領費複訴屬體專設導類據區點織衆號臺調嚴"
    "訓決無維過級統負與監錄積極現欄權構訟編後優準斷認糾圍華態協經續參轉護際個電獲執標堅備職繼質預罰詢補當學縣戶聯郵則納穩財廢"
    "許夠習羣餘雙鏈檢將評這沒訪舉較識運萬針應絡繫話傳繞溝劃徑節驗豐廣視貫徹間揮額誰賬頻簡稱張擴滿見齊減創勢緊爭礎繳圖東該層黨"
    "熱壓還約討踐義書畢變適價載長線資籌屆誤"
)


@dataclass(frozen=True)
class TraditionalSettings:
    # Share of a document's CJK characters that are traditional-only for it to be traditional:
    # a traditional report has a fifth to a third of them; a simplified one none but a name or
    # a quoted title now and then.
    min_share: float = 0.03
    # And at least this many such characters (a short document proves little).
    min_count: int = 10


def is_traditional(texts: list[str], settings: TraditionalSettings | None = None) -> bool:
    settings = settings or TraditionalSettings()
    cjk = hits = 0
    for text in texts:
        for ch in text:
            if ch in TRADITIONAL_ONLY:
                hits += 1
                cjk += 1
            elif is_cjk(ch):
                cjk += 1
    return hits >= settings.min_count and hits >= settings.min_share * max(cjk, 1)


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    """OpenCC's traditional-to-simplified converter, or None when OpenCC is not installed."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def to_simplified(document: Document) -> Document:
    """``document`` with its text in simplified characters, if it was in traditional ones."""
    texts = [t for block in document.blocks for t in _texts(block)]
    if not is_traditional(texts):
        return document
    converter = _converter()
    if converter is None:
        warning = Warning(code=WarningCode.TRADITIONAL_NOT_CONVERTED,
                          message="the text is in traditional characters and OpenCC is not installed "
                          "(pip install 'govreport[traditional]'); read as printed, labels may not be recognised")
        return replace(document, warnings=[*document.warnings, warning])
    blocks = [_convert_block(block, converter.convert) for block in document.blocks]
    warning = Warning(code=WarningCode.TRADITIONAL_CONVERTED,
                      message="the text is in traditional characters; converted to simplified (OpenCC t2s) before "
                      "its tables and sections were recognised; values' raw text kept as printed",
                      where={"converter": "opencc t2s"})
    return replace(document, blocks=blocks, warnings=[*document.warnings, warning])


def _texts(block: Paragraph | Table) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    return [cell.text for cell in block.cells]


def _convert_block(block: Paragraph | Table, convert: Any) -> Paragraph | Table:
    if isinstance(block, Paragraph):
        return replace(block, text=convert(block.text))
    return replace(block, cells=[_convert_cell(cell, convert) for cell in block.cells])


def _convert_cell(cell: Cell, convert: Any) -> Cell:
    text = convert(cell.text)
    return cell if text == cell.text else replace(cell, text=text, printed=cell.printed or cell.text)
