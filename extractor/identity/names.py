"""An agency's own name (what follows its region) in one spelling, and its kind.

Printed names of one agency vary: 国防动员办 / 国防动员办公室, 洪泽区政府 / 洪泽区人民政府,
攀枝花市人民政府国防动员办公室 / 攀枝花市国防动员办公室. ``own_name`` writes each in one form so that
reports of the same agency get the same name (docs/identity.md lists the rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from extractor.identity.aliases import Alias
from extractor.text import nfkc


class Kind(StrEnum):
    GOVERNMENT = "government"
    DEPARTMENT = "department"


# The bodies that are a region's government itself. 管理委员会: a new area's (雄安新区) or a
# development zone's, which stands in for one; 街道办事处: a 街道's, the township-level office.
_GOVERNMENT = frozenset({"人民政府", "行政公署", "管理委员会", "街道办事处", "办事处"})
# Short forms printed for the government's own name and its office.
_SHORT_GOVERNMENT = {"政府": "人民政府", "管委会": "管理委员会", "政府办公室": "人民政府办公室",
                     "政府办公厅": "人民政府办公厅", "政府办": "人民政府办公室"}
# The government's own offices: 人民政府 is part of their name, not an infix to drop.
_GOVERNMENT_OFFICES = frozenset({"人民政府办公室", "人民政府办公厅"})
# 办 at the end is the short form of 办公室 (国防动员办); 办事处 and 办公厅 are other words.
_OFFICE_SHORT = re.compile(r"(?<!公)办$")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC, without spaces and the brackets some agency lines carry (【】)."""
    return _SPACE.sub("", nfkc(text)).strip("【】[]（）()")


def own_name(rest: str, aliases: Iterable[Alias] = ()) -> str:
    """The agency's name after its region, in the one spelling: aliases, 办 → 办公室,
    政府 → 人民政府, and 人民政府 dropped before a department's name."""
    name = clean(rest)
    for alias in aliases:
        name = alias.apply(name)
    name = _SHORT_GOVERNMENT.get(name, name)
    name = _OFFICE_SHORT.sub("办公室", name)
    if name.startswith("人民政府") and name != "人民政府" and name not in _GOVERNMENT_OFFICES:
        # 攀枝花市人民政府国防动员办公室: the department of the city's government, printed also
        # as 攀枝花市国防动员办公室; but 人民政府办公室 is the government's own office.
        name = name[len("人民政府") :]
    return name


def kind_of(name: str) -> Kind | None:
    """Government or department, from the normalised own name; None when there is none."""
    if not name:
        return None
    return Kind.GOVERNMENT if name in _GOVERNMENT else Kind.DEPARTMENT
