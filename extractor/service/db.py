"""The job database: one SQLite file under --data-dir, in WAL mode.

WAL lets readers (status requests) go on while the dispatcher writes a result. A committed
transaction survives the process being killed (``synchronous=NORMAL`` only risks the last
commits on a power cut, not on a crash or SIGKILL; results are files written before their
row, so a lost commit means the document runs once more, never a lost or half result).
One connection, used under a lock: every statement is small, and the event loop and the
dispatcher thread never hold it for long.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

FILE_NAME = "govreport.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,            -- 'extract' (POST /v1/extract) or 'batch' (POST /v1/jobs)
    created REAL NOT NULL,         -- Unix time
    finished REAL,                 -- when its last document was done; NULL while running
    options TEXT NOT NULL,         -- the document limits, JSON
    owner TEXT                     -- who sent it (auth.owner), for the page's list; NULL without a key
);
CREATE TABLE IF NOT EXISTS documents (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,            -- its place in the job, from 0
    name BLOB NOT NULL,            -- the client's name (bytes: display only, never a path)
    stored TEXT,                   -- the upload's file name inside the job folder; NULL once done
    sha256 TEXT NOT NULL,
    result_key TEXT NOT NULL,      -- sha256 + name + options + version: what a stored result answers
    state TEXT NOT NULL,           -- queued | running | done
    status TEXT,                   -- ok | failed | not_report, once done
    error TEXT,
    reason TEXT,
    seconds REAL,
    failed_checks TEXT,            -- JSON list of rule names
    reused INTEGER NOT NULL DEFAULT 0,  -- answered from a stored result
    PRIMARY KEY (job_id, n)
);
CREATE INDEX IF NOT EXISTS documents_by_state ON documents(state);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,          -- documents.result_key
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    n INTEGER NOT NULL             -- the document whose outcome (and JSON) answers it
);
CREATE INDEX IF NOT EXISTS results_by_job ON results(job_id);
"""


class Database:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        self._lock = threading.RLock()
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.executescript(SCHEMA)
            self._migrate()

    def _migrate(self) -> None:
        """Columns added since a data folder was made (a database from an older version)."""
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(jobs)")}
        if "owner" not in columns:
            self._conn.execute("ALTER TABLE jobs ADD COLUMN owner TEXT")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Statements that commit together or not at all (BEGIN IMMEDIATE: the write lock
        first, so a check and the insert it allows cannot be split by another writer)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> int:
        """One statement in its own transaction; returns the rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def close(self) -> None:
        with self._lock:
            self._conn.close()
