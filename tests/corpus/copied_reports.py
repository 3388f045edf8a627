"""A seeded generator of "this year's" narratives that copy a random share of last year's.

Last year's report is sample 001's narrative sentences; this year's keeps each of them with a
drawn probability (0-1) and writes the rest anew (sample 002's sentences, another agency's), in a
shuffled order, every digit redrawn (this year's figures). The share of characters copied is
known, so the repetition measure (extractor/measures.py) can be held to it: at least the copied
share less the n-grams broken at each copied sentence's edges, at most a tenth above it (stock
phrases unrelated reports share).

Development seeds: 0-99. Measuring seeds: 1000-1199 (``python scripts/sweep_repetition.py --measure``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache

from extractor.measures import REPETITION, narrative, repetition
from extractor.pipeline import extract, to_json
from tests.helpers import SAMPLES

DEV_SEEDS = range(0, 100)
MEASURE_SEEDS = range(1000, 1200)
# Above the copied share, what unrelated text may add (stock phrases: < 0.1 between the samples).
UNRELATED_ALLOWANCE = 0.1


@cache
def _sentences(name: str) -> tuple[str, ...]:
    doc = json.loads(to_json(extract(SAMPLES / name)))
    texts = [p["text"] for s in doc["sections"] for p in s["paragraphs"] if p.get("label") != "preamble"]
    return tuple(s + "。" for t in texts for s in t.split("。") if len(s) >= 12)


def _plain(texts: list[str]) -> str:
    return narrative([{"key": "overview", "paragraphs": [{"text": t} for t in texts]}])["overview"]


@dataclass(frozen=True)
class Copied:
    seed: int
    measured: float
    copied: float  # share of this year's n-grams a copied sentence starts
    lowest: float  # copied less the n-grams that run into a new neighbour

    @property
    def within(self) -> bool:
        return self.lowest - 1e-9 <= self.measured <= self.copied + UNRELATED_ALLOWANCE


def draw(seed: int) -> Copied:
    last, fresh = list(_sentences("001_zibo_zfb_2024.txt")), list(_sentences("002_zhoukou_guofang_2024.txt"))
    rng = random.Random(seed)
    share = rng.uniform(0.0, 1.0)
    copied = [s for s in last if rng.random() < share]
    this = copied + rng.sample(fresh, k=min(len(fresh), max(1, len(last) - len(copied))))
    rng.shuffle(this)
    this = ["".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in s) for s in this]
    measured = repetition({"overview": _plain(this)}, {"overview": _plain(last)}, {}).overall
    grams = len(_plain(this)) - REPETITION.n + 1
    return Copied(
        seed,
        measured or 0.0,
        len(_plain(copied)) / grams,
        (len(_plain(copied)) - (REPETITION.n - 1) * len(copied)) / grams,
    )
