"""Training data, training and k-fold evaluation of the paragraph classifier.

The labelled set (``models/training/paragraphs.jsonl``) holds, per paragraph, its
document, section and hand label. Texts of our own samples are stored; texts of reports in
the shared corpus are not committed, only an anchor and a hash, and are read back from the
corpus when it is present. Folds are whole documents, so a report is never both trained and
tested on.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.classify import leadins
from extractor.classify.fragments import assemble
from extractor.classify.paragraphs import label_ordered, model_input, rule_pass
from extractor.classify.sections import segment
from extractor.layout import Paragraph

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "models" / "training" / "paragraphs.jsonl"
SEARCH_DIRS = (
    ROOT / "samples",
    ROOT.parent / "shared" / "corpus" / "derived-text",
    ROOT.parent / "shared" / "corpus" / "real",
)
# BOW over character 1-3-grams: small (a few MB) and fast (sub-millisecond per paragraph).
TEXTCAT_CONFIG = {
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 3,
        "no_output_layer": False,
        "length": 2**16,
    }
}


@dataclass
class Item:
    doc: str
    section: str
    text: str
    label: str
    leadin: bool
    source: str = ""  # where the text came from: a sample, a corpus file, "written:<theme>"


@dataclass
class Scores:
    gold: list[str] = field(default_factory=list)
    pred: list[str] = field(default_factory=list)

    def add(self, gold: str, pred: str) -> None:
        self.gold.append(gold)
        self.pred.append(pred)

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.pred, strict=True)) / max(len(self.gold), 1)

    def per_label(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for label in sorted(set(self.gold)):
            tp = sum(g == p == label for g, p in zip(self.gold, self.pred, strict=True))
            fp = sum(p == label != g for g, p in zip(self.gold, self.pred, strict=True))
            fn = sum(g == label != p for g, p in zip(self.gold, self.pred, strict=True))
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[label] = {"support": tp + fn, "accuracy": recall, "f1": f1}
        return out

    @property
    def macro_accuracy(self) -> float:
        """Per-label accuracy (recall) averaged over labels: rare labels weigh as much as common ones."""
        per = self.per_label()
        return sum(v["accuracy"] for v in per.values()) / max(len(per), 1)

    @property
    def macro_f1(self) -> float:
        per = self.per_label()
        return sum(v["f1"] for v in per.values()) / max(len(per), 1)


def _doc_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(section, text) of every paragraph of a report, as the extractor segments it."""
    from extractor.numbers import CELL_VALUES
    from extractor.readers.dispatch import read_document
    from extractor.recover import recover

    layout = recover(read_document(path), CELL_VALUES)
    preamble, sections = segment(layout.blocks)
    return [("preamble", p.text) for p in preamble] + [(s.key, p.text) for s in sections for p in s.paragraphs]


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_items(path: Path = LABELLED, search: tuple[Path, ...] = SEARCH_DIRS) -> tuple[list[Item], list[str]]:
    """Labelled items with their texts, and the documents whose texts were not found."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_hash: dict[str, dict[str, str]] = {}
    missing: set[str] = set()
    for doc in sorted({r["doc"] for r in rows if "text" not in r}):
        found = next((d / doc for d in search if (d / doc).exists()), None)
        if found is None:
            missing.add(doc)
            continue
        by_hash[doc] = {_sha1(text): text for _, text in _doc_paragraphs(found)}
    items = []
    for r in rows:
        text = r.get("text") or by_hash.get(r["doc"], {}).get(r.get("sha1", ""))
        if text is None:
            if r["doc"] not in missing:
                missing.add(r["doc"])
            continue
        items.append(Item(r["doc"], r["section"], text, r["label"], bool(r.get("leadin")), r.get("source", r["doc"])))
    return items, sorted(missing)


def train(items: list[Item], epochs: int = 25, seed: int = 0) -> Any:
    try:
        import spacy
    except ImportError:
        # spaCy is the `train` extra, not a dependency: extraction never needs it.
        raise SystemExit("training the paragraph model needs spaCy: pip install 'govreport[train]'") from None
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("zh")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in leadins.LABELS:
        textcat.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {lab: float(lab == label) for lab in leadins.LABELS}})
        for text, label in model_examples(items)
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def _ordered(items: list[Item]) -> list[tuple[str, Paragraph]]:
    return [(it.section, Paragraph(it.text)) for it in items]


@dataclass(frozen=True)
class Judged:
    """One assembled paragraph of a held-out report: its gold label and both predictions."""

    gold: str
    model: str
    rules: str
    leadin: bool
    text: str


def judge_doc(items: list[Item], model: Any) -> list[Judged]:
    """Label one report end to end (fragments joined) with the model and with rules only."""
    joined = assemble(_ordered(items))
    ordered = [(a.section, a.paragraph) for a in joined]
    with_model = label_ordered(ordered, model=model)
    rules_only = label_ordered(ordered, model=None)
    return [
        Judged(items[a.host].label, m.label, r.label, items[a.host].leadin, a.paragraph.text)
        for a, m, r in zip(joined, with_model, rules_only, strict=True)
    ]


def model_examples(items: list[Item]) -> list[tuple[str, str]]:
    """(classifier input, gold label) for every item, with the markers labelling will use.

    Items are grouped by document in file order and their fragments joined, so each input is
    the paragraph labelling will see; a joined paragraph keeps the label of its host.
    """
    out = []
    for doc_items in by_document(items).values():
        joined = assemble(_ordered(doc_items))
        views = rule_pass([(a.section, a.paragraph) for a in joined])
        for part, view in zip(joined, views, strict=True):
            out.append((model_input(part.paragraph.text, view.first), doc_items[part.host].label))
    return out


@dataclass
class FoldReport:
    model_all: Scores = field(default_factory=Scores)
    rules_all: Scores = field(default_factory=Scores)
    model_no_leadin: Scores = field(default_factory=Scores)
    rules_no_leadin: Scores = field(default_factory=Scores)
    docs: int = 0
    judged: list[Judged] = field(default_factory=list)

    def add(self, judged: Judged) -> None:
        self.judged.append(judged)
        self.model_all.add(judged.gold, judged.model)
        self.rules_all.add(judged.gold, judged.rules)
        if not judged.leadin:
            self.model_no_leadin.add(judged.gold, judged.model)
            self.rules_no_leadin.add(judged.gold, judged.rules)


def by_document(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        out[item.doc].append(item)
    return dict(out)


def kfold(items: list[Item], epochs: int = 25) -> FoldReport:
    """Leave one document out: train on the others, label the held-out report end to end."""
    docs = by_document(items)
    report = FoldReport(docs=len(docs))
    for doc, held in docs.items():
        model = train([it for it in items if it.doc != doc], epochs=epochs)
        for judged in judge_doc(held, model):
            report.add(judged)
    return report


def confusions(judged: list[Judged], predicted: str) -> Counter[tuple[str, str]]:
    """(gold, predicted) pairs that differ, counted; ``predicted`` is "model" or "rules"."""
    return Counter((j.gold, getattr(j, predicted)) for j in judged if j.gold != getattr(j, predicted))


def label_counts(items: list[Item]) -> Counter[str]:
    return Counter(item.label for item in items)
