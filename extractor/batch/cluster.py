"""Running a batch's work on a Dask distributed cluster (``pip install govreport[cluster]``).

Workers need govreport installed. How a document reaches its worker (``Inputs``): by default
(``AUTO``) the client asks the workers whether they see the first input as it does (the same
file: device, inode, size and modification time); if every worker does (a cluster on this
machine, or one sharing its disk), each task carries the file's identity instead of its bytes
and the worker reads the path, after checking the identity; a worker that does not see it
(one that joined later, elsewhere) sends the task back, and it goes again with its bytes.
Otherwise, or with ``BYTES``, each task carries the bytes, so the workers need not see the
input folder; with ``PATHS`` (``--shared-input``) they read the same path unchecked. Results
come back to the client, which writes them exactly as a local run does.

Bounds, as locally:
* a file over ``--max-file-mb`` is refused by the client before its bytes are read;
* at most a few tasks per worker are in flight, so the client never holds a whole folder;
* on the worker each document runs in a child process of the same supervised pool as a
  local batch, killed at ``--timeout`` (or the memory limit), so a hung document never holds
  a Dask thread; a task cancelled by the client (Ctrl-C, or the client gone) kills its child;
* Ctrl-C on the client cancels every outstanding task.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from extractor.batch.work import Result, Status, Task
from extractor.errors import GovReportError
from extractor.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, check_file_size

# Tasks in flight per worker: one running, the next ones already on their way (and no more,
# so the client never holds a whole folder's bytes).
_IN_FLIGHT_PER_WORKER = 3
# A Dask task carries up to this many documents and about this many bytes of them: on a
# small report the scheduler, client and worker spend milliseconds per task, as much as
# the document's own extraction; sixteen to a task make that a small share.
_CHUNK_FILES = 16
_CHUNK_BYTES = 8_000_000
# Tasks per worker what is left of a batch is cut into at least (fewer documents per task).
_CHUNKS_PER_WORKER = 4
_KILL_GRACE = 5.0
# A task's result when its worker does not see an input sent by identity: not a document's
# outcome, so never written; the client sends that document again with its bytes.
_UNSEEN = "input not seen by the worker"


class Inputs(Enum):
    """How documents reach the workers (see the module's docstring)."""

    AUTO = "auto"
    BYTES = "bytes"
    PATHS = "paths"


@dataclass(frozen=True)
class FileIdentity:
    """The file a path named on the client, to be found by the same path on a worker."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str) -> FileIdentity:
        st = os.stat(path)
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def identity_seen(path: str) -> FileIdentity | None:
    """On a worker (``Client.run``): the identity of the file at ``path`` here, None when
    there is none."""
    try:
        return FileIdentity.of(path)
    except OSError:
        return None
# Dask settings for a cluster that runs govreport (docs/batch.md shows them as DASK_* variables
# for `dask scheduler` and `dask worker`). Every Dask process otherwise checks its event loop
# every 20 ms, its memory every 100 ms and samples its task threads every 10 ms: measured idle,
# 2-3.5% of a core per process (12% of a core for a scheduler and two workers), against 1.3%
# with these. Documents run in the pool's children, so the worker's profiler only ever sees a
# thread waiting, and its memory monitor a process that holds a few tasks' bytes.
QUIET_DASK = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}


def import_dask_in_background() -> None:
    """Start importing Dask's client while the batch plans its inputs. The import takes about
    half a second of CPU (measured: 0.44 s), during which a cluster's workers would wait for
    their first task; planning mostly reads and hashes files, so the two overlap. A failed
    import is reported where the client is made (``run_on_dask``), not here."""

    def load() -> None:
        with contextlib.suppress(ImportError):
            import dask.distributed  # noqa: F401

    threading.Thread(target=load, name="govreport-import-dask", daemon=True).start()


def dask_environment(settings: dict[str, object] = QUIET_DASK) -> dict[str, str]:
    """``settings`` as the DASK_* environment variables Dask reads them from."""
    return {"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value) for key, value in settings.items()}


_CANCEL_POLL = 0.2  # seconds between checks that a running task was cancelled


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


def _worker_threads() -> int:
    """Documents this Dask worker runs at once: its thread count (1 when not on a worker)."""
    try:
        from distributed import get_worker

        return max(1, get_worker().state.nthreads)
    except (ImportError, ValueError, AttributeError):
        return 1


def _leave_thread_pool() -> None:
    """On a Dask worker: free this task's thread slot while its documents wait in the pool
    host, so the worker starts the next task and hands its documents over too. Otherwise
    the host's children sit idle between two tasks (the result sent back, the next task's
    bytes unpacked and written, the documents handed over), a few milliseconds each time
    (not measured apart: on two shared cores the benchmark's noise is larger). The host's queue is bounded by the client's window (``_IN_FLIGHT_PER_WORKER``),
    and a document's time limit runs from when a child starts it, not from its queueing."""
    try:
        from distributed import secede

        secede()
    except (ImportError, ValueError, AttributeError, KeyError):
        pass  # not on a Dask worker (run directly, as the tests do)


async def start_pool(memory_mb: float | None = DEFAULT_MEMORY_MB, dask_worker: Any = None) -> None:
    """On a Dask worker (``Client.run`` passes it as ``dask_worker``): start its pool host
    (``hosted_pool``) before its first task arrives. A coroutine so that the client need not
    wait for it (``wait=False``); quick (the host process is started, not waited for), so it
    may run on the worker's event loop."""
    from extractor.batch.hosted_pool import HostGone, hosted_pool

    jobs = max(1, dask_worker.state.nthreads) if dask_worker is not None else _worker_threads()
    with contextlib.suppress(HostGone):
        hosted_pool(jobs, memory_mb, _KILL_GRACE)


def run_chunk(tasks: list[Task], data: list[bytes | FileIdentity | None],
              memory_mb: float | None = DEFAULT_MEMORY_MB) -> list[Result]:
    """Some documents on this worker's long-lived pool (``hosted_pool``); a result for each,
    in order. A document sent by identity that this worker does not see is not run: its
    result says so (``_UNSEEN``). A task cancelled meanwhile kills its documents' children
    and returns."""
    from extractor.batch.hosted_pool import HostGone, hosted_pool

    check = _cancelled()
    results: list[Result | None] = [_unseen(task) if isinstance(blob, FileIdentity) and identity_seen(task.path) != blob
                                    else None for task, blob in zip(tasks, data, strict=True)]
    with tempfile.TemporaryDirectory(prefix="govreport-dask-") as tmp:
        runnable = [(i, _placed(task, blob, Path(tmp) / str(i)))
                    for i, (task, blob) in enumerate(zip(tasks, data, strict=True)) if results[i] is None]
        if not runnable:
            return [r for r in results if r is not None]
        try:
            pool = hosted_pool(_worker_threads(), memory_mb, _KILL_GRACE)
            submitted = [(i, *pool.submit(task)) for i, task in runnable]
        except HostGone as exc:
            return [Result(t.rel, t.sha256, Status.FAILED, 0.0, error=f"worker crashed: {exc}", reason="worker crashed")
                    for t in tasks]
        futures = [future for _, _, future in submitted]
        _leave_thread_pool()
        while not all(f.done() for f in futures):
            concurrent.futures.wait(futures, timeout=_CANCEL_POLL, return_when=concurrent.futures.ALL_COMPLETED)
            if check():
                pool.cancel([key for _, key, future in submitted if not future.done()])
                for i, _, future in submitted:
                    results[i] = future.result() if future.done() else _cancelled_result(tasks[i])
                return [r for r in results if r is not None]
        for i, _, future in submitted:
            results[i] = future.result()
        return [r for r in results if r is not None]


def _unseen(task: Task) -> Result:
    return Result(task.rel, task.sha256, Status.FAILED, 0.0, error=_UNSEEN, reason=_UNSEEN)


def _placed(task: Task, data: bytes | FileIdentity | None, folder: Path) -> Task:
    """The task as the pool should run it: uploaded bytes in a file under the real file name
    (what the document's source.file reports), and a time limit always set."""
    limits = task.limits if task.limits.timeout else dataclasses.replace(task.limits, timeout=DEFAULT_TIMEOUT)
    task = dataclasses.replace(task, limits=limits)
    if not isinstance(data, bytes):
        return task
    folder.mkdir()
    path = folder / Path(task.path).name
    path.write_bytes(data)
    return dataclasses.replace(task, path=str(path))


def _cancelled_result(task: Task) -> Result:
    return Result(task.rel, task.sha256, Status.FAILED, 0.0, error="cancelled", reason="cancelled", killed=True)


@dataclass
class _Chunk:
    """The documents of one Dask task, with the bytes of those that travel with it."""

    tasks: list[Task] = field(default_factory=list)
    data: list[bytes | FileIdentity | None] = field(default_factory=list)
    size: int = 0


def chunk_files(remaining: int, workers: int) -> int:
    """Documents for the next Dask task: up to ``_CHUNK_FILES``, fewer when few are left, so
    every worker still gets several tasks of what remains."""
    return max(1, min(_CHUNK_FILES, remaining // (workers * _CHUNKS_PER_WORKER)))


def _workers_see(client: Any, tasks: list[Task]) -> bool:
    """Every worker now on the cluster sees the first input as this client does."""
    probe = next((t for t in tasks if not t.fetch), None)
    if probe is None:
        return False
    try:
        mine = FileIdentity.of(probe.path)
        theirs = client.run(identity_seen, probe.path)
    except Exception:  # noqa: BLE001 - no answer is no; the bytes go instead
        return False
    return bool(theirs) and all(seen == mine for seen in theirs.values())


def _gather_direct(workers_see: bool) -> bool:
    """Whether results come straight from the workers rather than through the scheduler:
    Dask's own setting (``distributed.client.direct-to-workers``) when it is set; otherwise
    when the workers see this client's files (the same device and inode: this machine, or
    one sharing its disk), so they are reachable from here. Through the scheduler every
    result (a document's JSON, ≈ 67 KB for a text report) crosses two connections and the
    scheduler copies it, on a cluster the one process every result passes; measured on two
    cores, 5 interleaved rounds of 400 text files, direct 0.94× and relayed 0.91× of a local
    batch (docs/performance.md), a difference within the rounds' spread. A client that cannot
    reach its workers would wait for each connection to time out, so without that evidence
    results go through the scheduler, as Dask's default does."""
    import dask

    configured = dask.config.get("distributed.client.direct-to-workers", None)
    return bool(configured) if configured is not None else workers_see


def run_on_dask(tasks: list[Task], scheduler: Any, inputs: Inputs = Inputs.AUTO,
                memory_mb: float | None = DEFAULT_MEMORY_MB) -> Iterator[Result]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra being installed
        raise RuntimeError("Dask is not installed: pip install 'govreport[cluster]'") from exc

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    by_future: dict[Any, _Chunk] = {}
    try:
        # Every worker starts its pool host now, while the first tasks' bytes are read and
        # sent: the host's interpreter and the pipeline's imports are ready sooner.
        client.run(start_pool, memory_mb, wait=False)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * _IN_FLIGHT_PER_WORKER
        by_identity = inputs is Inputs.AUTO and _workers_see(client, tasks)
        direct = _gather_direct(by_identity)
        queue: deque[tuple[Task, bool]] = deque((task, False) for task in tasks)  # (task, its bytes must go)
        running = as_completed()

        def payload(task: Task, force_bytes: bool) -> bytes | FileIdentity | None:
            if task.fetch or inputs is Inputs.PATHS:
                return None
            if by_identity and not force_bytes:
                # The size limit as for bytes: a file too large is refused here, not on a worker.
                identity = FileIdentity.of(task.path)
                check_file_size(identity.size, task.limits)
                return identity
            return _read(task)

        def fill() -> Iterator[Result]:
            """Submit until the window is full; a file refused on the way is a result at once."""
            while queue and len(by_future) < window:
                chunk = _Chunk()
                # Cut from what is left: tasks shrink as the queue drains, so no worker is
                # left idle at the end while another finishes a long task.
                per_chunk = chunk_files(len(queue), workers)
                while queue and len(chunk.tasks) < per_chunk and chunk.size < _CHUNK_BYTES:
                    task, force_bytes = queue.popleft()
                    try:
                        data = payload(task, force_bytes)
                    except (GovReportError, OSError) as exc:
                        reason = exc.reason if isinstance(exc, GovReportError) else "cannot be read"
                        yield Result(task.rel, task.sha256, Status.FAILED, 0.0, error=f"{reason}: {exc}", reason=reason)
                        continue
                    chunk.tasks.append(task)
                    chunk.data.append(data)
                    chunk.size += len(data) if isinstance(data, bytes) else 0
                if chunk.tasks:
                    future = client.submit(run_chunk, chunk.tasks, chunk.data, memory_mb, pure=False)
                    by_future[future] = chunk
                    running.add(future)

        yield from fill()
        for future in running:
            chunk = by_future.pop(future)
            try:
                for result in client.gather(future, direct=direct):
                    if result.reason == _UNSEEN:
                        task = next(t for t in chunk.tasks if t.rel == result.rel)
                        queue.append((task, True))
                    else:
                        yield result
            except Exception as exc:  # noqa: BLE001 - a lost worker or task fails its files, not the batch
                for task in chunk.tasks:
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
