"""The paragraph classifier at inference, without spaCy or numpy: the trained weights of its
``TextCatBOW.v3`` model read from ``bow.json`` + ``bow.weights`` and applied as spaCy applies
them, in plain Python.

Importing spaCy costs most of a second per process (its CLI stack comes with it), numpy a
tenth of one; the model itself is a linear layer over hashed character n-grams, and the few
paragraphs the rules leave to it (a few hundred characters in a typical report) take a few
milliseconds in Python. The steps are spaCy's:

1. the ``char`` segmenter of spaCy's Chinese tokenizer: every non-space character is a token,
   a single space after a token is its trailing space, any other run of whitespace a token;
2. each token's ORTH id: spaCy's symbol id for the few one-character symbols, else
   MurmurHash64A of its UTF-8 bytes with seed 1 (spaCy's ``hash_string``);
3. n-gram keys (n = 1 … ngram_size): the ids themselves, then MurmurHash64A, seed 0, of the n
   consecutive ids' bytes (thinc's ``ops.ngrams``);
4. thinc's ``SparseLinear_v2``: each key hashed twice (MurmurHash3_x86_32 of the 64-bit key,
   seeds 0 and 1) into the weight table; score = bias + Σ weight × count;
5. softmax over the labels.

One difference, on purpose: thinc adds the terms one by one in float32, this module adds the
same terms exactly (``math.fsum``, correctly rounded) and takes the softmax in double precision.
The order of addition then no longer matters (no sorting of keys, no counting), and the
probabilities differ from spaCy's only by float32 rounding (≈ 1e-6; the output rounds
confidence to 4 places). ``tests/classify/test_bow.py`` holds both to spaCy on every labelled
paragraph: the same label, probabilities within that rounding.

The weight files are written from the spaCy model by ``export_bow`` (training writes both).
"""

from __future__ import annotations

import json
import math
import mmap
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from murmurhash.mrmr import hash_bytes

BOW_FILE = "bow.json"
WEIGHTS_FILE = "bow.weights"

_M64 = 0xC6A4A7935BD1E995
_R64 = 47
_MASK64 = 0xFFFFFFFFFFFFFFFF
_MASK32 = 0xFFFFFFFF


