"""The unit of work of a batch: one input file to one result, never raising.

Runs inside a worker process (local pool) or a Dask worker; everything it returns is plain
data so it pickles cheaply.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from extractor.contract import SCHEMA_VERSION
from extractor.errors import GovReportError, NotAReport
from extractor.limits import Limits


def preload() -> None:
    """Import the pipeline and every reader and load the classifier, in the process that
    forks the workers: each worker then starts with them in pages it shares with the others
    (copy on write), instead of importing and loading its own copy after the fork."""
    import extractor.pipeline  # noqa: F401
    import extractor.readers.docx_reader  # noqa: F401
    import extractor.readers.html  # noqa: F401
    import extractor.readers.pdf_document  # noqa: F401
    import extractor.readers.text_reader  # noqa: F401
    from extractor.classify import textcat

    textcat.load_model()


class Status(StrEnum):
    """A processed input's outcome (the manifest's ``status``; skipped inputs: ``discover.Skip``)."""

    OK = "ok"
    FAILED = "failed"
    NOT_REPORT = "not_report"
    SKIPPED = "skipped"  # its JSON is up to date


@dataclass
class Task:
    path: str  # the input file as the worker should read it
    rel: str  # its path relative to the batch input folder (the manifest's name for it)
    sha256: str
    limits: Limits = field(default_factory=Limits)
    # The name the document reports (source.file) when ``path`` is a stored copy under another
    # name: the service keeps uploads under names it makes. None: the path's own name.
    name: str | None = None
    # A listed input (``--input-list``): ``path`` is a path or URL the worker reads itself,
    # ``sha256`` is empty unless the list gave it, and ``done_sha256`` is the sha256 its
    # up-to-date output was made from: the same bytes again are not extracted again.
    fetch: bool = False
    done_sha256: str | None = None


@dataclass
class Result:
    rel: str
    sha256: str
    status: Status
    seconds: float
    json_text: str | None = None
    error: str | None = None
    failed_checks: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    reason: str | None = None  # the failure's kind for the summary ("cannot be read", "time limit"…)
    killed: bool = False  # the worker was killed or died: the pool replaces it


def process_file(task: Task) -> Result:
    if task.fetch:
        return _process_listed(task)
    return _process(task, time.perf_counter())


def _process_listed(task: Task) -> Result:
    """A listed input: read (and hashed) here, skipped if its output is already up to date."""
    from extractor.batch.remote import fetched, name_of

    start = time.perf_counter()
    try:
        with fetched(task.path, task.limits) as copy:
            if task.sha256 and copy.sha256 != task.sha256:
                return Result(task.rel, copy.sha256, Status.FAILED, time.perf_counter() - start,
                              error=f"cannot be read: its sha256 is {copy.sha256}, not {task.sha256} as listed",
                              reason="cannot be read")
            if copy.sha256 == task.done_sha256:
                return Result(task.rel, copy.sha256, Status.SKIPPED, time.perf_counter() - start)
            local = dataclasses.replace(task, path=str(copy.path), sha256=copy.sha256,
                                        name=task.name or name_of(task.path))
            return _process(local, start)
    except GovReportError as exc:
        return Result(task.rel, task.sha256, Status.FAILED, time.perf_counter() - start,
                      error=f"{exc.reason}: {exc}", reason=exc.reason)


def _process(task: Task, start: float) -> Result:
    from extractor.pipeline import extract, to_json

    try:
        document = extract(Path(task.path), task.limits, name=task.name)
        text = to_json(document)
    except NotAReport as exc:
        return Result(task.rel, task.sha256, Status.NOT_REPORT, time.perf_counter() - start,
                      error=f"{exc.reason}: {exc}", reason=exc.reason)
    except GovReportError as exc:
        return Result(task.rel, task.sha256, Status.FAILED, time.perf_counter() - start,
                      error=f"{exc.reason}: {exc}", reason=exc.reason)
    except MemoryError:
        return Result(task.rel, task.sha256, Status.FAILED, time.perf_counter() - start,
                      error="limit exceeded: out of memory", reason="memory limit")
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Result(
            task.rel,
            task.sha256,
            Status.FAILED,
            time.perf_counter() - start,
            error=f"internal error: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})",
            reason="internal error",
        )
    failed = [c.rule for c in document.checks if c.status == "fail"]
    return Result(task.rel, task.sha256, Status.OK, time.perf_counter() - start, json_text=text, failed_checks=failed)
