"""The unit of work of a batch: one input file to one result, never raising.

Runs inside a worker process (local pool) or a Dask worker; everything it returns is plain
data so it pickles cheaply.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from extractor.contract import SCHEMA_VERSION
from extractor.errors import GovReportError, NotAReport
from extractor.limits import Limits


@dataclass
class Task:
    path: str  # the input file as the worker should read it
    rel: str  # its path relative to the batch input folder (the manifest's name for it)
    sha256: str
    limits: Limits = field(default_factory=Limits)


@dataclass
class Result:
    rel: str
    sha256: str
    status: str  # ok, failed, not_report
    seconds: float
    json_text: str | None = None
    error: str | None = None
    failed_checks: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION


def process_file(task: Task) -> Result:
    from extractor.pipeline import extract, to_json

    start = time.perf_counter()
    try:
        document = extract(Path(task.path), task.limits)
        text = to_json(document)
    except NotAReport as exc:
        return Result(task.rel, task.sha256, "not_report", time.perf_counter() - start, error=f"{exc.reason}: {exc}")
    except GovReportError as exc:
        return Result(task.rel, task.sha256, "failed", time.perf_counter() - start, error=f"{exc.reason}: {exc}")
    except MemoryError:
        return Result(task.rel, task.sha256, "failed", time.perf_counter() - start, error="memory limit exceeded")
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Result(
            task.rel,
            task.sha256,
            "failed",
            time.perf_counter() - start,
            error=f"internal error: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})",
        )
    failed = [c.rule for c in document.checks if c.status == "fail"]
    return Result(task.rel, task.sha256, "ok", time.perf_counter() - start, json_text=text, failed_checks=failed)


def process_bytes(name: str, rel: str, sha256: str, data: bytes, limits: Limits | None = None) -> Result:
    """For cluster workers that cannot see the input folder: the bytes travel with the task."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="govreport-") as tmp:
        # The real file name: it is what the document's source.file reports.
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        result = process_file(Task(str(path), rel, sha256, limits or Limits()))
    return result
