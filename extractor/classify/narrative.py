"""Narrative cross-checks: numbers the text states that the tables also hold.

"共收到政府信息公开申请22件", "全区受理政府信息公开申请21件", "行政复议351件，其中结果维持72件":
each pattern below ties a statement to exactly one table field. A statement that cannot be
tied to one field ("行政诉讼3件": direct or after review?) has no pattern and is left alone.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.contract import Check
from extractor.text import nfkc

_GAP = r"[^，,。；;：:\d]{0,14}?"
# (field path, pattern with one number group, a word the paragraph must also hold),
# tried on each narrative sentence.
PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("applications.new_received.total", re.compile(rf"(?:收到|受理|接收|新收){_GAP}申请{_GAP}(\d{{1,12}})件"), ""),
    ("applications.new_received.total", re.compile(rf"(?:收到|受理|接收|新收)(\d{{1,12}})件{_GAP}申请"), ""),
    ("applications.carried_over.total", re.compile(rf"上年结转{_GAP}(\d{{1,12}})件"), ""),
    ("applications.total_processed.total", re.compile(rf"(?:共|全年)办(?:理|结){_GAP}(\d{{1,12}})件"), "申请"),
    ("applications.carried_forward.total", re.compile(rf"(?:结转下一?年度?|转(?:入)?下一?年度?){_GAP}(\d{{1,12}})件"), ""),
    ("applications.granted.total", re.compile(rf"(?:予以公开|同意公开){_GAP}(\d{{1,12}})件"), ""),
    ("applications.partially_granted.total", re.compile(rf"部分公开{_GAP}(\d{{1,12}})件"), ""),
    ("review_litigation.review.total", re.compile(r"行政复议(?:案件)?(\d{1,12})件"), ""),
    ("review_litigation.review.total", re.compile(rf"(\d{{1,12}})件{_GAP}行政复议"), ""),
    ("review_litigation.review.upheld", re.compile(r"行政复议[^。；;]{0,20}?维持(\d{1,12})件"), ""),
)
_SENTENCE = re.compile(r"[^。；;！？]+")


def _value(tables: dict[str, Any], path: str) -> Any:
    node: Any = tables
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def narrative_checks(texts: list[str], tables: dict[str, Any]) -> list[Check]:
    """One check per field the narrative states, on the first statement found."""
    checks: list[Check] = []
    done: set[str] = set()
    for raw in texts:
        text = re.sub(r"\s+", "", nfkc(raw))
        for sentence in _SENTENCE.findall(text):
            for path, pattern, needs in PATTERNS:
                if path in done or needs not in text:
                    continue
                match = pattern.search(sentence)
                if not match:
                    continue
                done.add(path)
                stated = int(match.group(1))
                table = _value(tables, path)
                field = path.split(".", 1)[1]
                details = {"field": path, "stated": stated, "table": table, "text": sentence[:120]}
                if table is None:
                    checks.append(Check(rule=f"narrative.{field}", status="skipped",
                                        message=f"text states {stated}; table value missing", details=details))
                else:
                    ok = stated == table
                    message = f"text states {stated}, table has {table}"
                    if not ok and path == "applications.new_received.total":
                        # A common way to count: 受理 including the applications carried over.
                        carried = _value(tables, "applications.carried_over.total")
                        if carried is not None and stated == table + carried:
                            message += f" (the text counts the {carried} carried over from last year too)"
                    checks.append(Check(rule=f"narrative.{field}", status="pass" if ok else "fail",
                                        message=message, details=details))
    return checks
