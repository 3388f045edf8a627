"""Running a batch's work on a Dask distributed cluster (``pip install govreport[cluster]``).

Workers need govreport installed. By default each task carries the file's bytes, so the
workers need not see the input folder; with ``upload=False`` they read the same path (a
shared file system). Results come back to the client, which writes them exactly as a local
run does. At most a few tasks per worker are in flight, so the client never holds a whole
folder in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.batch.work import Result, Task, process_bytes, process_file

_IN_FLIGHT_PER_WORKER = 4


def run_on_dask(tasks: list[Task], scheduler: Any, upload: bool = True) -> Iterator[Result]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra being installed
        raise RuntimeError("Dask is not installed: pip install 'govreport[cluster]'") from exc

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * _IN_FLIGHT_PER_WORKER
        queue = list(reversed(tasks))
        by_future: dict[Any, Task] = {}

        def submit() -> Any:
            task = queue.pop()
            if upload:
                data = Path(task.path).read_bytes()
                future = client.submit(
                    process_bytes, Path(task.path).name, task.rel, task.sha256, data, task.limits, pure=False
                )
            else:
                future = client.submit(process_file, task, pure=False)
            by_future[future] = task
            return future

        running = as_completed([submit() for _ in range(min(window, len(queue)))])
        for future in running:
            task = by_future.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or task fails one file, not the batch
                yield Result(task.rel, task.sha256, "failed", 0.0, error=f"cluster error: {type(exc).__name__}: {exc}")
            if queue:
                running.add(submit())
    finally:
        if own:
            client.close()
