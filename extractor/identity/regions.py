"""Where a text names a region: the chain of division names it starts with.

"淮安市洪泽区人民政府" starts with the chain 淮安市 → 洪泽区 and leaves 人民政府; "洪泽区人民政府"
starts with 洪泽区 alone, which the table knows once (320813). Each name after the first must
lie within the one before (so 人民 after 淄博市 is never read as a place), and the chain's
candidates are the divisions its last name can be given the names before it: several when a name
is common (鼓楼区: four cities), and other evidence must choose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.identity.divisions import Division, DivisionTable, Level

# Where an agency's name holds its region after a prefix of its own (国家税务总局淄博市税务局):
# looked for only if the name does not start with one, and only full names (淄博市, not 淄博).
_MAX_PREFIX = 12
# What a township's name ends in (镇, 乡, 街道, and 苏木 in Inner Mongolia).
_TOWNSHIP_WORD = re.compile("镇|乡|街道|苏木")


@dataclass(frozen=True)
class Chain:
    names: tuple[str, ...]  # the division names as printed, outermost first
    candidates: tuple[Division, ...]  # what the last name can be, within the names before it
    start: int  # where the chain starts in the text
    end: int  # where the rest (the agency's own name) starts
    # The chain is a township's name alone (车桥镇人民政府): its region is taken only where other
    # evidence (the address) chooses it, even when the name is the only one of its kind.
    township_alone: bool = False

    @property
    def found(self) -> bool:
        return bool(self.names)


NO_CHAIN = Chain((), (), 0, 0)


def chain_at(
    text: str, start: int, divisions: DivisionTable, *, full_names_only: bool = False, township_first: bool = False
) -> Chain:
    """The longest chain of division names starting at ``start`` (by the characters it covers:
    内江市中区 is 内江 + 市中区, not 内江市 and a rest 中区); ``township_first``: it may start with
    a township's name."""
    steps = _longest(text, start, (), divisions, full_names_only, township_first)
    if not steps:
        return NO_CHAIN
    first_name, first_found = steps[0]
    if len(steps) == 1 and all(d.name != first_name for d in first_found):
        # A short form alone (北京大学, 中山大学, 淄博高新区) is as often a word or an institution
        # as a region: it counts only when a full name follows (河北雄安新区).
        return NO_CHAIN
    names = tuple(name for name, _ in steps)
    candidates = steps[-1][1]
    alone = len(names) == 1 and all(c.level == Level.TOWNSHIP for c in candidates)
    return Chain(names, candidates, start, start + sum(map(len, names)), township_alone=alone)


Step = tuple[str, tuple[Division, ...]]


def _longest(
    text: str, pos: int, outer: tuple[Division, ...], divisions: DivisionTable, full_only: bool,
    township_first: bool,
) -> list[Step]:
    """The chain from ``pos`` covering the most characters: every name that fits is tried (a
    chain is at most five names deep and a position offers one to three names)."""
    options = list(_names(text, pos, outer, divisions, full_only, township_first))
    if not options and outer and not divisions.townships_loaded and _TOWNSHIP_WORD.search(text, pos):
        # The ~39,000 townships are read only when a name may go down to one.
        divisions.add_townships()
        options = list(_names(text, pos, outer, divisions, True, False))
    best: list[Step] = []
    for name, inside in options:
        chain = [(name, inside), *_longest(text, pos + len(name), inside, divisions, True, False)]
        if sum(len(n) for n, _ in chain) > sum(len(n) for n, _ in best):
            best = chain
    return best


def _names(
    text: str, pos: int, outer: tuple[Division, ...], divisions: DivisionTable, full_only: bool,
    township_first: bool,
) -> Iterator[Step]:
    for name, found in divisions.names_at(text, pos):
        if full_only and all(d.name != name for d in found):
            continue
        if not outer:
            inside = tuple(d for d in found if township_first or d.level < Level.TOWNSHIP)
        else:
            inside = tuple(d for d in found if any(o in divisions.ancestors(d) and o != d for o in outer))
        if inside:
            yield name, inside


def leading_chain(text: str, divisions: DivisionTable) -> Chain:
    """The chain the text starts with; else one after a short prefix of the agency's own
    (国家税务总局淄博市税务局), full names only."""
    found = chain_at(text, 0, divisions)
    if found.found:
        return found
    if _TOWNSHIP_WORD.search(text):
        divisions.add_townships()
        found = chain_at(text, 0, divisions, full_names_only=True, township_first=True)
        if found.found:
            return found
    for start in range(1, min(len(text), _MAX_PREFIX)):
        found = chain_at(text, start, divisions, full_names_only=True)
        if found.found:
            return found
    return NO_CHAIN


_CONTACT_SENTENCE = re.compile(r"请(?:与|联系)([^，。；,;（(]{2,40}?)(?:联系|，|。|（|\()")


def contact_sentence_agency(text: str) -> str | None:
    """The agency a preamble asks readers to contact (请与淄博市国防动员办公室联系)."""
    match = _CONTACT_SENTENCE.search(text)
    return match.group(1) if match else None
