"""The dispatcher: one thread that owns the worker pool; documents never run in the event loop.

Request handlers hand it work (``submit``) and cancellations (``cancel``) as commands and
wake it through a pipe; it drives the same supervised ``WorkerPool`` as ``govreport batch``
(per-document time and memory limits, a hung or crashed worker killed and replaced), stores
each result (file, then row) and wakes the handlers waiting on that job. The queue's bound
is enforced where jobs are created (``JobStore.create``): this side only drains it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.batch.pool import WorkerPool
from extractor.batch.work import Result
from extractor.service.errors import DISK_FULL_MESSAGE, DISK_FULL_REASON, Scrubber, disk_full
from extractor.service.jobs import DocState, Job, JobStore, Refusal
from extractor.service.metrics import Metrics
from extractor.service.settings import ServiceSettings

log = logging.getLogger("govreport.service")

_STEP = 0.5  # seconds the loop waits for a worker when nothing wakes it (commands wake it at once)
_FIRST_GUESS = 2.0  # seconds a document takes, before any has finished (for Retry-After)
_RETRY_MAX = 5.0  # seconds between two tries to store a result, at most (from 0.5, doubling)
_LOG_EVERY = 60.0  # seconds between two log lines about results that cannot be stored


@dataclass
class _Unstored:
    """A worker's result the store could not take (a full disk): tried again until
    ``store_retry_seconds`` have passed, then its document is marked failed."""

    result: Result
    since: float
    next_try: float
    tries: int = 0
    why: Refusal | None = None  # the last failure: the document's outcome if it lasts


RESERVE_NAME = ".disk-reserve"


class DiskReserve:
    """A file of ``megabytes`` kept in the data folder and deleted when the disk is full,
    so the row saying a document failed can still be written; made again once there is
    room (a ballast: without it SQLite could not record even the failure)."""

    def __init__(self, path: Path, megabytes: float) -> None:
        self.path, self.size = path, int(megabytes * 1e6)
        self.present = False

    def keep(self) -> None:
        if self.present or self.size <= 0:
            return
        try:
            with self.path.open("wb") as fh:
                os.posix_fallocate(fh.fileno(), 0, self.size)
            self.present = True
        except OSError:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.present = False


class Dispatcher:
    def __init__(self, settings: ServiceSettings, store: JobStore, metrics: Metrics, scrub: Scrubber) -> None:
        self.settings = settings
        self.store = store
        self.metrics = metrics
        self.scrub = scrub
        self.pool = WorkerPool(settings.jobs, settings.pool_timeout, settings.memory_mb, kill_grace=settings.kill_grace)
        self._commands: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._waiters: dict[str, set[asyncio.Future[None]]] = {}
        self._running: set[str] = set()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="govreport-dispatcher", daemon=True)
        self._seconds = _FIRST_GUESS  # moving average of a document's seconds
        self._unstored: list[_Unstored] = []
        self._reserve = DiskReserve(settings.data_dir / RESERVE_NAME, settings.disk_reserve_mb)
        self._logged_at = -_LOG_EVERY
        self.recovered = 0

    # Called from the event loop.
    def start(self) -> None:
        """Start the workers and the loop, and queue again what a stopped server left: queued
        documents, and running ones (their result never came)."""
        self._reserve.keep()
        self.store.requeue_running()
        for doc, limits in self.store.queued():
            self.pool.submit(self.store.task(doc, limits))
            self.recovered += 1
        self.pool.start()
        self._thread.start()

    def submit(self, job: Job) -> None:
        tasks = [self.store.task(d, job.limits) for d in job.documents if d.state == DocState.QUEUED]
        if tasks:
            self._call(lambda: [self.pool.submit(t) for t in tasks])

    def cancel(self, job_id: str) -> concurrent.futures.Future[int]:
        """Drop a job's documents from the pool; a worker on one is killed at once. The
        future is done when that has happened (its number of documents dropped)."""
        done: concurrent.futures.Future[int] = concurrent.futures.Future()

        def run() -> None:
            dropped = self.pool.cancel(lambda task: task.rel.startswith(f"{job_id}/"))
            self._running -= {t.rel for t in dropped}
            done.set_result(len(dropped))

        self._call(run)
        return done

    def alive(self) -> bool:
        return self._thread.is_alive() and self.pool.alive()

    @property
    def running(self) -> int:
        return len(self._running)

    def retry_after(self) -> int:
        """Seconds until the queue has room, roughly: what waits, spread over the workers."""
        estimate = self.store.depth() * self._seconds / self.pool.jobs
        return max(1, min(300, math.ceil(estimate)))

    @contextlib.contextmanager
    def watch(self, job_id: str) -> Iterator[asyncio.Future[None]]:
        """A future set when the job changes (a document starts or ends). Watch first, then
        read the job, then await: a change in between is not missed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        with self._lock:
            self._waiters.setdefault(job_id, set()).add(future)
        try:
            yield future
        finally:
            with self._lock:
                waiting = self._waiters.get(job_id, set())
                waiting.discard(future)
                if not waiting:
                    self._waiters.pop(job_id, None)

    def stop(self) -> None:
        self._stopping.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(30)
        else:
            self.pool.close()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    # The dispatcher thread.
    def _call(self, command: Callable[[], None]) -> None:
        with self._lock:
            self._commands.append(command)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._wake_w, b"x")

    def _loop(self) -> None:
        try:
            while not self._stopping.is_set():
                try:
                    self._turn()
                except Exception:  # noqa: BLE001 - one bad turn (a full disk) must not stop the service
                    log.exception("dispatcher: error while handling results")
                    self._stopping.wait(1.0)
        finally:
            # Busy workers are killed; their documents stay "running" in the database and are
            # queued again at the next start.
            self.pool.close()

    def _turn(self) -> None:
        while True:
            with self._lock:
                if not self._commands:
                    break
                command = self._commands.popleft()
            command()
        self._start()
        results = self.pool.step(_STEP, wake=[self._wake_r])
        with contextlib.suppress(BlockingIOError, OSError):
            os.read(self._wake_r, 4096)
        # Freed workers take their next document now, not after these results are stored (a
        # file, its fsync and a database row each would leave them idle), as in a batch.
        self._start()
        now = time.monotonic()
        waiting = [_Unstored(r, now, now) for r in results]
        self._unstored = [u for u in self._unstored + waiting if not self._stored(u, now)]
        self._running = {t.rel for t in self.pool.running()}

    def _stored(self, item: _Unstored, now: float) -> bool:
        """Try to store ``item`` (when its turn has come); True once it is stored."""
        if item.next_try > now:
            return False
        give_up = item.why if now - item.since >= self.settings.store_retry_seconds else None
        if give_up:
            self._reserve.release()  # room for the failure's row, on a disk with none left
        try:
            doc = self.store.record(item.result, self.scrub, give_up=give_up)
        except Exception as exc:  # noqa: BLE001 - kept and tried again: freeing space must be enough
            item.tries += 1
            item.next_try = now + min(_RETRY_MAX, 0.5 * 2 ** item.tries)
            item.why = (Refusal(DISK_FULL_REASON, f"the result could not be stored: {DISK_FULL_MESSAGE}")
                        if disk_full(exc) else
                        Refusal("cannot store the result", f"the result could not be stored ({type(exc).__name__})"))
            self._log_unstored(item, exc)
            return False
        self._reserve.keep()
        self._running.discard(item.result.rel)
        if doc is not None:  # None: its job was deleted meanwhile
            self.metrics.document(str(doc.status), item.result.seconds)
            self._seconds = 0.9 * self._seconds + 0.1 * item.result.seconds
            self._notify(doc.job_id)
        return True

    def _log_unstored(self, item: _Unstored, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._logged_at < _LOG_EVERY:
            return
        self._logged_at = now
        why = "the disk is full" if disk_full(exc) else f"{type(exc).__name__}: {exc}"
        log.error("cannot store %d result(s) (%s); trying again, a document is marked failed after %g s",
                  len(self._unstored) or 1, why, self.settings.store_retry_seconds)

    def _start(self) -> None:
        """Hand queued documents to idle workers and record them as running."""
        started = [t.rel for t in self.pool.dispatch()]
        if started:
            # Recorded before the wait, so a status request sees "running" while it runs; a
            # full disk only costs that display (the result is stored from "queued" as well).
            try:
                self.store.mark_running(started)
            except Exception as exc:  # noqa: BLE001
                if not disk_full(exc):
                    raise
            self._running |= set(started)
            for job_id in {key.rsplit("/", 1)[0] for key in started}:
                self._notify(job_id)

    def _notify(self, job_id: str) -> None:
        with self._lock:
            waiting = list(self._waiters.get(job_id, ()))
        for future in waiting:
            future.get_loop().call_soon_threadsafe(_set, future)


def _set(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
