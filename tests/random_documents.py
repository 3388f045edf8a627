"""A seeded generator of govreport documents for the exporters and the corpus charts: a real
document's shape with every number, text and measure drawn at random from wide ranges.

The numbers: blank (null), 0, small, large, past a spreadsheet's 15 digits, fractional fees in
万元. The texts (agency, check messages): CJK and ASCII with the characters a spreadsheet takes
for a formula's start. The year: any from 2008 to 2030, or unknown. Table 3's （六）: one row or
three, as reports print it. An agency drawn from a small pool (so one agency has several years)
or made up. The identity and measures blocks (issue 27) in some documents, absent in others.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from extractor.contract import APPLICANT_COLUMNS, OTHER_ROW_SINGLE, OTHER_ROWS_SPLIT

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AGENCIES = ("淄博市国防动员办公室", "周口市人民政府办公室", "洪泽区人民政府", "淮安市洪泽区人民政府")


def random_text(rng: random.Random) -> str:
    body = "".join(rng.choice("机关局办公室人民政府国防动员abc123（）·, \"'") for _ in range(rng.randint(0, 12)))
    return rng.choice(("", *FORMULA_STARTS)) + body


def random_number(rng: random.Random, money: bool) -> Any:
    kind = rng.random()
    if kind < 0.2:
        return None  # blank
    if money and kind < 0.6:
        return round(rng.uniform(0, 10**6), rng.randint(1, 4))
    return rng.choice((0, rng.randint(0, 9), rng.randint(0, 10**9), rng.randint(10**15, 10**18)))


def _other_rows(rng: random.Random, applications: dict[str, Any]) -> None:
    """（六） as one row or as three (the rows not printed are null)."""
    single = rng.random() < 0.5
    for row in (*OTHER_ROWS_SPLIT, OTHER_ROW_SINGLE):
        printed = (row == OTHER_ROW_SINGLE) == single
        applications[row] = {c: random_number(rng, False) for c in APPLICANT_COLUMNS} if printed else None


def random_documents(seed: int, template: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """``count`` documents shaped as ``template`` (a real document)."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        doc = copy.deepcopy(template)
        doc["report"]["agency"] = rng.choice(AGENCIES) if rng.random() < 0.6 else random_text(rng)
        doc["report"]["year"] = rng.choice((None, rng.randint(2008, 2030), rng.randint(2021, 2024)))
        for rows in doc["tables"].values():
            for values in rows.values():
                for column in values or {}:
                    values[column] = random_number(rng, column == "amount")
        _other_rows(rng, doc["tables"]["applications"])
        for check in doc["checks"]:
            check["message"] = random_text(rng)
            check["status"] = rng.choice(("pass", "fail", "skipped"))
        doc["warnings"] = doc["warnings"][: rng.randint(0, len(doc["warnings"]))]
        if rng.random() < 0.6:
            doc["identity"] = {"name": rng.choice((None, *AGENCIES, random_text(rng))),
                               "division_code": f"{rng.randint(110000, 659999)}",
                               "level": rng.choice(("county", "city", None)), "evidence": [{"source": "title"}]}
            doc["measures"] = {"timeliness": {"on_time": rng.choice((True, False, None)),
                                              "days_late": rng.choice((None, rng.randint(0, 400)))},
                               "repetition": rng.choice((None, {"overall": rng.random(),
                                                                "by_section": {"overview": rng.random()}}))}
        docs.append(doc)
    return docs
