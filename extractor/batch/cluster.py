"""Running a batch's work on a Dask distributed cluster (``pip install govreport[cluster]``).

Workers need govreport installed. By default each task carries the file's bytes, so the
workers need not see the input folder; with ``upload=False`` they read the same path (a
shared file system). Results come back to the client, which writes them exactly as a local
run does.

Bounds, as locally:
* a file over ``--max-file-mb`` is refused by the client before its bytes are read;
* at most a few tasks per worker are in flight, so the client never holds a whole folder;
* on the worker each document runs in a child process of the same supervised pool as a
  local batch, killed at ``--timeout`` (or the memory limit), so a hung document never holds
  a Dask thread; a task cancelled by the client (Ctrl-C, or the client gone) kills its child;
* Ctrl-C on the client cancels every outstanding task.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from extractor.batch.work import Result, Status, Task
from extractor.errors import GovReportError
from extractor.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, check_file_size

_IN_FLIGHT_PER_WORKER = 4
_KILL_GRACE = 5.0


def _cancelled() -> Callable[[], bool]:
    """On a Dask worker: whether the running task was cancelled or released."""
    try:
        from distributed import get_worker

        worker = get_worker()
        key = worker.get_current_task()
    except (ImportError, ValueError, AttributeError):
        return lambda: False

    def check() -> bool:
        state = worker.state.tasks.get(key)
        return state is None or state.state in ("cancelled", "released", "forgotten")

    return check


def run_isolated(task: Task, data: bytes | None = None, memory_mb: float | None = DEFAULT_MEMORY_MB) -> Result:
    """One document in a supervised child process of this (Dask worker) process."""
    from extractor.batch.pool import WorkerPool

    with tempfile.TemporaryDirectory(prefix="govreport-dask-") as tmp:
        if data is not None:
            # The real file name: it is what the document's source.file reports.
            path = Path(tmp) / Path(task.path).name
            path.write_bytes(data)
            task = dataclasses.replace(task, path=str(path))
        pool = WorkerPool(1, task.limits.timeout or DEFAULT_TIMEOUT, memory_mb, kill_grace=_KILL_GRACE)
        results = list(pool.run([task], should_stop=_cancelled()))
    return results[0]


def run_on_dask(tasks: list[Task], scheduler: Any, upload: bool = True,
                memory_mb: float | None = DEFAULT_MEMORY_MB) -> Iterator[Result]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra being installed
        raise RuntimeError("Dask is not installed: pip install 'govreport[cluster]'") from exc

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    by_future: dict[Any, Task] = {}
    try:
        window = max(1, len(client.scheduler_info().get("workers", {}))) * _IN_FLIGHT_PER_WORKER
        queue = deque(tasks)
        running = as_completed()

        def fill() -> Iterator[Result]:
            """Submit until the window is full; a file refused on the way is a result at once."""
            while queue and len(by_future) < window:
                task = queue.popleft()
                try:
                    data = _read(task) if upload else None
                except (GovReportError, OSError) as exc:
                    reason = exc.reason if isinstance(exc, GovReportError) else "cannot be read"
                    yield Result(task.rel, task.sha256, Status.FAILED, 0.0, error=f"{reason}: {exc}", reason=reason)
                    continue
                future = client.submit(run_isolated, task, data, memory_mb, pure=False)
                by_future[future] = task
                running.add(future)

        yield from fill()
        for future in running:
            task = by_future.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or task fails one file, not the batch
                yield Result(task.rel, task.sha256, Status.FAILED, 0.0,
                             error=f"cluster error: {type(exc).__name__}: {exc}", reason="cluster error")
            yield from fill()
    finally:
        if by_future:
            # Ctrl-C or an error here: nothing keeps running on the cluster for us.
            client.cancel(list(by_future), force=True)
        if own:
            client.close()


def _read(task: Task) -> bytes:
    # The size limit before the bytes: a 2.5 GB file is refused without being read.
    check_file_size(os.stat(task.path).st_size, task.limits)
    return Path(task.path).read_bytes()
