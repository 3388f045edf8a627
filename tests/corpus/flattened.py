"""Text copies whose tables lost their cell separators (issue 30): a seeded generator and its scoring.

Each case is a report's tables (``Source``): a sample's expected JSON, a random variant's
(``tests/corpus/variants.py``: random numbers, so its arithmetic is almost never consistent), or
a drawn report whose arithmetic is consistent (``consistent_tables``: rows that add up to their
totals, columns that balance, outcomes that add up to 总计, blocks of table 4 that add up). A seed
renders it as a text copy whose tables are flattened: every cell of a row joined with no
separator, labels kept (numbering style and label wording drawn), each table on one line or one
row per line or wrapped at a random width, and in traditional characters in a share of the copies
(OpenCC's s2t; skipped where OpenCC is missing). Drawn per copy as well (``Print``): blank cells
(a share of the zero cells, at a drawn rate, printed as a drawn placeholder "—", "－", "-", "/",
"／", "无", "——" or as nothing at all, vanishing), thousands separators in numbers of four digits
or more (",", "，", a space, a full-width space) and spaces between some cells.

``judge`` compares an extraction with the truth field by field: recovered, null as ambiguous
(a ``cells_ambiguous`` warning names it), null for another reason, or WRONG (a number that is not
the truth; SILENT if no warning names the field).
"""

from __future__ import annotations

import json
import random
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.checks import application_checks, review_checks
from extractor.contract import (
    APPLICANT_COLUMNS,
    OTHER_ROW_SINGLE,
    OTHER_ROWS_SPLIT,
    OUTCOME_ROWS_BEFORE_OTHER,
    PROACTIVE_2019,
    PROACTIVE_2021,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
)
from extractor.pipeline import extract, to_json
from scripts.samples.national_tables import LABELS_2021, OTHER
from tests.corpus import flattened_oracle as oracle
from tests.corpus.variants import (
    GROUPS,
    HEADERS_2019,
    HEADERS_2021,
    LEAVES,
    PROACTIVE_LABELS,
    Layout,
    Variant,
)

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "samples" / "expected"
TABLES = ("proactive_disclosure", "applications", "review_litigation")
# Fixed up front: development seeds were looked at while writing the recovery, measuring seeds not.
# "retired" was the first measuring set: its run showed 4 wrong values (a decimal point wrapped to
# the next line; a coincidental cut in table 4 printed as three tables), which were looked at and
# fixed, so it is a development set now and figures come from "measure".
# Issue 30's follow-up (blank cells, glue, the oracle, signed columns) drew its development seeds
# 0-199 and a fresh measuring set 9300-9599, fixed before the work began; "measure-30" is the set
# issue 30 reported on (kept to show its 0 wrong values still hold).
# 9300-9599 was measured once (3 wrong values, 1 SILENT, and one table recovered that the text
# does not determine: see docs/accuracy.md); its cases were then looked at and fixed, so it is
# retired too, and "measure" is 9600-9899, fixed before that run.
SEED_SETS = {"dev": range(0, 200), "retired": range(5000, 5300), "measure-30": range(9000, 9300),
             "retired-30b": range(9300, 9600), "measure": range(9600, 9900), "measure-31": range(9900, 10200)}
# How a blank cell is printed: a placeholder, or nothing (the cell vanishes from the run).
PLACEHOLDERS = ("—", "－", "-", "/", "／", "无", "——")
VANISH = ""
THOUSANDS = (",", "，", " ", "\u3000")
CELL_SPACES = (" ", "\u3000")
NUMBERING = ("{n}.", "{n}、", "（{n}）", "{n}．")
GROUP_LINES_2021 = [("第二十条第（一）项", ["regulations", "normative_documents"]), ("第二十条第（五）项", ["licensing"]),
                    ("第二十条第（六）项", ["punishment", "coercion"]), ("第二十条第（八）项", ["fees"])]