def _murmur64a(data: bytes, seed: int) -> int:
    """MurmurHash64A (MurmurHash2, 64-bit) of ``data``: a token's id."""
    m = _M64
    length = len(data)
    h = (seed ^ (length * m)) & _MASK64
    full = length - length % 8
    for i in range(0, full, 8):
        h ^= _mix(int.from_bytes(data[i : i + 8], "little"))
        h = (h * m) & _MASK64
    tail = data[full:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & _MASK64
    return _finish(h)


def _mix(k: int) -> int:
    """MurmurHash64A's mixing of one 8-byte block (the same for a token wherever it stands)."""
    k = (k * _M64) & _MASK64
    k ^= k >> _R64
    return (k * _M64) & _MASK64


def _finish(h: int) -> int:
    h ^= h >> _R64
    h = (h * _M64) & _MASK64
    return h ^ (h >> _R64)


def ngram_keys(ids: list[int], ngram_size: int) -> list[int]:
    """Every n-gram key of a text, n = 1 … ngram_size, as thinc's ``ops.ngrams``: the ids, then
    MurmurHash64A (seed 0) of each run of n ids as 8n little-endian bytes."""
    keys = list(ids)
    mixed = [_mix(i) for i in ids]
    m, mask = _M64, _MASK64
    for n in range(2, ngram_size + 1):
        if len(ids) < n:
            break
        # All windows of length n at once, one block per pass: the state of window s after
        # block j is ((state ^ mixed[s + j]) * m), starting from the length term.
        states = [(8 * n * m) & mask] * (len(ids) - n + 1)
        for j in range(n):
            states = [((h ^ k) * m) & mask for h, k in zip(states, mixed[j:], strict=False)]
        keys += map(_finish, states)
    return keys


def char_tokens(text: str) -> list[str]:
    """spaCy's ``char`` segmentation (``util.get_words_and_spaces`` over ``list(text)``)."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        tokens.append(text[i])
        i += 1
        if i < n and text[i] == " ":
            # One space after a token is the token's trailing space, not a token of its own;
            # the rest of a longer run stays a token.
            i += 1
    return tokens


def softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = math.fsum(exps)
    return [e / total for e in exps]


@dataclass(frozen=True)
class BowModel:
    labels: tuple[str, ...]
    # One row of the weight table per label (memoryviews of float32): thinc's W, labels × table.
    rows: tuple[memoryview, ...]
    bias: tuple[float, ...]
    ngram_size: int
    symbols: dict[str, int]  # one-character strings that are spaCy symbols, with their ids

    @property
    def table(self) -> int:
        return len(self.rows[0])

    @classmethod
    def load(cls, path: Path) -> BowModel:
        meta = json.loads((path / BOW_FILE).read_text(encoding="utf-8"))
        labels = tuple(meta["labels"])
        view = _float32s(path / WEIGHTS_FILE)
        table = meta["table"]
        if len(view) != len(labels) * table:
            raise ValueError(f"{path / WEIGHTS_FILE}: {len(view)} weights, expected {len(labels)} × {table}")
        return cls(
            labels=labels,
            rows=tuple(view[i * table : (i + 1) * table] for i in range(len(labels))),
            bias=tuple(float(b) for b in meta["bias"]),
            ngram_size=int(meta["ngram_size"]),
            symbols={str(k): int(v) for k, v in meta["symbols"].items()},
        )

    def orth(self, token: str) -> int:
        return self.symbols.get(token) or _orth_hash(token)

    def token_ids(self, text: str) -> list[int]:
        if text.split() == [text]:
            # Most paragraphs: every character a token. Ids of characters not seen before
            # are hashed once; the lookup of all of them stays in C.
            for char in set(text).difference(_CHAR_IDS):
                _CHAR_IDS[char] = self.orth(char)
            return list(map(_CHAR_IDS.__getitem__, text))
        return [self.orth(t) for t in char_tokens(text)]

    def slots(self, text: str) -> list[int]:
        """The weight-table slots a text's n-grams add, two per n-gram occurrence (thinc's
        ``MurmurHash3_x86_32`` of the 64-bit key with seeds 0 and 1, modulo the table)."""
        table = self.table
        out: list[int] = []
        for key in ngram_keys(self.token_ids(text), self.ngram_size):
            raw = key.to_bytes(8, "little")
            out.append((hash_bytes(raw, 0) & _MASK32) % table)
            out.append((hash_bytes(raw, 1) & _MASK32) % table)
        return out

    def raw_scores(self, slots: list[int], labels: Iterable[int] | None = None) -> list[float]:
        """bias + the exact sum of the slots' weights, for each label (by index; all by default)."""
        wanted = range(len(self.labels)) if labels is None else labels
        if not slots:
            return [self.bias[i] for i in wanted]
        pick = itemgetter(*slots)  # two slots an n-gram: always a tuple
        return [math.fsum((self.bias[i], *pick(self.rows[i]))) for i in wanted]

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        """Probability of each label per text, as spaCy's ``doc.cats`` for the batch."""
        slots = [self.slots(text) for text in texts]
        if not any(slots):
            # spaCy's textcat answers a batch without a single token with zeros.
            return [dict.fromkeys(self.labels, 0.0) for _ in texts]
        return [dict(zip(self.labels, softmax(self.raw_scores(s)), strict=True)) for s in slots]

    def choose(self, texts: list[str], allowed: list[tuple[str, ...]]) -> list[tuple[str, float]]:
        """Per text, the most probable of its allowed labels and its probability among them.

        The same answer as ``scores`` renormalised over the allowed labels (the softmax's
        denominator cancels), computed for those labels only: the weights read are most of the
        classifier's time, and a section allows a few of the fifteen labels."""
        slots = [self.slots(text) for text in texts]
        if not any(slots):
            # spaCy's zeros for a batch without a token: no label is better than another.
            return [(labels[0], 0.0) for labels in allowed]
        out: list[tuple[str, float]] = []
        for text_slots, labels in zip(slots, allowed, strict=True):
            known = list(dict.fromkeys(label for label in labels if label in self._index))
            if not known:
                out.append((labels[0], 0.0))
                continue
            probs = softmax(self.raw_scores(text_slots, [self._index[label] for label in known]))
            best = max(range(len(known)), key=probs.__getitem__)
            out.append((known[best], probs[best]))
        return out

    @cached_property
    def _index(self) -> dict[str, int]:
        return {label: i for i, label in enumerate(self.labels)}


def _float32s(path: Path) -> memoryview:
    """The file's little-endian float32s. Mapped, not read: a one-shot command touches only
    the pages its few hundred n-grams land on (reading and copying the 4 MB cost ≈ 7 ms), and
    forked batch workers share the one copy in the page cache."""
    if sys.byteorder != "little":
        weights = array("f")
        weights.frombytes(path.read_bytes())
        weights.byteswap()
        return memoryview(weights)
    with path.open("rb") as handle:
        if path.stat().st_size % 4:
            raise ValueError(f"{path}: not a whole number of float32s")
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("f")


@lru_cache(maxsize=8192)
def _orth_hash(token: str) -> int:
    return _murmur64a(token.encode("utf-8"), 1)


# Character → ORTH id: the same for every model (spaCy's string hash and symbol table).
_CHAR_IDS: dict[str, int] = {}


def export_bow(nlp: Any, path: Path) -> None:
    """Write ``bow.json`` and ``bow.weights`` beside a saved spaCy pipeline from its ``textcat``
    weights (training time: spaCy, and so numpy, are there)."""
    import numpy as np
    from spacy.symbols import IDS

    textcat = nlp.get_pipe("textcat")
    model = textcat.model
    linear = model.get_ref("output_layer")
    if linear.attrs.get("v1_indexing"):
        raise ValueError("a SparseLinear v1 model indexes its table differently; retrain with TextCatBOW.v3")
    ngram_size = next(node.attrs["ngram_size"] for node in model.walk() if "ngram_size" in node.attrs)
    weights = np.ascontiguousarray(linear.get_param("W"), dtype="<f4")
    labels = list(textcat.labels)
    meta = {
        "labels": labels,
        "table": weights.size // len(labels),
        "ngram_size": int(ngram_size),
        # The weights file: little-endian float32, one row of `table` per label (thinc's W).
        "bias": [float(b) for b in linear.get_param("b").astype(np.float32).reshape(-1)],
        "symbols": {k: int(v) for k, v in IDS.items() if len(k) == 1},
    }
    (path / BOW_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (path / WEIGHTS_FILE).write_bytes(weights.tobytes())
