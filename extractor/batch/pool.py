"""A process pool that survives its workers: per-file time and memory limits.

``concurrent.futures`` cannot stop one hung task, and one dead worker breaks the whole
executor. Here each worker has its own pipe, so the supervisor always knows which file a
worker holds: a worker past the time limit or over the memory limit is killed and
replaced, its file reported as failed, and the batch goes on. The same pool serves a batch
(``run``) and the HTTP service, which submits documents as they arrive and cancels a job's
(``submit``, ``step``, ``cancel``).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import multiprocessing as mp
import os
import shutil
import signal
import stat
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from extractor.batch.work import Result, Status, Task, preload, process_file
from extractor.limits import rss_mb

_POLL = 0.2


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(supervisor: int) -> None:
    """Ask the kernel for SIGTERM when the supervisor dies (Linux); the pipe watch in the
    loop below covers other systems and the moment before this call."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _supervisor_gone(signum: int, frame: object) -> None:
    # SystemExit passes through the document's ``except Exception`` and runs every cleanup
    # on the way out: LibreOffice's process group is killed, temporary folders removed.
    raise SystemExit(1)


def _drop_inherited_sockets(keep: int) -> None:
    """Let go of the sockets a worker inherits from a long-lived supervisor (the HTTP
    service's listening socket and open client connections, a Dask worker's links): held
    here, a connection the server closes would stay open for its client until the worker
    exits. Each is pointed at /dev/null rather than closed, because Python objects copied
    from the parent may still close their number later, which must not then name a file
    of this worker's own."""
    try:
        fds = [int(entry) for entry in os.listdir("/proc/self/fd")]
    except OSError:
        return  # not Linux: nothing to find them by
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in fds:
            if fd <= 2 or fd in (keep, devnull):
                continue
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(devnull, fd, inheritable=False)
    finally:
        os.close(devnull)


def _worker_main(conn: Connection, tmpdir: str, supervisor: int) -> None:
    # Ctrl-C is the supervisor's to handle; a worker stops when its pipe closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _drop_inherited_sockets(keep=conn.fileno())
    signal.signal(signal.SIGTERM, _supervisor_gone)
    _die_with(supervisor)
    # Temporary files (LibreOffice profiles, uploads) go to the pool's own directory, which
    # the supervisor removes even when it had to kill this worker mid-file.
    tempfile.tempdir = tmpdir
    try:
        _serve(conn, supervisor)
    finally:
        if os.getppid() != supervisor:
            # Orphaned: nobody else will remove the pool's folder.
            shutil.rmtree(tmpdir, ignore_errors=True)


def _serve(conn: Connection, supervisor: int) -> None:
    while True:
        # A supervisor killed with SIGKILL never closes the pipe for us: later workers forked
        # from it hold copies of its end. So also stop when the supervisor is gone.
        while not conn.poll(_POLL * 5):
            if os.getppid() != supervisor:
                return
        if os.getppid() != supervisor:
            return  # a task is waiting, but nobody would read its result
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(process_file(task))


_POOL_PREFIX = "govreport-workers-"
_LOCK = ".lock"
_UNLOCKED_STALE_AFTER = 3600.0  # seconds: a pool folder without a lock file this old is abandoned