GROUP_LINES_2019 = [("第二十条第（一）项", ["regulations", "normative_documents"]),
                    ("第二十条第（五）项", ["licensing", "other_services"]),
                    ("第二十条第（六）项", ["punishment", "coercion"]), ("第二十条第（八）项", ["fees"]),
                    ("第二十条第（九）项", ["procurement"])]
REVIEW_HEADER = ("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
                 "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")
REVIEW_PART_NAMES = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
REVIEW_COLUMN_NAMES = "结果维持结果纠正其他结果尚未审结总计"


@dataclass(frozen=True)
class Source:
    """A report's truth: agency, year, template and its three tables (contract names)."""

    name: str
    agency: str
    year: int
    template: str
    tables: dict[str, Any]
    columns: tuple[str, ...] = APPLICANT_COLUMNS  # table 3's printed columns
    # Set where blank cells were drawn into a source: whether it was consistent before (the
    # blanks replace zeros, so its arithmetic still holds with a blank as an unknown count).
    consistent_before_blanks: bool | None = None

    @property
    def consistent(self) -> bool:
        """Every identity of tables 3 and 4 passes on the truth (no blank cell either), or did
        before blank cells were drawn into it."""
        if self.consistent_before_blanks is not None:
            return self.consistent_before_blanks
        checks = application_checks(self.tables["applications"]) + review_checks(self.tables["review_litigation"])
        return all(c.status == "pass" for c in checks)


# --- sources ---------------------------------------------------------------------------------


def sample_sources() -> list[Source]:
    """One source per sample report (its expected JSON; the formats share the truth)."""
    out: dict[str, Source] = {}
    for path in sorted(EXPECTED.glob("*.json")):
        stem = path.name.split(".")[0]
        data = json.loads(path.read_text(encoding="utf-8"))
        report, tables = data.get("report") or {}, data.get("tables") or {}
        if stem in out or not all(tables.get(t) for t in TABLES):
            continue
        out[stem] = Source(stem, report["agency"], report["year"], report["template"], tables)
    return list(out.values())


def variant_source(seed: int, workdir: Path) -> Source:
    """A random variant's truth (numbers drawn independently: its arithmetic does not add up)."""
    variant = Variant(seed, Layout(blank_rate=0.0))
    truth = variant.build(workdir / f"variant-{seed}.docx")
    report = truth["report"]
    return Source(f"variant {seed}", report["agency"], report["year"], report["template"], truth["tables"],
                  tuple(variant.columns))


def _count(rng: random.Random, scale: int) -> int:
    """Mostly 0, often small, now and then large: how these tables' numbers are spread."""
    roll = rng.random()
    if roll < 0.55:
        return 0
    if roll < 0.85:
        return rng.randint(1, 9)
    if roll < 0.97:
        return rng.randint(10, 99)
    return rng.randint(100, max(100, scale))


