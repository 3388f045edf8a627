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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.discover import Input, find_inputs
from extractor.batch.input_list import read_input_list
from extractor.batch.manifest import Manifest
from extractor.batch.store import locked, output_path, output_sha256, remove_stale_temporaries, up_to_date
from extractor.batch.work import Result, Status, Task
from extractor.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits
from extractor.names import is_utf8, raw_bytes, shown
from extractor.outputs import OutputError, write_text
from extractor.pipeline import sha256_of

_KILL_GRACE = 5.0


@dataclass
class BatchOptions:
    input: Path
    out: Path
    jobs: int | None = None  # None: the CPU count (on Dask: the cluster's workers)
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: float | None = DEFAULT_MEMORY_MB
    force: bool = False
    scheduler: Any = None  # a Dask scheduler address (or Client) to run on a cluster
    # Cluster workers may be sent file bytes (or, when they see the same files, the files'
    # identities: ``cluster.Inputs.AUTO``); False: they read the paths themselves (--shared-input).
    upload: bool = True
    limits: Limits | None = None  # pages and sizes per document; its timeout is ``timeout``
    follow_links: bool = False  # follow links that lead outside INPUT, and links to folders
    # A file listing the inputs (paths or URLs, read by the workers: ``input_list``) instead
    # of a folder searched; ``input`` is then unused.
    input_list: Path | None = None

    def document_limits(self) -> Limits:
        return dataclasses.replace(self.limits or Limits(), timeout=self.timeout)


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0
    peak_rss_mb: float = 0.0
    last_status: str = ""
    write_errors: list[str] = field(default_factory=list)  # manifest or corpus checks not written
    # (path as shown, why) of each input that gave no document this run, in the order they ended
    problems: list[tuple[str, str]] = field(default_factory=list)
    corpus: str | None = None  # the corpus stage in one line (agencies and years matched)

    @property
    def processed(self) -> int:
        return sum(v for k, v in self.counts.items() if not k.startswith("skipped"))

    @property
    def ok(self) -> bool:
        """Exit 0: nothing failed (not-a-report and skipped inputs are outcomes, not failures)."""
        return self.counts[Status.FAILED] == 0 and not self.write_errors


def _entry(rel: str, sha: str, status: str, seconds: float, result: Result | None = None, error: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": shown(rel),
        "sha256": sha,
        "status": status,
        "seconds": round(seconds, 3),
        "failed_checks": result.failed_checks if result else [],
        "error": error if error is not None else (result.error if result else None),
    }
    if not is_utf8(rel):
        # The name is not UTF-8 (e.g. GBK from a Chinese Windows zip): ``path`` shows its odd
        # bytes as \\xNN; ``path_bytes_hex`` is the exact name, for scripts that need it.
        entry["path_bytes_hex"] = raw_bytes(rel).hex()
    return entry


Progress = Callable[[str, str, int, int], None]  # (status, rel path, done, total)


def plan(options: BatchOptions, manifest: Manifest, summary: Summary, progress: Progress) -> list[Task]:
    if options.input_list is not None:
        return _plan_listed(options, manifest, summary, progress)
    tasks: list[Task] = []
    inputs = list(find_inputs(options.input, options.follow_links))
    limits = options.document_limits()
    for item in inputs:
        task = _plan_one(item, options, limits, manifest, summary)
        if task is None:
            progress(summary.last_status, shown(item.name), summary.counts.total(), len(inputs))
        else:
            tasks.append(task)
    return tasks


def _plan_one(item: Input, options: BatchOptions, limits: Limits, manifest: Manifest, summary: Summary) -> Task | None:
    rel = item.name
    if item.skip is not None:
        _note(manifest, summary, _entry(rel, "", item.skip, 0.0, error=item.detail), item.skip)
        return None
    try:
        target = output_path(options.out, item.rel)
        sha = sha256_of(item.path)
    except (OSError, ValueError) as exc:
        error = f"cannot be read: {exc.strerror if isinstance(exc, OSError) else exc}"
        _note(manifest, summary, _entry(rel, "", Status.FAILED, 0.0, error=error), Status.FAILED, "cannot be read")
        return None
    if not options.force and up_to_date(target, sha):
        _note(manifest, summary, _kept_outcome(manifest, rel, sha, target), Status.SKIPPED)
        return None
    return Task(str(item.path), rel, sha, limits)


def _plan_listed(options: BatchOptions, manifest: Manifest, summary: Summary, progress: Progress) -> list[Task]:
    """Tasks for the inputs of a list: nothing is read here (the workers read them); an input
    whose line gives its sha256 and whose output is up to date is skipped at once."""
    assert options.input_list is not None
    entries = list(read_input_list(options.input_list))
    limits = options.document_limits()
    tasks: list[Task] = []
    for entry in entries:
        try:
            target = output_path(options.out, Path(entry.rel))
        except ValueError as exc:
            entry = dataclasses.replace(entry, error=str(exc))
        if entry.error is not None:
            _note(manifest, summary, _entry(entry.rel, entry.sha256 or "", Status.FAILED, 0.0, error=entry.error),
                  Status.FAILED, "cannot be read")
        elif not options.force and entry.sha256 is not None and up_to_date(target, entry.sha256):
            _note(manifest, summary, _kept_outcome(manifest, entry.rel, entry.sha256, target), Status.SKIPPED)
        else:
            tasks.append(Task(entry.location, entry.rel, entry.sha256 or "", limits, fetch=True,
                              done_sha256=None if options.force else output_sha256(target)))
            continue
        progress(summary.last_status, shown(entry.rel), summary.counts.total(), len(entries))
    return tasks


