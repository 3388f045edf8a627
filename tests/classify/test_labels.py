"""Paragraph labels: the lead-in rules, the shipped model, and every labelled sample."""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from extractor.classify import leadins
from extractor.classify.paragraphs import label_ordered
from extractor.classify.textcat import MODEL_DIR, load_model
from extractor.classify.training import LABELLED, SEARCH_DIRS, load_items
from extractor.layout import Paragraph
from extractor.pipeline import extract, to_json
from tests.helpers import ROOT


@pytest.mark.parametrize(
    ("text", "section", "label"),
    [
        ("（一）主动公开方面。2024年，共公开政府文件86件。", "overview", "overview.proactive"),
        ("1.依申请公开工作方面。2024年，共收到22件政府信息公开申请。", "overview", "overview.on_request"),
        ("(四) 政府信息公开平台建设：按照市政府办公室要求……", "overview", "overview.platform"),
        ("（五）政府信息公开监督保障情况。进一步细化分解……", "overview", "overview.supervision"),
        ("（三）政府信息管理方面", "overview", "overview.info_management"),
        # Issue 25: information management named in a long first clause, beside 公开.
        ("严格落实政府信息公开保密审查制度，坚持“先审查、后公开”，全年未发生泄密事件。", "overview",
         "overview.info_management"),
        ("2023年，严格执行政府信息公开发布审核制度，确保发布信息准确规范。", "overview", "overview.info_management"),
        ("健全完善政府信息管理制度，动态调整公开目录。", "overview", "overview.info_management"),
        ("落实公开属性源头认定机制，拟制公文时同步明确公开属性。", "overview", "overview.info_management"),
        ("下一步，市国动办将进一步优化栏目设置。", "problems_improvements", "improvements"),
        ("2021年，为进一步加强信息公开工作，市人防办主要做好以下四个方面工作：", "problems_improvements", "improvements"),
        ("主要问题表现在：一是信息公开的标准化水平有待提高。", "problems_improvements", "problems"),
        ("（二）人大代表、政协委员建议提案办理情况", "other_matters", "other.proposals"),
        ("（一）依据《政府信息公开信息处理费管理办法》收取信息处理费的情况", "other_matters", "other.fees"),
        ("（三）政务公开工作创新实践情况", "other_matters", "other.innovation"),
        ("（四）《2024年淄博市政务公开工作方案》落实情况", "other_matters", "other.work_plan"),
        ("无", "other_matters", "other.misc"),
        ("— 7 —", "overview", "other.misc"),
    ],
)
def test_lead_in_rules(text: str, section: str, label: str) -> None:
    assert leadins.rule_label(text, section) == label


def test_no_lead_in_means_no_rule() -> None:
    # Mentions 主动公开 mid-sentence: the topic is not stated at the start.
    assert leadins.rule_label("2024年，市国动办围绕中心工作，扎实推进主动公开和依申请公开工作，成效明显。", "overview") is None
    # 保密审查 after the first clause is not what the paragraph is about.
    assert leadins.rule_label("全年主动公开政府信息1200条，均经保密审查后发布。", "overview") is None


def test_context_and_position_without_model() -> None:
    ordered = [
        ("overview", Paragraph("2024年，本单位认真贯彻条例，各项工作稳步推进，取得明显成效，获得群众好评。")),
        ("overview", Paragraph("（一）主动公开方面")),
        ("overview", Paragraph("全年在门户网站发布各类信息540条，其中政策解读11篇，会议信息11条，均及时准确。")),
        ("other_matters", Paragraph("攀枝花市人民政府国防动员办公室")),
        ("other_matters", Paragraph("2024年1月19日")),
    ]
    labels = [x.label for x in label_ordered(ordered, model=None)]
    assert labels == ["overview.general", "overview.proactive", "overview.proactive", "closing", "closing"]


def test_model_directory_is_small_and_loads() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert 0 < size < 20 * 2**20
    assert load_model() is not None


def _hand_labels() -> dict[str, list[tuple[str, str]]]:
    items, _ = load_items(LABELLED, SEARCH_DIRS)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in items:
        out[item.doc].append((item.text, item.label))
    return out


HAND = _hand_labels()
# Reports with an original to extract (written examples have none: they exist as text only).
LABELLED_DOCS = sorted(
    {
        row["doc"]
        for row in map(json.loads, LABELLED.read_text(encoding="utf-8").splitlines())
        if not row.get("source", "").startswith("written:")
    }
)


@pytest.mark.parametrize("doc", LABELLED_DOCS)
def test_labelled_reports_keep_their_labels(doc: str) -> None:
    """Regression on the labelled set (the shipped model was trained on it: not an accuracy figure)."""
    path = next((d / doc for d in SEARCH_DIRS if (d / doc).exists()), None)
    if path is None:
        pytest.skip(f"{doc} not available here")
    result = json.loads(to_json(extract(path)))
    got = Counter((p["text"], p["label"]) for s in result["sections"] for p in s["paragraphs"])
    wrong = []
    for text, want in HAND[doc]:
        if got[(text, want)] > 0:
            got[(text, want)] -= 1
        else:
            wrong.append((text[:30], want))
    # Two hand labels are judgement calls the labeller decides otherwise (noted in the issue).
    assert len(wrong) <= 2, wrong


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_replicas_label_like_their_text(fmt: str) -> None:
    """The same report read from Word or PDF gets the same labels as its text copy."""
    for txt in sorted((ROOT / "samples").glob("*.txt")):
        want = {p["text"]: p["label"] for s in json.loads(to_json(extract(txt)))["sections"] for p in s["paragraphs"]}
        other = json.loads(to_json(extract(txt.with_suffix(f".{fmt}"))))
        got = {p["text"]: p["label"] for s in other["sections"] for p in s["paragraphs"]}
        common = set(want) & set(got)
        assert len(common) >= 0.7 * len(want), txt.name
        assert sum(want[t] != got[t] for t in common) <= 1, txt.name


def test_missing_classifier_is_a_warning_not_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.classify import textcat

    monkeypatch.setattr(textcat, "load_model", lambda *a, **k: None)
    document = extract(ROOT / "samples" / "000_zibo_guofang_2024.txt")
    assert "labels_rules_only" in {w.code for w in document.warnings}
    assert all(p.label for s in document.sections for p in s.paragraphs)


@pytest.mark.parametrize("damage", ["weights cut short", "weights missing", "bad json"])
def test_a_damaged_classifier_is_not_loaded_so_the_rules_label_with_a_warning(tmp_path: Path, damage: str) -> None:
    """``load_model`` answers None, not an exception: the pipeline then labels by the rules and
    warns (test_missing_classifier_is_a_warning_not_silence)."""
    from extractor.classify import bow, textcat

    model = tmp_path / "sections"
    shutil.copytree(textcat.MODEL_DIR, model)
    weights = model / bow.WEIGHTS_FILE
    if damage == "weights cut short":
        weights.write_bytes(weights.read_bytes()[:1001])
    elif damage == "weights missing":
        weights.unlink()
    else:
        (model / bow.BOW_FILE).write_text("{", encoding="utf-8")
    assert textcat.load_model(model) is None