def consistent_tables(seed: int, signed: bool = False) -> Source:
    """A report whose arithmetic holds everywhere, numbers from wide ranges. ``signed``: the
    2019 template, its 本年增/减 column drawn with signs (``_signed_changes``)."""
    rng = random.Random(seed)
    version = rng.choice(["2021", "2019"])
    if signed:
        version = "2019"
    scale = rng.choice([99, 999, 9999])
    single = version == "2019" or rng.random() < 0.4
    others = [OTHER_ROW_SINGLE] if single else list(OTHER_ROWS_SPLIT)
    outcome_rows = [*OUTCOME_ROWS_BEFORE_OTHER, *others]
    parts = [c for c in APPLICANT_COLUMNS if c != "total"]
    apps: dict[str, dict[str, int]] = {r: {} for r in ("new_received", "carried_over", *outcome_rows,
                                                       "total_processed", "carried_forward")}
    for col in parts:
        new, carried = _count(rng, scale), _count(rng, scale // 10 or 9)
        done = rng.randint(0, new + carried) if rng.random() < 0.5 else new + carried
        apps["new_received"][col], apps["carried_over"][col] = new, carried
        apps["total_processed"][col], apps["carried_forward"][col] = done, new + carried - done
        shares = dict.fromkeys(outcome_rows, 0)
        for _ in range(done):
            shares[rng.choice(outcome_rows[:3] * 6 + outcome_rows)] += 1
        for row in outcome_rows:
            apps[row][col] = shares[row]
    for values in apps.values():
        values["total"] = sum(values[c] for c in parts)
    review: dict[str, dict[str, int]] = {}
    for block in REVIEW_BLOCKS:
        review[block] = {c: _count(rng, 30) for c in REVIEW_COLUMNS[:-1]}
        review[block]["total"] = sum(review[block].values())
    spec = PROACTIVE_2019 if version == "2019" else PROACTIVE_2021
    proactive: dict[str, dict[str, Any]] = {}
    for item, cols in spec.items():
        proactive[item] = {}
        for col in cols:
            value: int | float = _count(rng, scale * 10)
            if col == "amount" and value and rng.random() < 0.5:
                value = round(value / 10, 1)
            proactive[item][col] = value
    tables = {"proactive_disclosure": proactive, "applications": {r: {**apps[r]} for r in apps},
              "review_litigation": review}
    if signed:
        _signed_changes(proactive, random.Random(f"signed-{seed}"))
        return Source(f"signed {seed}", "嘉兴市南湖区人民政府", rng.randint(2019, 2025), version, tables)
    return Source(f"consistent {seed}", "嘉兴市南湖区人民政府", rng.randint(2019, 2025), version, tables)


def _signed_changes(proactive: dict[str, dict[str, Any]], rng: random.Random) -> None:
    """本年增/减 as reports print it: a change up or down from last year's count (never below
    it), as "-3", "+3" or "3" (``SignedInt`` keeps how it is printed)."""
    plus = rng.random() < 0.5
    for cols in proactive.values():
        if "items_change" not in cols:
            continue
        last = cols.get("items_last_year") or 0
        roll = rng.random()
        change = 0 if roll < 0.3 else -rng.randint(1, max(1, last)) if roll < 0.65 and last else _count(rng, 99)
        cols["items_change"] = SignedInt(change, plus and change > 0)


class SignedInt(int):
    """A change printed with an explicit "+" when ``plus`` (the truth is the int itself)."""

    def __new__(cls, value: int, plus: bool) -> SignedInt:
        out = super().__new__(cls, value)
        out.plus = plus
        return out

    def __str__(self) -> str:
        return f"+{int(self)}" if getattr(self, "plus", False) else str(int(self))


# --- rendering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    layout: str  # "line": a table on one line; "rows": a row per line; "wrapped": fixed width
    width: int
    numbering: str
    traditional: bool
    review_parts: bool  # table 4 as three small tables

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        return cls(rng.choice(["line", "rows", "wrapped"]), rng.randint(18, 90), rng.choice(NUMBERING),
                   rng.random() < 0.3, rng.random() < 0.2)


@dataclass(frozen=True)
class Print:
    """How a copy prints its cells (drawn per copy, from its own random stream so that the
    layout drawn by ``Style`` for a seed is the one issue 30 swept)."""

    blank_rate: float  # share of the zero cells printed blank (truth: null)
    blank: str  # the placeholder for a blank cell, or "" (vanishing)
    thousands: str  # separator in numbers of four digits or more ("" none)
    space_rate: float  # share of the joints between two cells printed as a space
    space: str

    @classmethod
    def draw(cls, rng: random.Random) -> Print:
        roll = rng.random()
        rate = rng.uniform(0.05, 0.6)
        if roll < 0.35:
            rate, blank = 0.0, VANISH
        elif roll < 0.7:
            blank = rng.choice(PLACEHOLDERS)
        else:
            blank = VANISH
        thousands = rng.choice(THOUSANDS) if rng.random() < 0.5 else ""
        space_rate = rng.uniform(0.05, 0.3) if rng.random() < 0.3 else 0.0
        return cls(rate, blank, thousands, space_rate, rng.choice(CELL_SPACES))

    def for_layout(self, style: Style) -> Print:
        """A row on a line of its own with a space between two cells is a text table's row
        (the ordinary reader's, not a flattened one): spaces between cells only where rows run
        on (a table on one line, or wrapped)."""
        if style.layout != "rows":
            return self
        return Print(self.blank_rate, self.blank, self.thousands if self.thousands.strip() else "", 0.0, self.space)

    def cell(self, value: Any) -> str:
        if value is None:
            return self.blank
        if self.thousands and abs(value) >= 1000:
            return f"{value:,}".replace(",", self.thousands)
        return str(value)

    def cells(self, values: list[Any], rng: random.Random) -> str:
        """A row's cells joined as a flattened copy prints them: mostly nothing between them, a
        space now and then between two printed cells (never where a blank vanished: that is a
        text table with a missing cell, which the ordinary reader reads)."""
        return self.join([self.cell(v) for v in values], rng)

    def join(self, texts: list[str], rng: random.Random) -> str:
        out = ""
        for i, text in enumerate(texts):
            if i and text and texts[i - 1] and self.space_rate and rng.random() < self.space_rate:
                out += self.space
            out += text
        return out

    def describe(self) -> str:
        blank = "no blanks" if not self.blank_rate else f"blanks {self.blank or 'vanish'} {self.blank_rate:.2f}"
        glue = f", thousands {self.thousands!r}" if self.thousands else ""
        glue += f", spaces {self.space_rate:.2f}" if self.space_rate else ""
        return blank + glue


def with_blanks(source: Source, rate: float, rng: random.Random) -> Source:
    """``source`` with a share ``rate`` of its zero cells blank (null in the truth)."""
    if not rate:
        return source
    # Copied row by row (the values themselves kept: a SignedInt keeps how it prints).
    tables = {name: {row: dict(cols) if cols else cols for row, cols in table.items()}
              for name, table in source.tables.items()}
    for table in tables.values():
        for cols in table.values():
            for col, value in (cols or {}).items():
                if value == 0 and rng.random() < rate:
                    cols[col] = None
    return Source(source.name, source.agency, source.year, source.template, tables, source.columns,
                  source.consistent)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass
class Printed:
    """The runs a copy printed, as the generator wrote them (before wrapping or conversion):
    table 2 and 3 by row, table 4 as (blocks, run) pairs. The oracle reads these."""

    proactive: dict[str, str] = field(default_factory=dict)
    applications: dict[str, str] = field(default_factory=dict)
    review: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


def _proactive_rows(source: Source, rng: random.Random, pr: Print, prng: random.Random, out: Printed) -> list[str]:
    version = source.template
    headers = HEADERS_2019 if version == "2019" else HEADERS_2021
    spec = PROACTIVE_2019 if version == "2019" else PROACTIVE_2021
    lines: list[str] = []
    for title, items in GROUP_LINES_2019 if version == "2019" else GROUP_LINES_2021:
        lines.append(title + "信息内容" + "".join(headers[c] for c in spec[items[0]]))
        for item in items:
            values = source.tables["proactive_disclosure"][item]
            run = out.proactive[item] = pr.cells([values[c] for c in spec[item]], prng)
            lines.append(rng.choice(PROACTIVE_LABELS[item]) + run)
    return lines


def _application_rows(source: Source, style: Style, rng: random.Random, pr: Print, prng: random.Random,
                      out: Printed) -> list[str]:
    apps = source.tables["applications"]
    cols = source.columns
    orgs = "".join({"commercial_enterprise": "商业企业", "research_institution": "科研机构",
                    "social_welfare_org": rng.choice(["社会公益组织", "社会组织"]), "legal_service_org": "法律服务机构",
                    "other_org": "其他"}[c] for c in cols if c not in ("natural_person", "total"))
    lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计" + orgs]

    def row(key: str, label: str) -> str:
        run = out.applications[key] = pr.cells([apps[key].get(c) for c in cols], prng)
        return label + run

    lines.append(row("new_received", LABELS_2021["new_received"]))
    lines.append(row("carried_over", LABELS_2021["carried_over"]))
    lines.append(row("granted", "三、本年度办理结果" + LABELS_2021["granted"]))
    lines.append(row("partially_granted", LABELS_2021["partially_granted"]))
    for group, keys in GROUPS:
        for i, key in enumerate(keys, 1):
            head = group if i == 1 else ""
            lines.append(row(key, head + style.numbering.format(n=i) + rng.choice(LEAVES[key])))
    if OTHER_ROW_SINGLE in apps and apps[OTHER_ROW_SINGLE] is not None:
        lines.append(row(OTHER_ROW_SINGLE, OTHER))
    else:
        for i, key in enumerate(OTHER_ROWS_SPLIT, 1):
            lines.append(row(key, (OTHER if i == 1 else "") + style.numbering.format(n=i) + LEAVES[key][0]))
    lines.append(row("total_processed", LABELS_2021["total_processed"]))
    lines.append(row("carried_forward", LABELS_2021["carried_forward"]))
    return lines


def _review_rows(source: Source, style: Style, pr: Print, prng: random.Random, out: Printed) -> list[str]:
    review = source.tables["review_litigation"]
    runs = [pr.cells([review[b][c] for c in REVIEW_COLUMNS], prng) for b in REVIEW_BLOCKS]
    if style.review_parts:
        out.review = [((b,), run) for b, run in zip(REVIEW_BLOCKS, runs, strict=True)]
        return [name + REVIEW_COLUMN_NAMES + run for name, run in zip(REVIEW_PART_NAMES, runs, strict=True)]
    # One run: the joints between the blocks are joints between cells too.
    joined = pr.join(runs, prng)
    out.review = [(tuple(REVIEW_BLOCKS), joined)]
    return [REVIEW_HEADER + joined]


def _layout(lines: list[str], style: Style, rng: random.Random) -> str:
    if style.layout == "rows":
        return "\n".join(lines)
    joined = "".join(lines)
    if style.layout == "line":
        return joined
    return "\n".join(textwrap.wrap(joined, style.width, break_on_hyphens=False))


@dataclass(frozen=True)
class Rendered:
    """A text copy, how it was drawn, the truth it prints (blank cells drawn in) and its runs."""

    text: str
    style: Style
    print: Print
    source: Source
    runs: Printed


def render(source: Source, seed: int) -> Rendered:
    """The text copy of ``source`` drawn by ``seed``."""
    rng = random.Random(seed)
    style = Style.draw(rng)
    prng = random.Random(f"print-{seed}")
    pr = Print.draw(prng).for_layout(style)
    source = with_blanks(source, pr.blank_rate, prng)
    runs = Printed()
    parts = [
        source.agency, f"{source.year}年政府信息公开工作年度报告", "一、总体情况",
        "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作稳步推进。",
        "二、主动公开政府信息情况", _layout(_proactive_rows(source, rng, pr, prng, runs), style, rng),
        "三、收到和处理政府信息公开申请情况", _layout(_application_rows(source, style, rng, pr, prng, runs), style, rng),
        "四、政府信息公开行政复议、行政诉讼情况", _layout(_review_rows(source, style, pr, prng, runs), style, rng),
        "五、存在的主要问题及改进情况", "一是公开质量有待提高。", "六、其他需要报告的事项", "本年度未收取信息处理费。",
    ]
    text = "\n".join(parts) + "\n"
    if style.traditional:
        converter = _s2t()
        if converter is None:
            style = Style(style.layout, style.width, style.numbering, False, style.review_parts)
        else:
            text = converter.convert(text)
    return Rendered(text, style, pr, source, runs)


def _s2t() -> Any:
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("s2t")


def opencc_available() -> bool:
    return _s2t() is not None


# --- judging ---------------------------------------------------------------------------------


@dataclass
class Verdict:
    name: str
    consistent: bool
    style: Style
    # Per table: counts of "recovered", "ambiguous", "null" (another reason), "wrong", "blank" (truth null).
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {t: Counter() for t in TABLES})
    problems: list[str] = field(default_factory=list)
    # What the text determines, table by table (``flattened_oracle``).
    determines: dict[str, oracle.Outcome] = field(default_factory=dict)

    @property
    def wrong(self) -> int:
        return sum(c["wrong"] for c in self.counts.values())

    def table_complete(self, table: str) -> bool:
        c = self.counts[table]
        return c["recovered"] + c["blank"] == sum(c.values())

    @property
    def complete(self) -> bool:
        return all(self.table_complete(t) for t in TABLES)