def _kept_outcome(manifest: Manifest, rel: str, sha: str, target: Path) -> dict[str, Any]:
    """The line of an input skipped as up to date: the outcome its last run recorded (status,
    seconds, failed checks, error) with ``skipped: true`` beside it, so a re-run never turns
    what a run found into "skipped". Without a line for these bytes (a manifest lost, or one
    written before outcomes were kept), the outcome is read back from the JSON itself."""
    previous = manifest.entries.get(shown(rel))
    if previous is not None and previous.get("sha256") == sha and previous.get("status") != Status.SKIPPED:
        return {**previous, "skipped": True}
    try:
        checks = json.loads(target.read_bytes()).get("checks") or []
    except (OSError, ValueError, AttributeError):
        checks = []
    failed = [c.get("rule") for c in checks if isinstance(c, dict) and c.get("status") == "fail"]
    seconds = previous.get("seconds") if previous is not None and previous.get("sha256") == sha else None
    entry = _entry(rel, sha, Status.OK, 0.0, error=None)
    entry.update(seconds=seconds, failed_checks=failed, skipped=True)
    return entry


def _note(manifest: Manifest, summary: Summary, entry: dict[str, Any], status: str, reason: str | None = None) -> None:
    """Count an outcome and record it; a manifest that cannot be written fails the batch."""
    try:
        manifest.add(entry)
    except OutputError as exc:
        status, reason = Status.FAILED, "cannot write the manifest"
        summary.write_errors.append(str(exc))
    summary.counts[status] += 1
    summary.last_status = status
    if status not in (Status.OK, Status.SKIPPED):
        summary.problems.append((entry["path"], entry.get("error") or reason or status))
    if reason:
        summary.reasons[reason] += 1
    elif status not in (Status.OK, Status.SKIPPED, Status.NOT_REPORT) and entry.get("error"):
        summary.reasons[status] += 1


def _results(options: BatchOptions, tasks: list[Task], summary: Summary) -> Iterator[Result]:
    if options.scheduler is not None:
        from extractor.batch.cluster import Inputs, run_on_dask

        inputs = Inputs.AUTO if options.upload else Inputs.PATHS
        yield from run_on_dask(tasks, options.scheduler, inputs=inputs, memory_mb=options.memory_mb)
        return
    from extractor.batch.pool import WorkerPool

    # The worker stops a document at ``timeout`` itself (a clear "limit exceeded"); the pool
    # kills a worker only if that fails (stuck outside Python), a little later.
    pool = WorkerPool(options.jobs or os.cpu_count() or 1, options.timeout, options.memory_mb, kill_grace=_KILL_GRACE)
    try:
        yield from pool.run(tasks)
    finally:
        summary.peak_rss_mb = pool.peak_rss_mb


def run_batch(options: BatchOptions, progress: Progress | None = None) -> Summary:
    """Run a batch; raises ``OutLocked`` when another batch holds OUT, ``OutputError`` when OUT
    cannot be created."""
    progress = progress or (lambda *_: None)
    start = time.perf_counter()
    try:
        options.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {shown(str(options.out))}: {exc.strerror or exc}") from None
    summary = Summary()
    with locked(options.out):
        remove_stale_temporaries(options.out)
        manifest = Manifest(options.out)
        try:
            if options.scheduler is not None:
                from extractor.batch.cluster import import_dask_in_background

                import_dask_in_background()
            tasks = plan(options, manifest, summary, progress)
            # Every input now has its line (or a task that will write one): lines of inputs
            # that are gone are not current, and the compacted manifest leaves them out.
            manifest.keep_only({shown(t.rel) for t in tasks})
            total = summary.counts.total() + len(tasks)
            for result in _results(options, tasks, summary):
                status = _record(options, result, manifest, summary)
                progress(status, shown(result.rel), summary.counts.total(), total)
        finally:
            summary.wall = time.perf_counter() - start
            try:
                manifest.close()
            except OutputError as exc:
                summary.write_errors.append(str(exc))
        from extractor.batch.corpus_checks import describe, write_corpus

        try:
            summary.corpus = describe(write_corpus(options.out).summary)
        except OutputError as exc:
            summary.write_errors.append(str(exc))
    return summary


def _record(options: BatchOptions, result: Result, manifest: Manifest, summary: Summary) -> str:
    """Write a result's JSON and manifest line; returns the outcome as counted."""
    status, error, reason = result.status, result.error, result.reason
    if status == Status.SKIPPED:
        # A listed input whose bytes, read by the worker, are those its output was made from.
        target = output_path(options.out, Path(result.rel))
        _note(manifest, summary, _kept_outcome(manifest, result.rel, result.sha256, target), Status.SKIPPED)
        return summary.last_status
    if status == Status.OK and result.json_text is not None:
        try:
            write_text(output_path(options.out, Path(result.rel)), result.json_text + "\n", make_parents=True)
        except (OutputError, ValueError) as exc:
            status, error, reason = Status.FAILED, f"cannot write the output: {exc}", "cannot write the output"
    _note(manifest, summary, _entry(result.rel, result.sha256, status, result.seconds, result, error), status,
          reason if status == Status.FAILED else None)
    return summary.last_status
