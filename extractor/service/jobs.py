"""Jobs and their documents: the rows in the database and the files under the data folder.

Layout under --data-dir::

    govreport.sqlite3          the job table (see db.py)
    jobs/<id>/in/<n><.suffix>  an upload, under a name the server makes, while it waits or runs
    jobs/<id>/src/<n><.suffix> the upload once its document is done: the original the review
                               page shows beside each number (removed with the job)
    jobs/<id>/out/<n>.json     a document's result, written before its row says "done"

Nothing a client sends becomes a path: job ids are the server's (128 random bits, checked
against their pattern before any file is touched) and uploads are numbered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from extractor.batch.work import Result, Status, Task
from extractor.contract import SCHEMA_VERSION
from extractor.limits import Limits
from extractor.names import raw_bytes
from extractor.outputs import write_text
from extractor.service.db import Database
from extractor.service.errors import ApiError, ErrorCode, reusable

_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16): 128 bits
_MAX_DOCUMENT_INDEX = 2**63


class DocState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"


class JobState(StrEnum):
    QUEUED = "queued"  # no document started yet
    RUNNING = "running"
    DONE = "done"  # every document has its outcome


class JobKind(StrEnum):
    EXTRACT = "extract"  # POST /v1/extract: one document
    BATCH = "batch"  # POST /v1/jobs


@dataclass
class Refusal:
    """An outcome given at upload time, before any worker (an unsafe name in a zip)."""

    reason: str
    error: str


@dataclass
class NewDocument:
    """A received file, before its job exists."""

    name: str  # the client's name (may hold surrogate escapes for bytes that are not UTF-8)
    sha256: str = ""
    stored: str | None = None  # its file name inside the job's in/ folder
    refused: Refusal | None = None

    @property
    def base_name(self) -> str:
        """What ``source.file`` says: the last part of the name, as batch reports a file."""
        return re.split(r"[/\\]", self.name)[-1] or "upload"


@dataclass
class Document:
    job_id: str
    n: int
    name: str
    sha256: str
    state: DocState
    stored: str | None = None
    result_key: str = ""
    status: Status | None = None
    error: str | None = None
    reason: str | None = None
    seconds: float | None = None
    failed_checks: list[str] = field(default_factory=list)
    reused: bool = False

    @property
    def key(self) -> str:
        """The pool's name for it (``Task.rel``)."""
        return f"{self.job_id}/{self.n}"


@dataclass
class Job:
    id: str
    kind: JobKind
    created: float
    finished: float | None
    limits: Limits
    documents: list[Document]

    @property
    def state(self) -> JobState:
        if all(d.state == DocState.DONE for d in self.documents):
            return JobState.DONE
        if all(d.state == DocState.QUEUED for d in self.documents):
            return JobState.QUEUED
        return JobState.RUNNING

    def counts(self) -> dict[str, int]:
        """Documents by state, and the finished ones by outcome."""
        counter = Counter(str(d.status) if d.state == DocState.DONE else str(d.state) for d in self.documents)
        return {k: counter.get(k, 0) for k in (*(s.value for s in (DocState.QUEUED, DocState.RUNNING)),
                                               Status.OK, Status.FAILED, Status.NOT_REPORT)}


def _code_version() -> str:
    try:
        return version("govreport")
    except PackageNotFoundError:
        return "unknown"