def _remove_stale_pools() -> None:
    """Remove the folders of pools whose processes are all gone (a supervisor killed with
    SIGKILL while its workers were stuck). A live pool holds an flock on its folder's lock
    file, in the supervisor and, inherited, in every worker."""
    base = Path(tempfile.gettempdir())
    for folder in base.glob(f"{_POOL_PREFIX}*"):
        try:
            fd = os.open(folder / _LOCK, os.O_RDWR)
        except FileNotFoundError:
            # Made by a version without the lock file, or a pool this instant between creating
            # its folder and its lock: removed only once clearly abandoned.
            with contextlib.suppress(OSError):
                if time.time() - folder.stat().st_mtime > _UNLOCKED_STALE_AFTER:
                    shutil.rmtree(folder, ignore_errors=True)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # in use
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc; elsewhere none are found)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                # The command name may hold spaces and parentheses: the fields follow the last ')'.
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Dask nanny's worker) start our workers.

    multiprocessing refuses children to daemonic processes so that none is orphaned at
    exit; ours die with their parent anyway (parent-death signal, pipe watch), which is the
    point of that rule, so the flag is lifted while one starts."""
    config = mp.current_process()._config  # no public API for this flag
    daemonic = config.get("daemon")
    config["daemon"] = False
    try:
        yield
    finally:
        if daemonic is not None:
            config["daemon"] = daemonic


class WorkerPool:
    """Workers that run ``process_file``; driven by ``run`` (a batch: every task up front) or
    step by step by a long-lived caller (the HTTP service: ``start``, then ``submit``,
    ``step`` and ``cancel`` as requests come)."""

    def __init__(self, jobs: int, timeout: float, memory_mb: float | None, kill_grace: float = 0.0) -> None:
        # fork: workers inherit the imported extractor instead of importing it again.
        self._ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.kill_grace = kill_grace  # extra seconds before a worker past ``timeout`` is killed
        self.memory_mb = memory_mb
        self.workers: list[_Worker] = []
        self.peak_rss_mb = 0.0
        self._tmp: str | None = None
        self._lock_fd: int | None = None
        self._pending: deque[Task] = deque()
        self._idle: list[_Worker] = []
        self._busy: dict[Connection, _Worker] = {}

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        if self._tmp is None:
            _remove_stale_pools()
            self._tmp = tempfile.mkdtemp(prefix=_POOL_PREFIX)
            self._lock_fd = os.open(os.path.join(self._tmp, _LOCK), os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        process = self._ctx.Process(target=_worker_main, args=(child, self._tmp, os.getpid()), daemon=True)
        if self._ctx.get_start_method() == "fork":
            # Everything loaded so far moves out of the collector's sight: a collection in a
            # worker would otherwise write to every object it scans, copying the shared pages
            # of the preloaded pipeline into each worker (the standard library's advice). The
            # parent thaws at once: a long-running server must still collect its own garbage.
            gc.freeze()
        try:
            with _children_allowed():
                process.start()
        finally:
            gc.unfreeze()
        child.close()
        return _Worker(process, parent)

    def _kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            # LibreOffice runs in its own session: kill it first or it outlives the worker.
            for pid in descendants(worker.process.pid or 0):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def start(self, workers: int | None = None) -> None:
        """Start ``workers`` workers (default ``jobs``), the pipeline loaded first (``preload``)."""
        if self._ctx.get_start_method() == "fork":
            preload()
        for _ in range(workers or self.jobs):
            self.workers.append(self._spawn())
            self._idle.append(self.workers[-1])

    def submit(self, task: Task) -> None:
        """Queue a task; the next ``step`` hands it to a free worker."""
        self._pending.append(task)

    @property
    def outstanding(self) -> int:
        """Tasks submitted whose result has not been returned yet."""
        return len(self._pending) + len(self._busy)

    def running(self) -> list[Task]:
        """The tasks workers hold now."""
        return [w.task for w in self._busy.values() if w.task is not None]

    def cancel(self, which: Callable[[Task], bool]) -> list[Task]:
        """Drop the tasks ``which`` selects: a pending one is never started, a worker on one is
        killed at once (with its LibreOffice) and replaced. No result comes for them."""
        dropped = [t for t in self._pending if which(t)]
        self._pending = deque(t for t in self._pending if not which(t))
        for worker in list(self._busy.values()):
            if worker.task is not None and which(worker.task):
                dropped.append(worker.task)
                del self._busy[worker.conn]
                worker.task = None
                self._replace(worker)
                self._idle.append(self.workers[-1])
        return dropped

    def dispatch(self) -> list[Task]:
        """Hand pending tasks to idle workers; returns the tasks that just started."""
        for worker in [w for w in self._idle if not w.process.is_alive()]:
            # Died while idle (killed from outside, the OOM killer): replaced now, before it
            # is handed a document that would then be blamed for the crash.
            self._idle.remove(worker)
            self._replace(worker)
            self._idle.append(self.workers[-1])
        started = []
        while self._idle and self._pending:
            worker = self._idle.pop()
            worker.task, worker.started = self._pending.popleft(), time.monotonic()
            worker.conn.send(worker.task)
            self._busy[worker.conn] = worker
            started.append(worker.task)
        return started

    def step(self, timeout: float = _POLL, wake: Sequence[object] = ()) -> list[Result]:
        """Hand pending tasks to idle workers, wait up to ``timeout`` seconds (less when a
        worker answers or one of ``wake``, file descriptors, becomes readable), and return
        the results of the documents that finished, overran or crashed meanwhile."""
        self.dispatch()
        ready = wait([*self._busy, *(w.process.sentinel for w in self._busy.values()), *wake], timeout=timeout)
        results = []
        for worker in list(self._busy.values()):
            result = self._collect(worker, ready)
            if result is None:
                continue
            del self._busy[worker.conn]
            worker.task = None
            results.append(result)
            if worker.process.is_alive() and not result.killed:
                self._idle.append(worker)
            else:
                self._replace(worker)
                self._idle.append(self.workers[-1])
        return results

    def alive(self) -> bool:
        """Every worker process is running (the service's readiness)."""
        return bool(self.workers) and all(w.process.is_alive() for w in self.workers)

    def run(self, tasks: Iterable[Task], should_stop: Callable[[], bool] | None = None) -> Iterator[Result]:
        """Results in completion order; every task yields exactly one result.

        ``should_stop`` is polled while documents run: when it says so (a cancelled Dask
        task), busy workers are killed and their documents and the pending ones fail."""
        for task in tasks:
            self.submit(task)
        self.start(min(self.jobs, max(len(self._pending), 1)))
        try:
            while self._pending or self._busy:
                if should_stop is not None and should_stop():
                    for worker in self._busy.values():
                        self._kill(worker)
                    for task in [*(w.task for w in self._busy.values() if w.task), *self._pending]:
                        yield _failed(task, 0.0, "cancelled", "cancelled")
                    return
                results = self.step()
                # Freed workers take their next document now, not after the caller has
                # written these results (a write and its fsync would leave them idle).
                self.dispatch()
                yield from results
        finally:
            self.close()

    def _collect(self, worker: _Worker, ready: list[object]) -> Result | None:
        task = worker.task
        assert task is not None
        elapsed = time.monotonic() - worker.started
        if worker.conn in ready:
            # Also measured at each finish: a quick document ends before any poll sees it busy.
            self.peak_rss_mb = max(self.peak_rss_mb, rss_mb(worker.process.pid or 0))
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                return _failed(task, elapsed, "worker crashed", "worker crashed")
        if worker.process.sentinel in ready or not worker.process.is_alive():
            code = worker.process.exitcode
            return _failed(task, elapsed, f"worker crashed (exit code {code})", "worker crashed")
        # A task may bring a shorter timeout than the pool's (a service request's ?timeout=);
        # in a batch they are the same.
        limit = self.timeout if not task.limits.timeout else min(self.timeout, task.limits.timeout)
        if elapsed > limit + self.kill_grace:
            self._kill(worker)
            return _failed(task, elapsed, f"limit exceeded: time limit of {limit:g} s exceeded", "time limit")
        rss = rss_mb(worker.process.pid or 0)
        self.peak_rss_mb = max(self.peak_rss_mb, rss)
        if self.memory_mb and rss > self.memory_mb:
            self._kill(worker)
            return _failed(task, elapsed, f"limit exceeded: memory limit of {self.memory_mb:g} MB exceeded",
                           "memory limit")
        return None

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        self.workers.remove(worker)
        self.workers.append(self._spawn())

    def close(self) -> None:
        """Stop every worker and remove the pool's folder, in an order that leaves nothing
        behind wherever a SIGKILL of this process lands: busy workers (Ctrl-C) are killed
        first, then the folder goes while idle workers still live (were we killed before
        that, they would remove it on their way out), then the idle ones are stopped."""
        for worker in self.workers:
            if worker.task is not None:
                self._kill(worker)
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        for worker in self.workers:
            with contextlib.suppress(OSError, BrokenPipeError):
                worker.conn.send(None)
        deadline = time.monotonic() + 2
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._kill(worker)
        self.workers = []
        self._pending.clear()
        self._idle = []
        self._busy = {}
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _failed(task: Task, seconds: float, error: str, reason: str) -> Result:
    return Result(task.rel, task.sha256, Status.FAILED, seconds, error=error, reason=reason, killed=True)
