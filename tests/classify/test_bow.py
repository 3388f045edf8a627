"""The classifier without spaCy (extractor/classify/bow.py) against spaCy itself: the same
probabilities, bit for bit, on every labelled paragraph; its weight file in step with the
spaCy model; and an extraction that never imports spaCy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from extractor.classify.bow import BOW_FILE, BowModel, char_tokens
from extractor.classify.paragraphs import model_input
from extractor.classify.textcat import MODEL_DIR
from extractor.classify.training import load_items
from tests.helpers import ROOT

spacy = pytest.importorskip("spacy")

# Whitespace of every kind where spaCy's tokenizer makes tokens of it (or not).
ODD_TEXTS = ["  ", " lead", "trail  ", "a  b", "X_ 测试  两个空格\n换行\u3000全角 end ", "X", "_", "XX_X", "１２\t３"]


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - a spaCy Language
    return spacy.load(MODEL_DIR)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    items, _ = load_items()
    # As the classifier sees them: with and without the first-in-section marker.
    found = [model_input(item.text, first) for item in items for first in (False, True)]
    return [t for t in found if t] + ODD_TEXTS


def test_the_same_probabilities_as_spacy_on_every_labelled_paragraph(nlp, texts: list[str]) -> None:  # noqa: ANN001
    ours = BowModel.load(MODEL_DIR).scores(texts)
    theirs = [doc.cats for doc in nlp.pipe(texts)]
    assert len(texts) > 400
    assert [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b] == []


@pytest.mark.parametrize("size", [1, 7, 50])
def test_batches_of_any_size_give_the_same_bits(nlp, texts: list[str], size: int) -> None:  # noqa: ANN001
    model = BowModel.load(MODEL_DIR)
    for start in range(0, 150, size):
        chunk = texts[start : start + size]
        assert model.scores(chunk) == [doc.cats for doc in nlp.pipe(chunk)]


def test_tokens_are_spacys(nlp, texts: list[str]) -> None:  # noqa: ANN001
    for text in texts[:100] + ODD_TEXTS:
        assert char_tokens(text) == [t.text for t in nlp.make_doc(text)]


def test_the_weight_file_is_the_spacy_models(nlp) -> None:  # noqa: ANN001
    """bow.npz is written from the spaCy model when it is trained; a model retrained without
    re-exporting would make the product run other weights than the ones evaluated."""
    linear = nlp.get_pipe("textcat").model.get_ref("output_layer")
    with np.load(MODEL_DIR / BOW_FILE) as data:
        assert np.array_equal(data["W"], linear.get_param("W"))
        assert np.array_equal(data["b"], linear.get_param("b").reshape(-1))
        assert list(data["labels"]) == list(nlp.get_pipe("textcat").labels)


def test_an_extraction_never_imports_spacy() -> None:
    script = (
        "import sys; from pathlib import Path; from extractor.pipeline import extract;"
        "doc = extract(Path('samples/000_zibo_guofang_2024.docx'));"
        "assert not any(w.code == 'labels_rules_only' for w in doc.warnings);"
        "print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
