"""A batch run: find inputs, skip what is done, extract the rest, record everything.

Outputs are written by this (the parent) process, atomically, as results arrive; workers
only compute. So the local pool and a Dask cluster behave the same, and an interrupted
run leaves only whole JSON files and a manifest of what finished.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.discover import find_inputs, output_path
from extractor.batch.manifest import Manifest, write_atomic
from extractor.batch.work import Result, Task
from extractor.contract import SCHEMA_VERSION
from extractor.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits
from extractor.pipeline import sha256_of

_KILL_GRACE = 5.0


@dataclass
class BatchOptions:
    input: Path
    out: Path
    jobs: int = os.cpu_count() or 1
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: float | None = DEFAULT_MEMORY_MB
    force: bool = False
    scheduler: Any = None  # a Dask scheduler address (or Client) to run on a cluster
    upload: bool = True  # send file bytes to cluster workers instead of paths
    limits: Limits | None = None  # pages and sizes per document; its timeout is ``timeout``

    def document_limits(self) -> Limits:
        return dataclasses.replace(self.limits or Limits(), timeout=self.timeout)


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def processed(self) -> int:
        return sum(v for k, v in self.counts.items() if k != "skipped")

    @property
    def ok(self) -> bool:
        return self.counts["failed"] == 0 and self.counts["not_report"] == 0


def _up_to_date(target: Path, sha256: str) -> bool:
    """The JSON exists for the same source bytes and schema: nothing to redo."""
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("schema_version") == SCHEMA_VERSION and data.get("source", {}).get("sha256") == sha256


def _reason(error: str | None) -> str:
    if not error:
        return "unknown"
    return error.split(":", 1)[0].split(" (", 1)[0]


def _entry(rel: str, sha: str, status: str, seconds: float, result: Result | None = None, error: str | None = None) -> dict[str, Any]:
    return {
        "path": rel,
        "sha256": sha,
        "status": status,
        "seconds": round(seconds, 3),
        "failed_checks": result.failed_checks if result else [],
        "error": error if error is not None else (result.error if result else None),
    }


Progress = Callable[[str, str, int, int], None]  # (status, rel path, done, total)


def plan(options: BatchOptions, manifest: Manifest, summary: Summary, progress: Progress) -> list[Task]:
    tasks: list[Task] = []
    inputs = list(find_inputs(options.input))
    for path in inputs:
        rel = path.relative_to(options.input)
        try:
            target = output_path(options.out, rel)
            sha = sha256_of(path)
        except (OSError, ValueError) as exc:
            summary.counts["failed"] += 1
            summary.reasons["unreadable"] += 1
            manifest.add(_entry(str(rel), "", "failed", 0.0, error=f"cannot be read: {exc}"))
            continue
        if not options.force and _up_to_date(target, sha):
            summary.counts["skipped"] += 1
            manifest.add(_entry(str(rel), sha, "skipped", 0.0))
            progress("skipped", str(rel), summary.counts.total(), len(inputs))
            continue
        tasks.append(Task(str(path), str(rel), sha, options.document_limits()))
    return tasks


def _results(options: BatchOptions, tasks: list[Task], summary: Summary) -> Iterator[Result]:
    if options.scheduler is not None:
        from extractor.batch.cluster import run_on_dask

        yield from run_on_dask(tasks, options.scheduler, upload=options.upload)
        return
    from extractor.batch.pool import WorkerPool

    # The worker stops a document at ``timeout`` itself (a clear "limit exceeded"); the pool
    # kills a worker only if that fails (stuck outside Python), a little later.
    pool = WorkerPool(options.jobs, options.timeout, options.memory_mb, kill_grace=_KILL_GRACE)
    try:
        yield from pool.run(tasks)
    finally:
        summary.peak_rss_mb = pool.peak_rss_mb


def run_batch(options: BatchOptions, progress: Progress | None = None) -> Summary:
    progress = progress or (lambda *_: None)
    start = time.perf_counter()
    options.out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    manifest = Manifest(options.out)
    try:
        tasks = plan(options, manifest, summary, progress)
        total = summary.counts.total() + len(tasks)
        for result in _results(options, tasks, summary):
            _record(options, result, manifest, summary)
            progress(result.status, result.rel, summary.counts.total(), total)
    finally:
        manifest.close()
        summary.wall = time.perf_counter() - start
    from extractor.batch.corpus_checks import write_corpus_checks

    write_corpus_checks(options.out)
    return summary


def _record(options: BatchOptions, result: Result, manifest: Manifest, summary: Summary) -> None:
    status, error = result.status, result.error
    if status == "ok" and result.json_text is not None:
        try:
            write_atomic(output_path(options.out, Path(result.rel)), result.json_text + "\n")
        except (OSError, ValueError) as exc:
            status, error = "failed", f"cannot write output: {exc}"
    summary.counts[status] += 1
    if status != "ok":
        summary.reasons[_reason(error)] += 1
    manifest.add(_entry(result.rel, result.sha256, status, result.seconds, result, error))


def iter_outputs(out: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    """Every JSON document a batch wrote under ``out``."""
    for path in sorted(out.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "tables" in data and "report" in data:
            yield path, data
