"""The classifier without spaCy (extractor/classify/bow.py) against spaCy itself: the same
label and, within float32 rounding, the same probabilities on every labelled paragraph; its
hashing step by step against spaCy's and thinc's own functions; its weight files in step with
the spaCy model; and an extraction that never imports spaCy or numpy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.classify.bow import BOW_FILE, WEIGHTS_FILE, BowModel, _orth_hash, char_tokens, ngram_keys
from extractor.classify.paragraphs import model_input
from extractor.classify.textcat import MODEL_DIR, predict
from extractor.classify.training import load_items
from tests.helpers import ROOT

spacy = pytest.importorskip("spacy")
np = pytest.importorskip("numpy")

# Whitespace of every kind where spaCy's tokenizer makes tokens of it (or not).
ODD_TEXTS = ["  ", " lead", "trail  ", "a  b", "X_ 测试  两个空格\n换行\u3000全角 end ", "X", "_", "XX_X", "１２\t３"]
# spaCy adds each text's terms one by one in float32 (≈ 6e-8 relative error a step); bow.py adds
# them exactly. Over the few hundred terms of a paragraph the probabilities stay within this.
PROBABILITY_TOLERANCE = 2e-6


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - a spaCy Language
    return spacy.load(MODEL_DIR)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    items, _ = load_items()
    # As the classifier sees them: with and without the first-in-section marker.
    found = [model_input(item.text, first) for item in items for first in (False, True)]
    return [t for t in found if t] + ODD_TEXTS


@pytest.fixture(scope="module")
def model() -> BowModel:
    return BowModel.load(MODEL_DIR)


def test_spacys_labels_and_probabilities_on_every_labelled_paragraph(nlp, model: BowModel, texts: list[str]) -> None:  # noqa: ANN001
    ours = model.scores(texts)
    theirs = [doc.cats for doc in nlp.pipe(texts)]
    assert len(texts) > 400
    assert [max(c, key=c.__getitem__) for c in ours] == [max(c, key=c.__getitem__) for c in theirs]
    worst = max(abs(a[k] - b[k]) for a, b in zip(ours, theirs, strict=True) for k in b)
    assert worst < PROBABILITY_TOLERANCE


def test_the_written_label_and_confidence_are_spacys(nlp, model: BowModel, texts: list[str]) -> None:  # noqa: ANN001
    """What the output carries (the best allowed label, its probability renormalised and rounded
    to 4 places) from either model, for label sets sections allow and for all labels: the same
    label; the confidence the same or, where spaCy's float32 sum lands on the other side of a
    rounding boundary, one unit of the last place apart."""
    label_sets = [tuple(model.labels), ("problems", "improvements"), ("other.fees", "other.proposals", "other.misc")]
    for labels in label_sets:
        allowed = [labels] * len(texts)
        ours, theirs = predict(model, texts, allowed), predict(nlp, texts, allowed)
        assert [label for label, _ in ours] == [label for label, _ in theirs]
        assert max(abs(a - b) for (_, a), (_, b) in zip(ours, theirs, strict=True)) <= 1.000001e-4


def test_choosing_among_allowed_labels_equals_renormalised_scores(model: BowModel, texts: list[str]) -> None:
    """``choose`` scores only the allowed labels; the answer is that of the full softmax
    renormalised over them, label for label (ties to the first), unknown and repeated labels
    included, and spaCy's all-zero answer for a batch without a token."""
    label_sets = [tuple(model.labels), ("problems", "improvements"), ("closing",), ("improvements", "problems", "problems"),
                  ("no.such.label", "other.misc", "other.fees"), ("no.such.label",)]
    full = model.scores(texts[:300])
    for labels in label_sets:
        chosen = model.choose(texts[:300], [labels] * 300)
        for cats, (label, prob) in zip(full, chosen, strict=True):
            scores = {name: cats.get(name, 0.0) for name in labels}
            total = sum(scores.values()) or 1.0
            best = max(scores, key=scores.__getitem__)
            assert label == best
            assert prob == pytest.approx(scores[best] / total, abs=1e-12)
    assert model.choose(["", ""], [("problems", "improvements")] * 2) == [("problems", 0.0)] * 2


@pytest.mark.parametrize("size", [1, 7, 50])
def test_batches_of_any_size_give_the_same_bits(model: BowModel, texts: list[str], size: int) -> None:
    head = texts[:150]
    whole = model.scores(head)
    for start in range(0, len(head), size):
        assert model.scores(head[start : start + size]) == whole[start : start + size]


def test_a_batch_without_a_token_scores_zero_as_spacy_does(nlp, model: BowModel) -> None:  # noqa: ANN001
    assert model.scores(["", ""]) == [doc.cats for doc in nlp.pipe(["", ""])]
    assert all(v == 0.0 for v in model.scores([""])[0].values())


def test_tokens_are_spacys(nlp, texts: list[str]) -> None:  # noqa: ANN001
    for text in texts[:100] + ODD_TEXTS:
        assert char_tokens(text) == [t.text for t in nlp.make_doc(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_token_ids_are_spacys_string_hashes(token: str) -> None:
    from spacy.strings import hash_string

    assert _orth_hash(token) == hash_string(token)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**64 - 1), max_size=9), st.integers(min_value=1, max_value=4))
def test_ngram_keys_are_thincs(ids: list[int], size: int) -> None:
    from thinc.api import NumpyOps

    ops, array = NumpyOps(), np.array(ids, dtype=np.uint64)
    # thinc's extract_ngrams: the ids themselves, then ops.ngrams for n = 2 … size.
    expected = ids + [int(k) for n in range(2, size + 1) if len(ids) >= n for k in ops.ngrams(n, array)]
    assert ngram_keys(ids, size) == expected


def test_the_weight_files_are_the_spacy_models(nlp) -> None:  # noqa: ANN001
    """bow.json and bow.weights are written from the spaCy model when it is trained; a model
    retrained without re-exporting would make the product run other weights than the ones
    evaluated."""
    textcat = nlp.get_pipe("textcat")
    linear = textcat.model.get_ref("output_layer")
    meta = json.loads((MODEL_DIR / BOW_FILE).read_text(encoding="utf-8"))
    weights = np.fromfile(MODEL_DIR / WEIGHTS_FILE, dtype="<f4")
    assert np.array_equal(weights, linear.get_param("W").reshape(-1))
    assert np.array_equal(np.array(meta["bias"], dtype=np.float32), linear.get_param("b").reshape(-1))
    assert meta["labels"] == list(textcat.labels)


def test_an_extraction_never_imports_spacy_or_numpy() -> None:
    script = (
        "import sys; from pathlib import Path; from extractor.pipeline import extract;"
        "doc = extract(Path('samples/000_zibo_guofang_2024.docx'));"
        "assert not any(w.code == 'labels_rules_only' for w in doc.warnings);"
        "print(sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
