"""Where the review page finds reports: the service's jobs, or a folder ``govreport batch`` wrote.

Both are read as they are stored (the job database and result files, or manifest.jsonl and
the JSON files): the page re-extracts nothing and keeps no copy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from extractor.batch import manifest
from extractor.batch.store import iter_output_paths, output_path
from extractor.names import shown

# The one "job" of a batch folder: the page's addresses are the same in both modes.
FOLDER_JOB = "batch"


@dataclass
class Entry:
    """One document of a job, as its progress and outcome are known."""

    n: int
    name: str
    state: str  # queued | running | done
    status: str | None = None  # ok | failed | not_report | skipped…, once done
    error: str | None = None
    seconds: float | None = None
    failed_checks: list[str] = field(default_factory=list)


@dataclass
class JobInfo:
    id: str
    created: float | None
    done: bool
    entries: list[Entry]


class Reports(Protocol):
    read_only: bool
    title: str

    def recent(self, limit: int, cookie: str | None = None) -> list[JobInfo]:
        """The newest jobs the client (its ``Cookie`` header) may see listed."""
        ...

    def job(self, job_id: str) -> JobInfo | None: ...

    def document_bytes(self, job_id: str, n: int) -> bytes | None: ...

    def original(self, job_id: str, n: int) -> Path | None: ...


def load(data: bytes | None) -> dict[str, Any] | None:
    """A stored document, or None when it is gone or not one."""
    if data is None:
        return None
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("tables"), dict) else None


def is_document(data: bytes) -> bool:
    """Bytes that parse as a govreport JSON document (what the page may show or send on)."""
    doc = load(data)
    return doc is not None and isinstance(doc.get("schema_version"), str) and isinstance(doc.get("source"), dict)


class ServiceReports:
    """The jobs of a running ``govreport serve`` (its JobStore)."""

    read_only = False
    title = "govreport"

    def __init__(self, store: Any, list_jobs: bool = True,
                 owner_of: Callable[[str | None], str | None] | None = None) -> None:
        from extractor.service.jobs import JobStore

        self.store: JobStore = store
        self.list_jobs = list_jobs
        # On a server with a key: who a request's cookie makes it (service.auth.owner); the
        # list then holds that client's jobs only. None: one user's server, every job listed.
        self.owner_of = owner_of

    def recent(self, limit: int, cookie: str | None = None) -> list[JobInfo]:
        if not self.list_jobs:
            return []  # --no-job-list: a job is found by its address only
        if self.owner_of is None:
            rows = self.store.db.query("SELECT id FROM jobs ORDER BY created DESC LIMIT ?", (limit,))
        else:
            rows = self.store.db.query("SELECT id FROM jobs WHERE owner = ? ORDER BY created DESC LIMIT ?",
                                       (self.owner_of(cookie), limit))
        return [j for j in (self.job(r["id"]) for r in rows) if j is not None]

    def job(self, job_id: str) -> JobInfo | None:
        from extractor.service.jobs import JobState

        job = self.store.get(job_id)
        if job is None:
            return None
        entries = [Entry(d.n, shown(d.name), str(d.state), str(d.status) if d.status else None, d.error, d.seconds,
                         d.failed_checks) for d in job.documents]
        return JobInfo(job.id, job.created, job.state == JobState.DONE, entries)

    def document_bytes(self, job_id: str, n: int) -> bytes | None:
        doc = self.store.document(job_id, n)
        if doc is None or doc.status != "ok":
            return None
        try:
            return self.store.result_path(job_id, n).read_bytes()
        except OSError:
            return None

    def original(self, job_id: str, n: int) -> Path | None:
        from extractor.service.jobs import valid_job_id

        return self.store.original_path(job_id, n) if valid_job_id(job_id) else None


class FolderReports:
    """A batch's OUT folder, read-only; ``sources`` is its INPUT_DIR when given (for the originals)."""

    read_only = True

    def __init__(self, out: Path, sources: Path | None = None) -> None:
        self.out = out
        self.sources = sources
        self.title = f"govreport review {out.name or out}"

    def _paths(self) -> list[tuple[dict[str, Any], Path | None]]:
        """(manifest line, its JSON file) per input; without a manifest, every JSON file."""
        lines = manifest.read(self.out)
        if lines:
            found = []
            for line in lines:
                try:
                    target = output_path(self.out, Path(line["path"]))
                except ValueError:
                    target = None
                found.append((line, target))
            return found
        return [({"path": str(p.relative_to(self.out)).removesuffix(".json"), "status": "ok"}, p)
                for p in iter_output_paths(self.out) if p.name != manifest.NAME]

    def recent(self, limit: int, cookie: str | None = None) -> list[JobInfo]:
        job = self.job(FOLDER_JOB)
        return [job] if job else []

    def job(self, job_id: str) -> JobInfo | None:
        if job_id != FOLDER_JOB:
            return None
        entries = []
        for n, (line, target) in enumerate(self._paths()):
            status = line.get("status")
            if status == "skipped" and target is not None and target.is_file():
                # A line written before manifests kept outcomes: skipped meant "its JSON is up to date".
                status = "ok"
            entries.append(Entry(n, shown(str(line.get("path"))), "done", status, line.get("error"),
                                 line.get("seconds"), list(line.get("failed_checks") or [])))
        return JobInfo(FOLDER_JOB, None, True, entries)

    def _path(self, n: int) -> tuple[dict[str, Any], Path | None] | None:
        paths = self._paths()
        return paths[n] if 0 <= n < len(paths) else None

    def document_bytes(self, job_id: str, n: int) -> bytes | None:
        """The document's bytes, only when its file resolves inside OUT (a symlink to any
        other file is not followed out) and holds a govreport document."""
        found = self._path(n) if job_id == FOLDER_JOB else None
        if found is None or found[1] is None:
            return None
        try:
            path = found[1].resolve()
            if not path.is_relative_to(self.out.resolve()) or not path.is_file():
                return None
            data = path.read_bytes()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop
            return None
        return data if is_document(data) else None

    def original(self, job_id: str, n: int) -> Path | None:
        found = self._path(n) if job_id == FOLDER_JOB else None
        if found is None or self.sources is None:
            return None
        base = self.sources.resolve()
        path = (base / found[0]["path"]).resolve()
        # The manifest names inputs relative to INPUT_DIR; nothing outside it is shown.
        if not path.is_relative_to(base) or not path.is_file():
            return None
        return path if os.access(path, os.R_OK) else None