def result_key(sha256: str, name: str, limits: Limits) -> str:
    """What makes two uploads the same: bytes, name (it is in the JSON), options, and the
    version of the code and schema that answered."""
    parts = [sha256, raw_bytes(name).hex(), json.dumps(dataclasses.asdict(limits), sort_keys=True),
             SCHEMA_VERSION, _code_version()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def new_job_id() -> str:
    return secrets.token_urlsafe(16)


def valid_job_id(job_id: str) -> bool:
    return bool(_ID.fullmatch(job_id))


class JobStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.jobs_dir = data_dir / "jobs"
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(data_dir)

    # Where things live.
    def job_dir(self, job_id: str) -> Path:
        if not valid_job_id(job_id):
            raise ValueError("not a job id")
        return self.jobs_dir / job_id

    def input_dir(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "in"

    def result_path(self, job_id: str, n: int) -> Path:
        return self.job_dir(job_id) / "out" / f"{int(n)}.json"

    def task(self, doc: Document, limits: Limits) -> Task:
        assert doc.stored is not None
        return Task(str(self.input_dir(doc.job_id) / doc.stored), doc.key, doc.sha256, limits,
                    name=NewDocument(doc.name).base_name)

    # Writing.
    def create(self, job_id: str, kind: JobKind, limits: Limits, new: list[NewDocument], max_queue: int,
               retry_after: int, owner: str | None = None) -> Job:
        """Record a job whose files are in its in/ folder. A document answered before (same
        result key, a lasting outcome) is done at once from the stored result; the others
        are queued. Raises ``ApiError`` (busy) when they would overfill the queue."""
        now = time.time()
        out = self.job_dir(job_id) / "out"
        out.mkdir(parents=True, exist_ok=True)
        with self.db.transaction() as c:
            documents = []
            for n, item in enumerate(new):
                doc = Document(job_id, n, item.name, item.sha256, DocState.QUEUED, item.stored,
                               result_key(item.sha256, item.name, limits) if item.refused is None else "")
                if item.refused is not None:
                    doc.state, doc.status, doc.stored = DocState.DONE, Status.FAILED, None
                    doc.reason, doc.error, doc.seconds = item.refused.reason, item.refused.error, 0.0
                else:
                    self._reuse(doc)
                documents.append(doc)
            queued = sum(1 for d in documents if d.state == DocState.QUEUED)
            depth = c.execute("SELECT count(*) FROM documents WHERE state = 'queued'").fetchone()[0]
            if queued and depth + queued > max_queue:
                raise ApiError(ErrorCode.BUSY, f"the queue is full ({depth} documents waiting, at most {max_queue}); "
                               "try again later", retry_after=retry_after)
            finished = now if queued == 0 else None
            c.execute("INSERT INTO jobs (id, kind, created, finished, options, owner) VALUES (?, ?, ?, ?, ?, ?)",
                      (job_id, kind, now, finished, json.dumps(dataclasses.asdict(limits)), owner))
            c.executemany(
                "INSERT INTO documents (job_id, n, name, stored, sha256, result_key, state, status, error, reason,"
                " seconds, failed_checks, reused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.job_id, d.n, raw_bytes(d.name), d.stored, d.sha256, d.result_key, d.state, d.status, d.error,
                  d.reason, d.seconds, json.dumps(d.failed_checks), int(d.reused)) for d in documents],
            )
        for doc in documents:
            if doc.state == DocState.DONE:
                self._keep_original(job_id, doc.n, new[doc.n].stored)  # answered already: no worker needs it
        return Job(job_id, kind, now, finished, limits, documents)

    def _reuse(self, doc: Document) -> None:
        """Fill ``doc`` from a stored result with its key, if there is one (its JSON linked,
        not copied: deleting either job leaves the other's file)."""
        found = self.db.query(
            "SELECT d.* FROM results r JOIN documents d ON d.job_id = r.job_id AND d.n = r.n WHERE r.key = ?",
            (doc.result_key,),
        )
        if not found:
            return
        source = _document(found[0])
        if source.status == Status.OK:
            try:
                _link(self.result_path(source.job_id, source.n), self.result_path(doc.job_id, doc.n))
            except OSError:
                return  # its file is gone: compute again
        doc.state, doc.status, doc.error, doc.reason = DocState.DONE, source.status, source.error, source.reason
        doc.seconds, doc.failed_checks, doc.reused = 0.0, source.failed_checks, True
        doc.stored = None

    def mark_running(self, keys: list[str]) -> None:
        with self.db.transaction() as c:
            for key in keys:
                job_id, n = key.rsplit("/", 1)
                c.execute("UPDATE documents SET state = 'running' WHERE job_id = ? AND n = ? AND state = 'queued'",
                          (job_id, int(n)))

    def record(self, result: Result, scrub: Callable[[str], str] = str, give_up: Refusal | None = None) -> Document | None:
        """Store a worker's result: the JSON file first, then the row, once. Returns the
        document, or None when it is gone (its job deleted) or already done. Raises when
        the file or the row cannot be written (a full disk), for the caller to try again;
        with ``give_up`` (why it has failed, for long enough) the document is marked failed
        without its file: the row alone, the smallest write that lets its job finish."""
        job_id, n = result.rel.rsplit("/", 1)
        with self.db.transaction() as c:
            row = c.execute("SELECT state, stored, result_key FROM documents WHERE job_id = ? AND n = ?",
                            (job_id, int(n))).fetchone()
            if row is None or row[0] == DocState.DONE:
                return None
            stored, key = row[1], row[2]
            status, error, reason = result.status, result.error, result.reason
            if give_up is not None:
                status, error, reason = Status.FAILED, give_up.error, give_up.reason
            elif status == Status.OK and result.json_text is not None:
                write_text(self.result_path(job_id, int(n)), result.json_text + "\n")
            error = scrub(error) if error else error
            c.execute(
                "UPDATE documents SET state = 'done', stored = NULL, status = ?, error = ?, reason = ?, seconds = ?,"
                " failed_checks = ? WHERE job_id = ? AND n = ?",
                (status, error, reason, round(result.seconds, 3), json.dumps(result.failed_checks), job_id, int(n)),
            )
            if reusable(status, reason) and give_up is None:
                c.execute("INSERT OR REPLACE INTO results (key, job_id, n) VALUES (?, ?, ?)", (key, job_id, int(n)))
            left = c.execute("SELECT count(*) FROM documents WHERE job_id = ? AND state != 'done'", (job_id,)).fetchone()[0]
            if left == 0:
                c.execute("UPDATE jobs SET finished = ? WHERE id = ?", (time.time(), job_id))
        self._keep_original(job_id, int(n), stored)
        return self.document(job_id, int(n))

    def _keep_original(self, job_id: str, n: int, stored: str | None) -> None:
        """Move a done document's upload out of in/ (no worker will read it again) to src/,
        where the review page finds the original to show beside the numbers."""
        if stored:
            target = self.job_dir(job_id) / "src" / f"{int(n)}{Path(stored).suffix}"
            with contextlib.suppress(OSError):
                target.parent.mkdir(exist_ok=True)
                os.replace(self.input_dir(job_id) / stored, target)

    def original_path(self, job_id: str, n: int) -> Path | None:
        """The uploaded file of a done document, if it is still there."""
        folder = self.job_dir(job_id) / "src"
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                if path.name.split(".", 1)[0] == str(int(n)):
                    return path
        return None

    def requeue_running(self) -> int:
        """After a restart: documents that were running never got their result; run them again."""
        return self.db.execute("UPDATE documents SET state = 'queued' WHERE state = 'running'")

    def delete(self, job_id: str) -> None:
        self.db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    def expired(self, keep_days: float) -> list[str]:
        cutoff = time.time() - keep_days * 86400
        return [r["id"] for r in self.db.query("SELECT id FROM jobs WHERE finished IS NOT NULL AND finished < ?", (cutoff,))]

    def remove_orphans(self) -> int:
        """Job folders without a row: uploads cut off by a kill before their job was recorded.
        Only at start-up, when no upload is in progress."""
        known = {r["id"] for r in self.db.query("SELECT id FROM jobs")}
        removed = 0
        for folder in self.jobs_dir.iterdir():
            if folder.name not in known:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    # Reading.
    def get(self, job_id: str) -> Job | None:
        if not valid_job_id(job_id):
            return None
        rows = self.db.query("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if not rows:
            return None
        docs = [_document(r) for r in self.db.query("SELECT * FROM documents WHERE job_id = ? ORDER BY n", (job_id,))]
        job = rows[0]
        return Job(job["id"], JobKind(job["kind"]), job["created"], job["finished"], Limits(**json.loads(job["options"])),
                   docs)

    def document(self, job_id: str, n: int) -> Document | None:
        if not valid_job_id(job_id) or not 0 <= n < _MAX_DOCUMENT_INDEX:
            return None  # SQLite's integers end at 2**63: a larger index is no document, not an error
        rows = self.db.query("SELECT * FROM documents WHERE job_id = ? AND n = ?", (job_id, n))
        return _document(rows[0]) if rows else None

    def queued(self) -> list[tuple[Document, Limits]]:
        """Every queued document, oldest job first, with its job's limits."""
        rows = self.db.query(
            "SELECT d.*, j.options FROM documents d JOIN jobs j ON j.id = d.job_id WHERE d.state = 'queued'"
            " ORDER BY j.created, d.n"
        )
        return [(_document(r), Limits(**json.loads(r["options"]))) for r in rows]

    def depth(self) -> int:
        """Documents waiting for a worker."""
        return self.db.query("SELECT count(*) AS n FROM documents WHERE state = 'queued'")[0]["n"]

    def lookup(self, key: str) -> Document | None:
        """The document whose lasting outcome answers ``key``, if its result is still there."""
        rows = self.db.query(
            "SELECT d.* FROM results r JOIN documents d ON d.job_id = r.job_id AND d.n = r.n WHERE r.key = ?", (key,)
        )
        if not rows:
            return None
        doc = _document(rows[0])
        if doc.status == Status.OK and not self.result_path(doc.job_id, doc.n).is_file():
            return None
        return doc

    def close(self) -> None:
        self.db.close()


def _document(r: sqlite3.Row) -> Document:
    return Document(
        job_id=r["job_id"], n=r["n"], name=bytes(r["name"]).decode("utf-8", "surrogateescape"), sha256=r["sha256"],
        state=DocState(r["state"]), stored=r["stored"], result_key=r["result_key"],
        status=Status(r["status"]) if r["status"] else None, error=r["error"], reason=r["reason"],
        seconds=r["seconds"], failed_checks=json.loads(r["failed_checks"] or "[]"), reused=bool(r["reused"]),
    )


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(source, target)  # a file system without hard links
