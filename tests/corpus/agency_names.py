"""A seeded generator of agency names as reports print them, to sweep identity resolution.

Each draw picks a real division from the shipped table (province, prefecture, county or
township), a government or one of its departments, and prints the name the ways reports do:
with the whole region chain (江苏省淮安市洪泽区人民政府), from the prefecture (淮安市洪泽区…), with
its own region alone (洪泽区人民政府), the prefecture's short form (淮安洪泽区…); 办 for 办公室,
政府 for 人民政府, 人民政府 before a department's name, a space inside. Beside it an address that
agrees (the region, or a district inside a prefecture), one of an unrelated region, or none, and
sometimes a contact sentence. The truth (division, level, kind, the normalised name) is known
from the draw, so each result is scored: right, null with a warning (flagged), or wrong; a wrong
region, level or kind without a warning is SILENT.

Development seeds: 0-4999 (looked at while fixing; 1000-4999 added after the first measurement
found two SILENT cases, to find their kind without looking at the measuring seeds). Measuring
seeds: 100000-101999 (figures in docs/identity.md come from these only:
``python scripts/sweep_identity.py --measure``).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from extractor.identity.divisions import Division, DivisionTable, Level, short_forms, table
from extractor.identity.resolve import IdentitySources, region_prefix, resolve_identity

DEV_SEEDS = range(0, 5000)
MEASURE_SEEDS = range(100_000, 102_000)

_LEVEL_WEIGHTS = {Level.PROVINCE: 1, Level.CITY: 3, Level.COUNTY: 5, Level.TOWNSHIP: 2}
_DEPARTMENTS = {
    Level.PROVINCE: ("财政厅", "公安厅", "司法厅", "人民政府办公厅", "国防动员办公室", "卫生健康委员会", "自然资源厅"),
    Level.CITY: ("财政局", "公安局", "人民政府办公室", "国防动员办公室", "卫生健康委员会", "司法局", "生态环境局",
                 "发展和改革委员会", "市场监督管理局", "自然资源和规划局"),
}
_DEPARTMENTS[Level.COUNTY] = _DEPARTMENTS[Level.CITY]
_STREETS = ("人民路", "建设路", "中山路", "解放大道", "府前街", "文化路")


@dataclass(frozen=True)
class Draw:
    seed: int
    agency: str
    address: str | None
    preamble: tuple[str, ...]
    truth: Division
    kind: str
    name: str  # the normalised name expected
    form: str  # how the name was printed (for the breakdown)
    address_kind: str  # none, agrees, unrelated


def _pick_division(rng: random.Random, divisions: DivisionTable) -> Division:
    level = rng.choices(list(_LEVEL_WEIGHTS), weights=list(_LEVEL_WEIGHTS.values()))[0]
    if level == Level.TOWNSHIP:
        divisions.add_townships()
    pool = [d for d in divisions.by_code.values() if d.level == level]
    return rng.choice(sorted(pool, key=lambda d: d.code))


def _own_name(rng: random.Random, division: Division) -> tuple[str, str]:
    """(the own name as printed canonically, kind)."""
    if division.level == Level.TOWNSHIP:
        return ("办事处" if division.name.endswith("街道") else "人民政府"), "government"
    if rng.random() < 0.4:
        return "人民政府", "government"
    return rng.choice(_DEPARTMENTS[division.level]), "department"


def _printed_own(rng: random.Random, own: str, kind: str) -> str:
    if own == "人民政府" and rng.random() < 0.3:
        return "政府"
    if own.endswith("办公室") and own != "人民政府办公室" and rng.random() < 0.4:
        return own.removesuffix("公室")  # 国防动员办
    if own == "人民政府办公室" and rng.random() < 0.3:
        return "政府办公室"
    if kind == "department" and not own.startswith("人民政府") and rng.random() < 0.2:
        return "人民政府" + own
    return own


def _region(rng: random.Random, division: Division, divisions: DivisionTable) -> tuple[str, str]:
    chain = divisions.ancestors(division)
    form = rng.choice(("canonical", "full", "own", "short_city"))
    if form == "full":
        return "".join(d.name for d in chain), form
    if form == "own":
        return division.name, form
    if form == "short_city":
        city = next((d for d in chain if d.level == Level.CITY and short_forms(d)), None)
        if city is not None and division.level > Level.CITY:
            below = [d for d in chain if d.level > Level.CITY]
            return short_forms(city)[0] + "".join(d.name for d in below), form
    return region_prefix(division, divisions), "canonical"


def _address(rng: random.Random, division: Division, divisions: DivisionTable) -> tuple[str | None, str]:
    roll = rng.random()
    street = f"{rng.choice(_STREETS)}{rng.randint(1, 300)}号"
    if roll < 0.35:
        return None, "none"
    if roll < 0.85:
        place = division
        inside = [c for c in divisions.children.get(division.code, []) if c.level <= Level.COUNTY]
        if inside and rng.random() < 0.5:
            place = rng.choice(sorted(inside, key=lambda d: d.code))  # a district of the prefecture
        return region_prefix(place, divisions) + street, "agrees"
    other = _pick_division(rng, divisions)
    if divisions.is_within(other, division) or divisions.is_within(division, other):
        return region_prefix(other, divisions) + street, "agrees"
    return region_prefix(other, divisions) + street, "unrelated"


def draw(seed: int, divisions: DivisionTable | None = None) -> Draw:
    divisions = divisions or table()
    rng = random.Random(seed)
    division = _pick_division(rng, divisions)
    own, kind = _own_name(rng, division)
    region, form = _region(rng, division, divisions)
    printed = region + _printed_own(rng, own, kind)
    if rng.random() < 0.15:
        cut = rng.randint(1, len(printed) - 1)
        printed = printed[:cut] + " " + printed[cut:]  # a space the layout left inside
    address, address_kind = _address(rng, division, divisions)
    preamble = (f"如对本报告有疑问，请与{printed}联系。",) if rng.random() < 0.3 else ()
    return Draw(seed, printed, address, preamble, division, kind, region_prefix(division, divisions) + own, form,
                address_kind)


@dataclass(frozen=True)
class Score:
    outcome: str  # right, flagged, wrong_flagged, SILENT
    name_right: bool | None  # when right: the normalised name as expected


def score(case: Draw) -> Score:
    result = resolve_identity(IdentitySources(case.agency, case.address, case.preamble))
    identity, warned = result.identity, bool(result.warnings)
    if identity.division_code is None:
        return Score("flagged" if warned else "SILENT", None)
    right = (
        identity.division_code == case.truth.division_code
        and identity.level == case.truth.level.label
        and identity.kind == case.kind
    )
    if right:
        return Score("right", identity.name == case.name)
    return Score("wrong_flagged" if warned else "SILENT", None)


def sweep(seeds: range) -> tuple[Counter[str], Counter[str], list[tuple[Draw, Score]]]:
    """Outcomes, names right/wrong among the right ones, and every case not right."""
    outcomes: Counter[str] = Counter()
    names: Counter[str] = Counter()
    misses = []
    for seed in seeds:
        case = draw(seed)
        result = score(case)
        outcomes[result.outcome] += 1
        if result.name_right is not None:
            names["name right" if result.name_right else "name differs"] += 1
        if result.outcome != "right" or result.name_right is False:
            misses.append((case, result))
    return outcomes, names, misses
