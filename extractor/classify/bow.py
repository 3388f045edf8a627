"""The paragraph classifier at inference, without spaCy: the trained weights of its
``TextCatBOW.v3`` model read from ``bow.npz`` and applied as spaCy applies them.

Importing spaCy costs most of a second (its CLI stack comes with it); the model itself is a
linear layer over hashed character n-grams, a few array operations per report. This module
does what spaCy does, step for step, so the probabilities are spaCy's to the last bit
(``tests/classify/test_bow.py`` compares them on every labelled paragraph):

1. the ``char`` segmenter of spaCy's Chinese tokenizer: every non-space character is a token,
   a single space after a token is its trailing space, any other run of whitespace a token;
2. each token's ORTH id: spaCy's symbol id for the few one-character symbols, else
   MurmurHash64A of its UTF-8 bytes with seed 1 (spaCy's ``hash_string``);
3. n-gram keys (n = 2, 3): MurmurHash64A, seed 0, of the n consecutive ids' bytes (thinc's
   ``ops.ngrams``); the unique keys of a text and their counts;
4. thinc's ``SparseLinear_v2``: each key hashed twice (MurmurHash3_x86_32 of the 64-bit key,
   seeds 0 and 1) into the weight table, scores = bias + Σ weight × count in float32, in
   thinc's order of addition;
5. softmax over the labels.

``bow.npz`` is written from the spaCy model by ``export_bow`` (training writes both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

BOW_FILE = "bow.npz"

_M64 = np.uint64(0xC6A4A7935BD1E995)
_R64 = np.uint64(47)
_MASK64 = 0xFFFFFFFFFFFFFFFF


def _murmur64a(data: bytes, seed: int) -> int:
    """MurmurHash64A (MurmurHash2, 64-bit) of ``data``: a token's id."""
    m, r = 0xC6A4A7935BD1E995, 47
    length = len(data)
    h = (seed ^ (length * m)) & _MASK64
    full = length - length % 8
    for i in range(0, full, 8):
        k = int.from_bytes(data[i : i + 8], "little")
        k = (k * m) & _MASK64
        k ^= k >> r
        k = (k * m) & _MASK64
        h ^= k
        h = (h * m) & _MASK64
    tail = data[full:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & _MASK64
    h ^= h >> r
    h = (h * m) & _MASK64
    h ^= h >> r
    return h


def _murmur64a_blocks(blocks: np.ndarray) -> np.ndarray:
    """MurmurHash64A, seed 0, of each row of ``blocks`` (n uint64 each, as their 8n bytes)."""
    n = blocks.shape[1]
    with np.errstate(over="ignore"):
        h = np.full(blocks.shape[0], np.uint64(8 * n) * _M64, dtype=np.uint64)
        for j in range(n):
            k = blocks[:, j] * _M64
            k ^= k >> _R64
            k *= _M64
            h ^= k
            h *= _M64
        h ^= h >> _R64
        h *= _M64
        h ^= h >> _R64
    return h


def _murmur3_32(keys: np.ndarray, seed: int) -> np.ndarray:
    """MurmurHash3_x86_32 of each 64-bit key (thinc's ``MurmurHash3_x86_32_uint64``)."""
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)

    def rotl(x: np.ndarray, r: int) -> np.ndarray:
        return (x << np.uint32(r)) | (x >> np.uint32(32 - r))

    with np.errstate(over="ignore"):
        h = np.full(keys.shape[0], seed, dtype=np.uint32)
        for half in ((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), (keys >> np.uint64(32)).astype(np.uint32)):
            k = rotl(half * c1, 15) * c2
            h ^= k
            h = rotl(h, 13) * np.uint32(5) + np.uint32(0xE6546B64)
        h ^= np.uint32(8)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


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


