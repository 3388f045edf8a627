"""The labelled set and its leave-one-document-out evaluation (scripts/evaluate_labels.py),
on a small slice so it runs in seconds; the full figure is the script's."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from extractor.classify import leadins
from extractor.classify.fragments import assemble
from extractor.classify.training import LABELLED, Item, by_document, judge_doc, kfold, load_items, train
from extractor.layout import Paragraph
from extractor.outline import HEADING_MAX_CHARS
from scripts import evaluate_labels
from tests.helpers import SHARED

ROWS = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
ITEMS, MISSING = load_items()
MIN_EXAMPLES = 25


def _paragraph_labels(items: list[Item]) -> Counter[str]:
    """Labels of the paragraphs labelling sees: a joined fragment does not count on its own."""
    out: Counter[str] = Counter()
    for doc_items in by_document(items).values():
        for part in assemble([(it.section, Paragraph(it.text)) for it in doc_items]):
            out[doc_items[part.host].label] += 1
    return out


def test_every_contract_label_has_enough_examples() -> None:
    counts = _paragraph_labels(ITEMS)
    assert {label: n for label, n in counts.items() if n < MIN_EXAMPLES} == {}
    assert set(counts) == set(leadins.LABELS)


def test_labels_are_the_contracts() -> None:
    contract = SHARED / "spec" / "contract.md"
    if not contract.exists():
        pytest.skip("the shared contract is not here")
    text = contract.read_text(encoding="utf-8")
    section = text[text.index("### paragraph labels") :].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z_.]+)`", section.split("Section keys", 1)[0]))
    assert listed == set(leadins.LABELS)


def test_every_row_says_where_it_came_from() -> None:
    for row in ROWS:
        assert row["doc"] and row["label"] in leadins.LABELS and row["section"] in leadins.ALLOWED
        assert row["source"].split(":", 1)[0] in ("sample", "corpus", "written"), row
        # Texts of the shared corpus are not committed, only their hash.
        assert ("text" in row) != row["source"].startswith("corpus:"), row
        # Table sections hold notes (other.misc by rule); elsewhere a label its section allows.
        assert row["label"] in (*leadins.ALLOWED[row["section"]], "other.misc"), row


def test_written_prose_is_not_repeated() -> None:
    # Headings and "无。" recur in every report; a paragraph of prose written twice would be
    # both trained and tested on in leave-one-document-out.
    texts = Counter(row["text"] for row in ROWS if len(row.get("text", "")) > HEADING_MAX_CHARS)
    assert [t for t, n in texts.items() if n > 1] == []


def _slice(docs: int) -> list[Item]:
    written = [d for d in by_document(ITEMS) if d.startswith("written-")][:docs]
    return [it for it in ITEMS if it.doc in written]


def test_rules_only_figure_on_the_whole_set() -> None:
    """The baseline the classifier is measured against, computed without any training."""
    judged = [j for doc_items in by_document(ITEMS).values() for j in judge_doc(doc_items, None)]
    accuracy = sum(j.gold == j.rules for j in judged) / len(judged)
    assert 0.7 < accuracy < 1.0
    # Without a model, the "model" column is the rules' too.
    assert all(j.model == j.rules for j in judged)


def test_leave_one_out_on_a_slice_reports_figures_and_confusions() -> None:
    report = kfold(_slice(3), epochs=3)
    assert report.docs == 3
    assert len(report.judged) == len(report.model_all.gold) > 0
    lines = evaluate_labels.describe_report(report)
    assert lines[0].startswith("leave-one-document-out over 3 documents")
    assert any(line.startswith("confusions left, rules + classifier") for line in lines)
    assert any(line.startswith("confusions left, rules only") for line in lines)


def test_training_is_deterministic() -> None:
    items = _slice(2)
    texts = [it.text for it in items]
    first, second = train(items, epochs=2), train(items, epochs=2)
    assert [d.cats for d in first.pipe(texts)] == [d.cats for d in second.pipe(texts)]


def test_script_runs_on_a_labelled_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.jsonl"
    docs = {it.doc for it in _slice(2)}
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS if r["doc"] in docs), encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["evaluate_labels.py", "--labelled", str(small), "--epochs", "2"])
    assert evaluate_labels.main() == 0
    out = capsys.readouterr().out
    assert "rules + classifier, all" in out and "rules only, all" in out and "per label:" in out