def _warned(doc: dict[str, Any], path: str, code: str | None = None) -> bool:
    return any((w.get("where") or {}).get("field") == path and (code is None or w["code"] == code)
               for w in doc["warnings"])


def judge(source: Source, style: Style, doc: dict[str, Any], name: str) -> Verdict:
    verdict = Verdict(name, source.consistent, style)
    for table in TABLES:
        for row, cols in source.tables[table].items():
            if cols is None:
                continue
            for col, want in cols.items():
                path = f"{table}.{row}.{col}"
                got = (doc["tables"][table].get(row) or {}).get(col)
                if isinstance(want, SignedInt):
                    want = int(want)
                if want is None:
                    kind = "blank" if got is None else "wrong"
                elif got is None:
                    kind = "ambiguous" if _warned(doc, path, "cells_ambiguous") else "null"
                else:
                    kind = "recovered" if got == want and type(got) is type(want) else "wrong"
                verdict.counts[table][kind] += 1
                if kind == "wrong":
                    silent = "" if _warned(doc, path) else " SILENT"
                    if not _warned(doc, path, "cells_inferred") and got is not None:
                        silent += " (not a flattened cut: the text reader read the line as a table row)"
                    verdict.problems.append(f"{name} {path}: expected {want!r}, got {got!r}{silent}")
    return verdict


