"""Narrative cross-checks: figures the text states that the tables also hold.

"共收到政府信息公开申请22件", "予以公开及部分公开208件", "办结1191件（含上年结转189件）",
"依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件74件": each figure ("N件") is read
with its clause (the words before it back to a comma or bracket, and after it up to the next
one) and tied to a topic by the clause's words. A topic has one or more *readings*, each a sum of
table fields: a combined figure ("A及B") is the sum of its rows, a group (不予公开, 无法提供) the sum
of the group's rows, a received total may or may not count the requests carried over from last
year. The check passes when any reading matches (and says which one), fails only when every
reading could be computed and none matches, and is skipped, with the reason, when the figure
cannot be tied to the tables: approximate ("约300件", "300余件"), a range, a comparison with
another year ("较上年增加5件", "相较2023年13件"), two topics in one clause that the template does
not add up, or a table field missing. Each check names the sentence it read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from extractor.contract import OTHER_ROW_SINGLE, OTHER_ROWS_SPLIT, Check
from extractor.text import nfkc


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class NarrativeSettings:
    """How far the words of a figure's clause may reach."""

    # Characters before a figure (back to a comma or bracket) read as its clause: enough for
    # "全县全年共受理政府信息公开申请", short of a whole run-on sentence.
    head_chars: int = 30
    # Characters after "件" read as the clause's tail ("共收到22件政府信息公开申请").
    tail_chars: int = 14
    # Characters of the sentence kept in a check's message (details keep it whole).
    message_chars: int = 60


_APPS = "applications"
_REVIEW = "review_litigation"


def _rows(*rows: str) -> tuple[str, ...]:
    return tuple(f"{_APPS}.{r}.total" for r in rows)


_DENIED = _rows("denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
                "denied_third_party_rights", "denied_internal_affairs", "denied_process_info",
                "denied_law_enforcement_files", "denied_administrative_query")
