"""Crawler and CMS metadata put around real report texts, in the forms crawlers and sites print.

``crawled_copy(text, seed)`` wraps a text copy in a random crawler header (标题/题名, 发布时间 in
several date forms, 文号 often empty, 发布机构, 来源, 栏目, 索引号, 主题分类, 原文链接, 浏览次数; a
colon half- or full-width, 【】 brackets, one field a line or several on one line, blank lines or
none) and sometimes a trailer; ``cms_page(html, seed)`` puts a CMS metadata table or info line
above a web page's article. The metadata must change nothing in the document but the date
where the report has none: ``tests/corpus/test_page_metadata.py`` (sampled) and
``scripts/sweep_page_metadata.py`` (whole).
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES, SHARED

_ISSUER_SUFFIXES = ("办公室", "综合科", "管委会办公室", "政务公开办")


@dataclass(frozen=True)
class Crawled:
    text: str
    published: str  # ISO date the header states
    header: list[str]  # the metadata lines as written


def _colon(rng: random.Random) -> str:
    return rng.choice([": ", "：", ":", "： ", "　：　"])


def _field(rng: random.Random, name: str, value: str) -> str:
    if rng.random() < 0.15:
        return f"【{name}】{value}"
    return f"{name}{_colon(rng)}{value}"


def _date(rng: random.Random, year: int, month: int, day: int) -> str:
    hour, minute = rng.randrange(8, 19), rng.randrange(60)
    return rng.choice([
        f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}",
        f"{year}-{month:02d}-{day:02d}",
        f"{year}年{month}月{day}日",
        f"{year}/{month:02d}/{day:02d} {hour:02d}:{minute:02d}:{rng.randrange(60):02d}",
        f"{year}.{month:02d}.{day:02d}",
    ])


def header_fields(rng: random.Random, title: str, agency: str, year: int) -> tuple[list[tuple[str, str]], str]:
    month, day = rng.randrange(1, 4), rng.randrange(1, 29)
    published = f"{year + 1:04d}-{month:02d}-{day:02d}"
    issuer = agency + rng.choice(_ISSUER_SUFFIXES) if agency and rng.random() < 0.5 else agency or "区政府办公室"
    fields = [
        (rng.choice(["标题", "题名", "文章标题"]), title),
        (rng.choice(["发布时间", "发布日期", "发文日期"]), _date(rng, year + 1, month, day)),
    ]
    optional = [
        ("文号", rng.choice(["", "", f"政办〔{year + 1}〕{rng.randrange(1, 40)}号"])),
        ("发布机构", issuer),
        ("来源", rng.choice([issuer, f"{agency}网站" if agency else "本站"])),
        ("栏目", rng.choice(["年度报告", "政府信息公开年报", "政府信息公开 > 年度报告"])),
        ("索引号", f"{rng.randrange(10**8, 10**9)}/{year + 1}-{rng.randrange(10**5):05d}"),
        ("主题分类", rng.choice(["综合政务", "政务公开", "其他"])),
        ("原文链接", f"http://www.example.gov.cn/art/{year + 1}/{month}/{day}/art_{rng.randrange(10**4)}.html"),
        ("浏览次数", str(rng.randrange(1, 5000))),
        ("成文日期", _date(rng, year + 1, month, day)),
    ]
    rng.shuffle(optional)
    fields.extend(optional[: rng.randrange(2, len(optional) + 1)])
    if rng.random() < 0.3:
        rng.shuffle(fields)
    return fields, published


def crawled_copy(text: str, seed: int, title: str, agency: str, year: int) -> Crawled:
    """``text`` as a crawler saved it: a metadata header, maybe a trailer, in a random form."""
    rng = random.Random(seed)
    fields, published = header_fields(rng, title, agency, year)
    if rng.random() < 0.25:
        # An info bar read as one line: several fields, spaces between.
        split = rng.randrange(1, len(fields))
        lines = [rng.choice(["  ", "\u3000", " "]).join(_field(rng, n, v) for n, v in fields[:split]),
                 *(_field(rng, n, v) for n, v in fields[split:])]
    else:
        lines = [_field(rng, n, v) for n, v in fields]
    gap = rng.choice(["\n", "\n\n"])
    trailer = ""
    if rng.random() < 0.3:
        trailer = "\n\n" + "\n".join([_field(rng, "来源", agency or "本站"), _field(rng, "浏览次数", str(rng.randrange(99)))])
    return Crawled(gap.join(lines) + "\n\n" + text.rstrip("\n") + trailer + "\n", published, lines)


def cms_table(seed: int, title: str, agency: str, year: int) -> str:
    """A CMS page's metadata table (label cell, value cell, two pairs a row), as HTML."""
    rng = random.Random(seed)
    fields, _ = header_fields(rng, title, agency, year)
    cells = [f"<td class='t'>{n}{rng.choice(['', '：'])}</td><td>{v}</td>" for n, v in fields]
    rows = ["<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
    return "<table class='xxgk_table' border='1'>" + "".join(rows) + "</table>"


# ---------------------------------------------------------------- the sweep

CORPUS = Path(os.environ.get("GOVREPORT_CORPUS", SHARED / "corpus"))
SEEDS = Path(os.environ.get("GOVREPORT_SEEDS", SHARED / "seeds"))


def real_texts() -> list[Path]:
    found = [*sorted(SEEDS.glob("*.txt")), *sorted((CORPUS / "derived-text").glob("*"))]
    return [p for p in found if p.suffix in (".txt", ".md")]


def texts_to_wrap() -> list[Path]:
    return [*sorted(SAMPLES.glob("*.txt")), *real_texts()]


def document(path: Path) -> dict[str, Any]:
    return json.loads(to_json(extract(path)))


def plain_fields(doc: dict[str, Any]) -> dict[str, Any]:
    report = dict(doc["report"])
    report.pop("published_on")
    return {
        "report": report,
        "sections": doc["sections"],
        "tables": doc["tables"],
        "checks": doc["checks"],
        "warnings": [w for w in doc["warnings"] if w["code"] != "from_page_metadata"],
    }


def title_of(doc: dict[str, Any], path: Path) -> tuple[str, str, int]:
    report = doc["report"]
    year = report["year"] or 2024
    agency = report["agency"] or "上海市某区人民政府"
    return report["title"] or f"{agency}{year}年政府信息公开工作年度报告", agency, year


def sweep_text(path: Path, seed: int, tmp: Path) -> list[str]:
    """What a crawler header changed in one text copy (empty: nothing but what it may: the
    date, and the title and agency where the report names none, with a warning)."""
    plain = document(path)
    title, agency, year = title_of(plain, path)
    crawled = crawled_copy(path.read_text(encoding="utf-8"), seed, title, agency, year)
    copy = tmp / f"crawled{seed}{path.suffix}"
    copy.write_text(crawled.text, encoding="utf-8")
    doc = document(copy)
    want = plain_fields(plain)
    filled = {"title": title, "agency": agency}
    for key in ("title", "agency"):
        if want["report"][key] is None:
            want["report"] = {**want["report"], key: filled[key]}
    got = plain_fields(doc)
    if plain["report"]["agency"] is None:
        # The agency now comes from the header: its identity is the header's (issue 27), tested
        # with the identity; the rest must not change.
        identity = ("agency_missing", "identity_unresolved", "identity_conflict")
        want["warnings"] = [w for w in want["warnings"] if w["code"] not in identity]
        got["warnings"] = [w for w in got["warnings"] if w["code"] not in ("identity_unresolved", "identity_conflict")]
    problems = [f"{k} differs" for k in want if want[k] != got[k]]
    sourced = sorted(w["where"]["field"] for w in doc["warnings"] if w["code"] == "from_page_metadata")
    expected_sourced = sorted(f"report.{k}" for k in ("title", "agency") if plain["report"][k] is None)
    if sourced != expected_sourced:
        problems.append(f"from_page_metadata on {sourced}, expected on {expected_sourced}")
    date = plain["report"]["published_on"] or crawled.published
    if doc["report"]["published_on"] != date:
        problems.append(f"published_on {doc['report']['published_on']} != {date}")
    return [f"{path.name} seed {seed}: {p} (header {crawled.header})" for p in problems]
