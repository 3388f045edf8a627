"""The trained text classifier for paragraph labels (``models/sections``).

Trained with spaCy (a blank Chinese pipeline, character segmentation, one ``textcat``
component), and saved in spaCy's format with its weights also in ``bow.json`` +
``bow.weights``. Inference reads those (``bow.BowModel``: spaCy's labels and probabilities,
in plain Python, without importing spaCy, which costs most of a second per process, or numpy);
a model folder without them is run by spaCy. Loaded once per process; prediction is restricted to the labels a paragraph's
section allows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


def _model_dir() -> Path:
    """``models/sections``: in a checkout the repository's models/ folder beside this code, in
    a wheel the package ``govreport_models`` (the same files).

    The checkout's own folder comes first: an editable install maps ``govreport_models`` to the
    checkout it was installed from, which for a second work tree (git worktree) is another
    checkout, whose model need not match this code.
    """
    beside = Path(__file__).resolve().parents[2] / "models" / "sections"
    if (beside / "meta.json").exists():
        return beside
    try:
        import govreport_models

        return Path(govreport_models.__file__).resolve().parent / "sections"
    except ImportError:
        return beside


MODEL_DIR = _model_dir()


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_DIR) -> Any | None:
    """The classifier (``bow.BowModel``, or a spaCy pipeline for a folder without its
    weight files), or None when there is no model or nothing to run it (rules only)."""
    if not (path / "meta.json").exists():
        return None
    from extractor.classify.bow import BOW_FILE, BowModel

    if (path / BOW_FILE).exists():
        try:
            return BowModel.load(path)
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged install (weights cut short, a missing file): the rules still label
            # every paragraph, and the pipeline says the classifier was not used.
            return None
    try:
        import spacy
    except ImportError:
        return None
    return spacy.load(path)


def predict(model: Any, texts: list[str], allowed: list[tuple[str, ...]]) -> list[tuple[str, float]]:
    """(label, probability) per text, the best among that text's allowed labels.

    The probability is renormalised over the allowed labels, so it reads as the model's
    confidence in its choice among the candidates it was given.
    """
    if hasattr(model, "choose"):  # BowModel: only the allowed labels are scored
        return [(label, round(prob, 4)) for label, prob in model.choose(texts, allowed)]
    # A spaCy pipeline (training evaluates them in memory): its probabilities, renormalised.
    out: list[tuple[str, float]] = []
    for doc, labels in zip(model.pipe(texts), allowed, strict=True):
        cats = doc.cats
        scores = {label: cats.get(label, 0.0) for label in labels}
        total = sum(scores.values()) or 1.0
        best = max(scores, key=lambda k: scores[k])
        out.append((best, round(scores[best] / total, 4)))
    return out