def run_case(source: Source, seed: int, workdir: Path) -> Verdict:
    copy = render(source, seed)
    path = workdir / f"flat-{seed}.txt"
    path.write_text(copy.text, encoding="utf-8")
    doc = json.loads(to_json(extract(path)))
    style = copy.style
    name = (f"{source.name} seed {seed} ({style.layout}{', traditional' if style.traditional else ''}; "
            f"{copy.print.describe()})")
    verdict = judge(copy.source, style, doc, name)
    verdict.determines = determines(copy)
    return verdict


def determines(copy: Rendered, limits: oracle.Limits | None = None) -> dict[str, oracle.Outcome]:
    """The oracle's reading of each table of ``copy`` from the runs it printed."""
    limits = limits or oracle.Limits()
    truth = copy.source.tables
    return {
        "proactive_disclosure": oracle.proactive(copy.runs.proactive, copy.source.template,
                                                 truth["proactive_disclosure"], limits),
        "applications": oracle.applications(copy.runs.applications, copy.source.columns, truth["applications"], limits),
        "review_litigation": oracle.review(copy.runs.review, truth["review_litigation"], limits),
    }


def sources_for(seed: int, workdir: Path) -> list[Source]:
    """The sources one seed renders: a consistent report; a random variant; one sample in turn;
    a consistent 2019 report whose 本年增/减 column has signs (its own case)."""
    samples = sample_sources()
    return [consistent_tables(seed), variant_source(seed, workdir), samples[seed % len(samples)],
            consistent_tables(seed, signed=True)]
