"""The Dask worker's side of its pool host (``pool_host``): one per worker process, started
on the first task and reused by every later one.

Tasks run in the worker's threads; each hands its documents to the host and waits for their
results. One thread per host reads the host's answers and hands each to the task waiting
for it; it is also the thread that started the host, and lives exactly as long as it (the
host's parent-death signal follows the thread that started it, not the process).
"""

from __future__ import annotations

import contextlib
import itertools
import subprocess
import threading
from concurrent.futures import Future
from multiprocessing.connection import Connection

from extractor.batch.pool_host import start_host
from extractor.batch.work import Result, Status, Task


class HostGone(RuntimeError):
    """The host could not be started."""


class HostedPool:
    def __init__(self, jobs: int, memory_mb: float | None, kill_grace: float) -> None:
        self._args = (jobs, memory_mb, kill_grace)
        self._lock = threading.Lock()  # one sender at a time; guards _waiting and _gone
        self._waiting: dict[str, tuple[Task, Future[Result]]] = {}
        self._keys = itertools.count()
        self._gone = False
        self._started = threading.Event()
        self._error: BaseException | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        threading.Thread(target=self._own, name="govreport-pool-host", daemon=True).start()
        self._started.wait()
        if self._error is not None:
            raise HostGone(f"cannot start the pool host: {self._error}") from self._error

    @property
    def alive(self) -> bool:
        return not self._gone

    def _own(self) -> None:
        """Start the host, then deliver its answers until it is gone."""
        try:
            self._process, self._conn = start_host(*self._args)
        except OSError as exc:
            self._error, self._gone = exc, True
            self._started.set()
            return
        self._started.set()
        try:
            while True:
                key, result = self._conn.recv()
                with self._lock:
                    waiting = self._waiting.pop(key, None)
                if waiting is not None:
                    waiting[1].set_result(result)
        except (EOFError, OSError):
            pass
        finally:
            self._gone = True
            code = self._process.wait()
            with self._lock:
                waiting_now, self._waiting = self._waiting, {}
            for task, future in waiting_now.values():
                future.set_result(Result(task.rel, task.sha256, Status.FAILED, 0.0,
                                         error=f"worker crashed: the pool host exited (code {code})",
                                         reason="worker crashed", killed=True))

    def submit(self, task: Task) -> tuple[str, Future[Result]]:
        """Hand ``task`` to the host; returns its key (for ``cancel``) and its result to come."""
        future: Future[Result] = Future()
        key = str(next(self._keys))
        with self._lock:
            if self._gone or self._conn is None:
                raise HostGone("the pool host has exited")
            self._waiting[key] = (task, future)
            try:
                self._conn.send(("run", key, task))
            except OSError as exc:
                del self._waiting[key]
                raise HostGone(f"the pool host has exited: {exc}") from exc
        return key, future

    def cancel(self, keys: list[str]) -> None:
        """Stop these tasks: their children are killed (and replaced); no result comes."""
        with self._lock:
            for key in keys:
                entry = self._waiting.pop(key, None)
                if entry is None or self._conn is None or self._gone:
                    continue
                try:
                    self._conn.send(("cancel", key))
                except OSError:
                    return

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and not self._gone:
                with contextlib.suppress(OSError):
                    self._conn.send(None)


_pools: dict[tuple[int, float | None], HostedPool] = {}
_pools_lock = threading.Lock()


def hosted_pool(jobs: int, memory_mb: float | None, kill_grace: float) -> HostedPool:
    """This process's pool for this memory limit: the running one, or a new one if none is
    running (never started, or its host died)."""
    with _pools_lock:
        pool = _pools.get((jobs, memory_mb))
        if pool is None or not pool.alive:
            pool = _pools[(jobs, memory_mb)] = HostedPool(jobs, memory_mb, kill_grace)
        return pool