_UNAVAILABLE = _rows("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
_NOT_PROCESSED = _rows("not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
                       "not_processed_excessive", "not_processed_confirmation")
_LITIGATION = (f"{_REVIEW}.litigation_direct.total", f"{_REVIEW}.litigation_after_review.total")


class Topic(StrEnum):
    """What a figure counts, as the clause names it; each maps to table fields below."""

    NEW_RECEIVED = "new_received.total"
    CARRIED_OVER = "carried_over.total"
    TOTAL_PROCESSED = "total_processed.total"
    CARRIED_FORWARD = "carried_forward.total"
    GRANTED = "granted.total"
    PARTIALLY_GRANTED = "partially_granted.total"
    DENIED = "denied.total"
    UNAVAILABLE = "unavailable.total"
    NOT_PROCESSED = "not_processed.total"
    OTHER_PROCESSING = "other_processing.total"
    REVIEW = "review.total"
    REVIEW_UPHELD = "review.upheld"
    REVIEW_CORRECTED = "review.corrected"
    LITIGATION = "litigation.total"


# The clause's words for each topic, most specific first: the first topic found in the head
# decides, and a later topic found too makes the clause ambiguous unless the pair is one the
# template adds up (``_COMBINED``). Words that only make sense with 申请 nearby are checked below.
_TOPIC_WORDS: tuple[tuple[Topic, re.Pattern[str]], ...] = (
    (Topic.CARRIED_OVER, re.compile(r"上年结转|上一?年度?结转|承接办理|上年度遗留")),
    (Topic.CARRIED_FORWARD, re.compile(r"结转下一?年度?|转(?:入)?下一?年度?|结转至?下一?年|结转到下一?年")),
    (Topic.PARTIALLY_GRANTED, re.compile(r"部分公开")),
    (Topic.GRANTED, re.compile(r"予以公开|同意公开|全部公开")),
    (Topic.DENIED, re.compile(r"不予公开")),
    (Topic.UNAVAILABLE, re.compile(r"无法提供")),
    (Topic.NOT_PROCESSED, re.compile(r"不予处理")),
    (Topic.OTHER_PROCESSING, re.compile(r"其他处理")),
    (Topic.REVIEW_UPHELD, re.compile(r"复议[^，,。]{0,12}维持|维持[^，,。]{0,6}复议")),
    (Topic.REVIEW_CORRECTED, re.compile(r"复议[^，,。]{0,12}(?:纠错|纠正)")),
    (Topic.REVIEW, re.compile(r"行政复议")),
    (Topic.LITIGATION, re.compile(r"行政诉讼|起诉")),
    (Topic.NEW_RECEIVED, re.compile(r"收到|受理|接收|新收")),
    (Topic.TOTAL_PROCESSED, re.compile(r"办结|(?:共|全年|累计)(?:办理|处理|答复)")),
)
# Topics whose figure means "requests" only when the clause says 申请 (受理 also takes 案件).
_NEEDS_APPLICATION = {Topic.NEW_RECEIVED, Topic.TOTAL_PROCESSED}
# Pairs named together that the template adds: "予以公开及部分公开208件", "行政复议、行政诉讼案件74件".
_COMBINED = {
    frozenset({Topic.GRANTED, Topic.PARTIALLY_GRANTED}),
    frozenset({Topic.REVIEW, Topic.LITIGATION}),
}
_TEMPLATE_ORDER = tuple(Topic)
# A received total may count the requests carried over: either reading is consistent.
_ALSO_WITH_CARRY = {Topic.NEW_RECEIVED}

# "22件", and "300余件" / "300多件" (approximate: read so that it is skipped, not tied to a field).
_FIGURE = re.compile(r"(\d{1,12})\s*(余|多)?件")
_DELIMITER = re.compile(r"[，,：:；;（()）]")
_APPROXIMATE_BEFORE = re.compile(r"(?:约|近|超过|逾|多达|不足|将近)$")
_APPROXIMATE_AFTER = re.compile(r"^(?:余|多|左右)")
_RANGE_BEFORE = re.compile(r"\d\s*(?:-|－|—|~|～|至|到)\s*$")
_COMPARISON = re.compile(r"较|同比|相比|相较|比上年|比去年|增加|减少|增长|下降|上升|持平|协助")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE = re.compile(r"[^。；;！？]+")
_OTHER_KINDS = re.compile(r"咨询|来信|来访|留言|热线|信访|投诉")
# 办结 is done; 办理 and 处理 may also count what is still in hand (carried into next year).
_CONCLUDED = re.compile(r"办结|办理完(?:成|毕)|答复")


@dataclass(frozen=True)
class Reading:
    """One way to tie a figure to the tables: the sum of these fields."""

    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """A figure the text states, where it stands and how it may be read."""

    topics: tuple[Topic, ...]  # one, or the two of a combined figure ("予以公开及部分公开")
    stated: int
    sentence: str
    clause: str
    skip_reason: str | None = None

    @property
    def rule(self) -> str:
        if len(self.topics) == 1:
            return f"narrative.{self.topics[0].value}"
        # "narrative.granted+partially_granted.total"
        return "narrative." + "+".join(t.value.split(".")[0] for t in self.topics) + ".total"


def _field_name(path: str) -> str:
    return path.split(".", 1)[1]


def _readings(topic: Topic, tables: dict[str, Any]) -> tuple[Reading, ...]:
    apps = tables.get(_APPS) or {}
    if topic is Topic.DENIED:
        return (Reading("the eight 不予公开 rows", _DENIED),)
    if topic is Topic.UNAVAILABLE:
        return (Reading("the three 无法提供 rows", _UNAVAILABLE),)
    if topic is Topic.NOT_PROCESSED:
        return (Reading("the five 不予处理 rows", _NOT_PROCESSED),)
    if topic is Topic.OTHER_PROCESSING:
        rows = (OTHER_ROW_SINGLE,) if apps.get(OTHER_ROW_SINGLE) is not None else OTHER_ROWS_SPLIT
        return (Reading("the 其他处理 rows" if len(rows) > 1 else "other_processing.total", _rows(*rows)),)
    if topic is Topic.REVIEW:
        return (Reading("review.total", (f"{_REVIEW}.review.total",)),)
    if topic is Topic.REVIEW_UPHELD:
        return (Reading("review.upheld", (f"{_REVIEW}.review.upheld",)),)
    if topic is Topic.REVIEW_CORRECTED:
        return (Reading("review.corrected", (f"{_REVIEW}.review.corrected",)),)
    if topic is Topic.LITIGATION:
        return (Reading("litigation_direct.total + litigation_after_review.total", _LITIGATION),)
    field = f"{_APPS}.{topic.value}"
    readings = [Reading(topic.value, (field,))]
    if topic in _ALSO_WITH_CARRY:
        readings.append(Reading(f"{topic.value} + carried_over.total", (field, f"{_APPS}.carried_over.total")))
    return tuple(readings)


def _combined(topics: list[Topic], tables: dict[str, Any]) -> Reading:
    fields = tuple(f for t in topics for r in _readings(t, tables)[:1] for f in r.fields)
    return Reading(" + ".join(_readings(t, tables)[0].name for t in topics), fields)


def _value(tables: dict[str, Any], path: str) -> Any:
    node: Any = tables
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _topics(words: str) -> list[Topic]:
    found: list[Topic] = []
    for topic, pattern in _TOPIC_WORDS:
        if pattern.search(words) and topic not in found:
            found.append(topic)
    # 维持 under 复议 is the upheld count, not the review total; 部分公开 holds 公开 but not 予以公开.
    if Topic.REVIEW in found and (Topic.REVIEW_UPHELD in found or Topic.REVIEW_CORRECTED in found):
        found.remove(Topic.REVIEW)
    return found


def statements(sentence: str, year: int | None = None, settings: NarrativeSettings | None = None,
               context: str | None = None) -> list[Statement]:
    """Every figure of a sentence that names a topic, read or with the reason it cannot be.
    ``context`` is the sentence's paragraph: "申请 …；共办理718件" speaks of requests too."""
    settings = settings or NarrativeSettings()
    context = context or sentence
    out: list[Statement] = []
    previous_end = 0
    for match in _FIGURE.finditer(sentence):
        start = max(previous_end, match.start() - settings.head_chars)
        head = sentence[start : match.start()]
        cut = [m.end() for m in _DELIMITER.finditer(head)]
        head = head[cut[-1] :] if cut else head
        tail = sentence[match.end() : match.end() + settings.tail_chars]
        tail = _DELIMITER.split(tail, maxsplit=1)[0]
        previous_end = match.end()
        stated = int(match.group(1))
        clause = f"{head}{match.group(0)}{tail}"
        topics = _topics(head) or [t for t in _topics(tail) if t in _NEEDS_APPLICATION]
        if "维持" in head and not topics:
            # "行政复议351件，其中结果维持72件": 复议 named earlier in the sentence, 诉讼 not since.
            since = sentence[: match.start()].rsplit("复议", 1)
            if len(since) == 2 and "诉讼" not in since[1]:
                topics = [Topic.REVIEW_UPHELD]
        specific = [t for t in topics if t not in _NEEDS_APPLICATION]
        if specific:
            # "所有办结的申请中同意公开答复9件": the outcome names the figure; 办结 is the frame.
            topics = specific
        elif "申请" not in context or re.search(r"案件|复议|诉讼", clause):
            # 受理 and 办理 count requests only where the sentence speaks of 申请 ("共办理相关案件74件").
            topics = []
        if not topics:
            continue
        reason = "an approximate figure" if match.group(2) else _skip_reason(head, tail, topics, year)
        if reason is None and len(topics) > 1 and frozenset(topics) not in _COMBINED:
            reason = f"the clause names {' and '.join(t.value for t in topics)}; it cannot be tied to one field"
        # Template order (予以公开 before 部分公开, 复议 before 诉讼), whatever order the words take.
        ordered = tuple(t for t in _TEMPLATE_ORDER if t in topics) if reason is None else (topics[0],)
        out.append(Statement(ordered, stated, sentence, clause, skip_reason=reason))
    return out


def _skip_reason(head: str, tail: str, topics: list[Topic], year: int | None) -> str | None:
    if _APPROXIMATE_BEFORE.search(head) or _APPROXIMATE_AFTER.match(tail):
        return "an approximate figure"
    if _RANGE_BEFORE.search(head):
        return "a range, not one figure"
    if _COMPARISON.search(head):
        return "a comparison or a figure of other work, not this year's count"
    if any(t in _NEEDS_APPLICATION for t in topics) and _OTHER_KINDS.search(head):
        return "the figure counts other requests too (咨询, 来信来访, 留言), not only disclosure requests"
    if Topic.CARRIED_OVER not in topics and year is not None:
        years = {int(y) for y in _YEAR.findall(head)}
        if years - {year}:
            return f"the clause speaks of {', '.join(map(str, sorted(years - {year})))}, not {year}"
    return None


def _judge(statement: Statement, tables: dict[str, Any]) -> tuple[Verdict, str, dict[str, Any]]:
    topics = list(statement.topics)
    readings = list(_readings(topics[0], tables)) if len(topics) == 1 else [_combined(topics, tables)]
    if topics == [Topic.TOTAL_PROCESSED] and not _CONCLUDED.search(statement.clause):
        # "共办理62件": the 60 concluded and the 2 still in hand, as the balance row adds them.
        readings.append(Reading("total_processed.total + carried_forward.total",
                                (f"{_APPS}.total_processed.total", f"{_APPS}.carried_forward.total")))
    computed: list[tuple[Reading, Any]] = []
    missing: list[str] = []
    for reading in readings:
        values = [_value(tables, f) for f in reading.fields]
        if any(v is None for v in values):
            missing.extend(_field_name(f) for f, v in zip(reading.fields, values, strict=True) if v is None)
            continue
        computed.append((reading, sum(values)))
    details: dict[str, Any] = {"stated": statement.stated, "readings": {r.name: v for r, v in computed}}
    for reading, value in computed:
        if value == statement.stated:
            details["matched"] = reading.name
            return Verdict.PASS, f"text states {statement.stated}; the table's {reading.name} is {value}", details
    if missing:
        missing = list(dict.fromkeys(missing))
        details["missing"] = missing
        shown = "; ".join(f"{r.name} is {v}" for r, v in computed)
        return (Verdict.SKIPPED,
                f"text states {statement.stated}; table value missing: {', '.join(missing)}" + (f" ({shown})" if shown else ""),
                details)
    shown = " nor ".join(f"{r.name} ({v})" for r, v in computed)
    return Verdict.FAIL, f"text states {statement.stated}, but neither {shown} matches" if len(computed) > 1 \
        else f"text states {statement.stated}, table's {computed[0][0].name} is {computed[0][1]}", details


def sentences(texts: list[str]) -> list[tuple[str, str]]:
    """Each sentence with its paragraph, spaces gone (a copy's "申请 749 件" is "申请749件")."""
    out = []
    for raw in texts:
        paragraph = re.sub(r"\s+", "", nfkc(raw))
        out.extend((s, paragraph) for s in _SENTENCE.findall(paragraph))
    return out


def narrative_checks(texts: list[str], tables: dict[str, Any], year: int | None = None,
                     settings: NarrativeSettings | None = None) -> list[Check]:
    """One check per figure the narrative states about a table field (a figure stated twice
    in the same words is checked once)."""
    settings = settings or NarrativeSettings()
    checks: list[Check] = []
    seen: set[tuple[str, int]] = set()
    for sentence, paragraph in sentences(texts):
        for statement in statements(sentence, year, settings, paragraph):
            rule = statement.rule
            if (rule, statement.stated) in seen:
                continue
            seen.add((rule, statement.stated))
            quoted = sentence if len(sentence) <= settings.message_chars else sentence[: settings.message_chars] + "…"
            base = {"sentence": sentence, "clause": statement.clause, "text": sentence[:120]}
            if statement.skip_reason is not None:
                checks.append(Check(rule=rule, status=Verdict.SKIPPED.value,
                                    message=f"「{quoted}」: text states {statement.stated}; {statement.skip_reason}",
                                    details={**base, "stated": statement.stated, "reason": statement.skip_reason}))
                continue
            verdict, message, details = _judge(statement, tables)
            checks.append(Check(rule=rule, status=verdict.value, message=f"「{quoted}」: {message}",
                                details={**base, **details}))
    return checks