@dataclass(frozen=True)
class BowModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, table length) float32
    bias: np.ndarray  # (labels,) float32
    ngram_size: int
    symbols: dict[str, int]  # one-character strings that are spaCy symbols, with their ids

    @classmethod
    def load(cls, path: Path) -> BowModel:
        with np.load(path / BOW_FILE, allow_pickle=False) as data:
            labels = tuple(str(x) for x in data["labels"])
            return cls(
                labels=labels,
                weights=data["W"].reshape(len(labels), -1),
                bias=data["b"],
                ngram_size=int(data["ngram_size"]),
                symbols={str(k): int(v) for k, v in zip(data["symbol_names"], data["symbol_ids"], strict=True)},
            )

    def orth(self, token: str) -> int:
        return self.symbols.get(token) or _orth_hash(token)

    def token_ids(self, text: str) -> list[int]:
        if _WHITESPACE.search(text) is None:
            # Most paragraphs: every character a token. Ids of characters not seen before
            # are hashed once; the lookup of all of them stays in C.
            for char in set(text).difference(_CHAR_IDS):
                _CHAR_IDS[char] = self.orth(char)
            return list(map(_CHAR_IDS.__getitem__, text))
        return [self.orth(t) for t in char_tokens(text)]

    def _keys(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each text's unique n-gram keys and their counts, for all texts at once (one hash
        call per n, not per text): (text index, key, count), sorted by text then key."""
        ids = [np.array(self.token_ids(text), dtype=np.uint64) for text in texts]
        lengths = np.array([len(x) for x in ids])
        owner = np.repeat(np.arange(len(texts)), lengths)
        flat = np.concatenate(ids) if ids else np.empty(0, dtype=np.uint64)
        keys, owners = [flat], [owner]
        for n in range(2, self.ngram_size + 1):
            if len(flat) < n:
                break
            windows = np.lib.stride_tricks.sliding_window_view(flat, n)
            # A window counts only inside one text: its first and last token have one owner.
            inside = owner[: len(windows)] == owner[n - 1 :]
            keys.append(_murmur64a_blocks(windows[inside]))
            owners.append(owner[: len(windows)][inside])
        all_keys, all_owners = np.concatenate(keys), np.concatenate(owners)
        order = np.lexsort((all_keys, all_owners))
        all_keys, all_owners = all_keys[order], all_owners[order]
        first = np.ones(len(all_keys), dtype=bool)
        first[1:] = (all_keys[1:] != all_keys[:-1]) | (all_owners[1:] != all_owners[:-1])
        positions = np.flatnonzero(first)
        counts = np.diff(np.append(positions, len(all_keys)))
        return all_owners[positions], all_keys[positions], counts

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        """Probability of each label per text, as spaCy's ``doc.cats`` for the batch."""
        if not texts:
            return []
        owners, keys, counts = self._keys(texts)
        n_labels, table = self.weights.shape
        if not len(keys):
            # spaCy's textcat answers a batch without a single token with zeros.
            return [dict.fromkeys(self.labels, 0.0) for _ in texts]
        values = counts.astype(np.float32)
        first = (self.weights[:, _murmur3_32(keys, 0).astype(np.int64) % table] * values).T
        second = (self.weights[:, _murmur3_32(keys, 1).astype(np.int64) % table] * values).T
        # thinc adds, key by key, weight[idx1] × value then weight[idx2] × value to the bias,
        # in float32: the same additions in the same order give the same bits. Texts of like
        # length together: each text's terms in a row of its own, padded with zeros (adding 0
        # changes no bit), summed by a running sum along the row.
        bounds = np.searchsorted(owners, np.arange(len(texts) + 1))
        sizes = np.diff(bounds)
        raw = np.empty((len(texts), n_labels), dtype=np.float32)
        by_size = np.argsort(sizes, kind="stable")
        for group in np.array_split(by_size, -(-len(texts) // _GROUP)):
            terms = np.zeros((len(group), 2 * int(sizes[group].max()) + 1, n_labels), dtype=np.float32)
            terms[:, 0] = self.bias
            for slot, text in enumerate(group):
                lo, hi = bounds[text], bounds[text + 1]
                terms[slot, 1 : 2 * (hi - lo) + 1 : 2] = first[lo:hi]
                terms[slot, 2 : 2 * (hi - lo) + 2 : 2] = second[lo:hi]
            raw[group] = np.cumsum(terms, axis=1, dtype=np.float32)[:, -1]
        shifted = raw - raw.max(axis=-1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=-1, keepdims=True)
        return [dict(zip(self.labels, (float(p) for p in row), strict=True)) for row in probs]


@lru_cache(maxsize=8192)
def _orth_hash(token: str) -> int:
    return _murmur64a(token.encode("utf-8"), 1)


# Character → ORTH id: the same for every model (spaCy's string hash and symbol table).
_CHAR_IDS: dict[str, int] = {}
_WHITESPACE = re.compile(r"\s")
# Texts summed together: few enough that padding them to the longest wastes little.
_GROUP = 8


def export_bow(nlp: Any, path: Path) -> None:
    """Write ``bow.npz`` beside a saved spaCy pipeline from its ``textcat`` weights."""
    from spacy.symbols import IDS

    textcat = nlp.get_pipe("textcat")
    model = textcat.model
    linear = model.get_ref("output_layer")
    if linear.attrs.get("v1_indexing"):
        raise ValueError("a SparseLinear v1 model indexes its table differently; retrain with TextCatBOW.v3")
    ngram_size = next(node.attrs["ngram_size"] for node in model.walk() if "ngram_size" in node.attrs)
    symbols = {k: v for k, v in IDS.items() if len(k) == 1}
    # Stored uncompressed: 4 MB instead of 2, but read in 3 ms instead of 21 (inflating the
    # weights was the biggest single cost of loading the classifier in a fresh process).
    np.savez(
        path / BOW_FILE,
        labels=np.array(textcat.labels),
        W=linear.get_param("W").astype(np.float32),
        b=linear.get_param("b").astype(np.float32).reshape(-1),
        ngram_size=np.int64(ngram_size),
        symbol_names=np.array(list(symbols)),
        symbol_ids=np.array(list(symbols.values()), dtype=np.uint64),
    )
