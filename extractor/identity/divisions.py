"""China's administrative divisions (行政区划), as shipped in ``data/``: look-ups by code and name.

The table is the Ministry of Civil Affairs' 行政区划代码 as of 2025-12-31 (``divisions.tsv``,
``townships.tsv.gz``; built by scripts/build_divisions.py, source and licence in docs/identity.md)
plus ``supplement.tsv``: areas agencies name as their region that the ministry does not list
(雄安新区). Nothing is downloaded: the files ship in the package.
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import resources


class Level(IntEnum):
    """A division's tier; the JSON writes the name (``identity.level``)."""

    PROVINCE = 1
    CITY = 2  # 地级: prefecture-level city, 地区, 自治州, 盟
    COUNTY = 3  # 县级: county, district, county-level city, 旗
    TOWNSHIP = 4  # 乡级: town, township, 街道

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Division:
    code: str  # 6 digits; a township's is 9
    parent: str | None
    level: Level
    name: str

    @property
    def division_code(self) -> str:
        """The 6-digit 行政区划代码: a township carries its county's (townships have none of 6)."""
        return self.code[:6]


# Suffixes a name is also printed without (淮安市 → 淮安, 江苏省 → 江苏). Only provinces and
# prefectures: a county's short form (洪泽) is too often a word or part of a street's name.
_SHORTENED = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
# The shortest short form accepted: one character (东区 → 东) would match anywhere.
_SHORT_MIN = 2


def short_forms(division: Division) -> list[str]:
    """The names a province or prefecture also goes by, without its suffix."""
    if division.level > Level.CITY:
        return []
    name = division.name
    for suffix in _SHORTENED:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix in ("自治区", "自治州"):
                stem = _place_before_nationality(stem)
            return [stem] if len(stem) >= _SHORT_MIN and stem != name else []
    return []


# The 55 nationalities other than 汉 that name autonomous areas (广西壮族自治区, 黔南布依族苗族自治州).
_NATIONALITIES = ["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"]
_NATIONALITY_TAIL = re.compile("(?:" + "|".join(sorted(_NATIONALITIES, key=len, reverse=True)) + ")族?$")


def _place_before_nationality(stem: str) -> str:
    """广西壮族 → 广西, 黔南布依族苗族 → 黔南, 新疆维吾尔 → 新疆: the nationalities' names cut off the end."""
    while True:
        cut = _NATIONALITY_TAIL.sub("", stem)
        if cut == stem or len(cut) < _SHORT_MIN:
            return stem
        stem = cut


class DivisionTable:
    """Every division by code, and by each name it goes by (names are not unique: 鼓楼区)."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.children: dict[str, list[Division]] = defaultdict(list)
        for d in divisions:
            self.by_name[d.name].append(d)
            for short in short_forms(d):
                self.by_name[short].append(d)
            if d.parent:
                self.children[d.parent].append(d)
        self.longest_name = max(len(n) for n in self.by_name)
        self.townships_loaded = False

    def ancestors(self, division: Division) -> list[Division]:
        """From the province down to ``division`` itself."""
        chain = [division]
        while chain[-1].parent and chain[-1].parent in self.by_code:
            chain.append(self.by_code[chain[-1].parent])
        return chain[::-1]

    def is_within(self, inner: Division, outer: Division) -> bool:
        return outer in self.ancestors(inner)

    def names_at(self, text: str, start: int) -> Iterator[tuple[str, list[Division]]]:
        """Each name of the table that ``text`` holds at ``start``, longest first."""
        for end in range(min(len(text), start + self.longest_name), start, -1):
            found = self.by_name.get(text[start:end])
            if found:
                yield text[start:end], found

    def add_townships(self) -> None:
        """The ~39,000 townships, read only when a name goes below a county."""
        if self.townships_loaded:
            return
        self.townships_loaded = True
        for d in _read_townships():
            self.by_code[d.code] = d
            self.by_name[d.name].append(d)
            self.children[d.parent or ""].append(d)
        self.longest_name = max(self.longest_name, *(len(n) for n in self.by_name))


def _data(name: str) -> bytes:
    return (resources.files("extractor.identity") / "data" / name).read_bytes()


def _rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _read_upper() -> list[Division]:
    found = []
    for name in ("divisions.tsv", "supplement.tsv"):
        for code, parent, level, title in _rows(_data(name).decode("utf-8")):
            found.append(Division(code, parent or None, Level(int(level)), title))
    return found


def _read_townships() -> list[Division]:
    text = gzip.decompress(_data("townships.tsv.gz")).decode("utf-8")
    return [Division(code, parent, Level.TOWNSHIP, title) for code, parent, title in _rows(text)]


@cache
def table() -> DivisionTable:
    return DivisionTable(_read_upper())
