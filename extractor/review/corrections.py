"""Reviewers' corrections and check verdicts, in the service's SQLite database beside the jobs.

Stored apart from the extraction: the result JSON is never rewritten. Each correction is a
row (who, when, old → new, a note); the newest per field is the one in effect, so a value is
put back by correcting it again, and the history stays. Rows go with their job (ON DELETE
CASCADE), when the job is deleted or expires.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from extractor.service.db import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,            -- the document in its job
    field TEXT NOT NULL,           -- table.row.column, as in provenance
    old TEXT NOT NULL,             -- JSON number or null: the value in effect before
    new TEXT NOT NULL,             -- JSON number or null
    note TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL,
    at REAL NOT NULL               -- Unix time
);
CREATE INDEX IF NOT EXISTS review_corrections_by_document ON review_corrections(job_id, n);
CREATE TABLE IF NOT EXISTS review_verdicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    check_id TEXT NOT NULL,        -- rule|subject (see render.check_id)
    verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'dismissed')),
    note TEXT NOT NULL DEFAULT '',
    who TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS review_verdicts_by_document ON review_verdicts(job_id, n);
"""

Number = int | float | None
MAX_TEXT = 2000  # a note or a name longer than this is refused, not cut


class Verdict(StrEnum):
    CONFIRMED = "confirmed"  # the report's arithmetic is wrong, as the check says
    DISMISSED = "dismissed"  # not an error of the report (a misread, a note explains it)


class InvalidReview(ValueError):
    """A correction or verdict that cannot be stored; the message says why, for the reviewer."""


@dataclass(frozen=True)
class Correction:
    field: str
    old: Number
    new: Number
    note: str
    who: str
    at: float


@dataclass(frozen=True)
class CheckVerdict:
    check_id: str
    verdict: Verdict
    note: str
    who: str
    at: float


def parse_value(text: str | int | float | None) -> Number:
    """A reviewer's value: blank is null (the cell is blank), else an integer or a decimal."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidReview("not a number")
    if isinstance(text, int | float):
        value: int | float = text
    else:
        cleaned = text.strip().replace(",", "").replace("，", "")
        if cleaned == "":
            return None
        try:
            value = int(cleaned)
        except ValueError:
            try:
                value = float(cleaned)
            except ValueError:
                raise InvalidReview(f"not a number: {text!r} (leave it blank for an empty cell)") from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidReview("not a finite number")
        if value.is_integer():
            value = int(value)
    if abs(value) >= 10**12:
        raise InvalidReview("beyond any plausible count")
    return value


def _text(value: Any, what: str, required: bool) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidReview(f"{what} is required")
    if len(text) > MAX_TEXT:
        raise InvalidReview(f"{what} is longer than {MAX_TEXT} characters")
    return text


class ReviewStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        with db.transaction() as c:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    c.execute(statement)

    def corrections(self, job_id: str, n: int) -> list[Correction]:
        """Every correction of the document, oldest first (the history)."""
        rows = self.db.query("SELECT * FROM review_corrections WHERE job_id = ? AND n = ? ORDER BY id", (job_id, n))
        return [Correction(r["field"], json.loads(r["old"]), json.loads(r["new"]), r["note"], r["who"], r["at"])
                for r in rows]

    def in_effect(self, job_id: str, n: int) -> dict[str, Correction]:
        """The newest correction per field."""
        return {c.field: c for c in self.corrections(job_id, n)}

    def correct(self, job_id: str, n: int, field: str, extracted: Number, value: Any, who: Any, note: Any) -> Correction:
        """Record ``field`` := ``value``; ``extracted`` is the value as read (never changed)."""
        new = parse_value(value)
        name, text = _text(who, "the reviewer's name", True), _text(note, "the note", False)
        with self.db.transaction() as c:
            row = c.execute("SELECT new FROM review_corrections WHERE job_id = ? AND n = ? AND field = ?"
                            " ORDER BY id DESC LIMIT 1", (job_id, n, field)).fetchone()
            old = json.loads(row[0]) if row else extracted
            if old == new and type(old) is type(new):
                raise InvalidReview("the value is already that")
            at = time.time()
            c.execute("INSERT INTO review_corrections (job_id, n, field, old, new, note, who, at)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (job_id, n, field, json.dumps(old), json.dumps(new), text, name, at))
        return Correction(field, old, new, text, name, at)

    def verdicts(self, job_id: str, n: int) -> dict[str, CheckVerdict]:
        """The newest verdict per check."""
        rows = self.db.query("SELECT * FROM review_verdicts WHERE job_id = ? AND n = ? ORDER BY id", (job_id, n))
        return {r["check_id"]: CheckVerdict(r["check_id"], Verdict(r["verdict"]), r["note"], r["who"], r["at"])
                for r in rows}

    def judge(self, job_id: str, n: int, check_id: str, verdict: Any, who: Any, note: Any) -> CheckVerdict:
        try:
            chosen = Verdict(verdict)
        except ValueError:
            raise InvalidReview("the verdict is confirmed or dismissed") from None
        name, text = _text(who, "the reviewer's name", True), _text(note, "the note", False)
        if chosen == Verdict.DISMISSED and not text:
            raise InvalidReview("say why the check is dismissed (a note)")
        at = time.time()
        self.db.execute("INSERT INTO review_verdicts (job_id, n, check_id, verdict, note, who, at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", (job_id, n, check_id, chosen, text, name, at))
        return CheckVerdict(check_id, chosen, text, name, at)
