"""One long-lived supervised pool per Dask worker process, in a process of its own.

A Dask task must not pay for a fresh child per document (importing the pipeline, loading
the classifier and the OCR models again each time), so each Dask worker process keeps one
*pool host*: a separate Python process that preloads the pipeline, forks a ``WorkerPool``
of children exactly as a local batch does, and runs every document the worker's tasks send
it. Every bound of the local pool holds because it is the local pool: ``--timeout`` and the
memory limit per document, a crashed child replaced, a cancelled document's child killed.

Why a process of its own rather than forking the children from the Dask worker itself:

* **allocator settings.** The nanny starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``
  (its ``pre-spawn-environ``); glibc reads it once at start-up and every child forked from
  that worker inherits it, which made a scanned page 1.36× slower (issue 29). The host is
  started from a fresh executable with the nanny's allocator variables taken back out, so
  its children allocate as a local batch's do.
* **a clean parent to fork from.** A Dask worker runs an event loop and several threads;
  the host is single-threaded, so no child starts with another thread's lock held.

Lifetimes: the host asks for SIGTERM when the Dask worker dies (parent-death signal, from a
thread that lives as long as the host) and also stops when its link closes or its parent
changes; on the way out it closes its pool, and its children die with it in turn (their
own parent-death signal). So a worker that dies takes its documents' processes with it.

Protocol on the link (``multiprocessing.connection`` over a socket pair): the worker sends
``("run", key, task)``, ``("cancel", key)`` or ``None`` (stop); the host answers
``(key, result)`` once per task it was given (none for a cancelled one).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

from extractor.batch.pool import WorkerPool, _die_with, _supervisor_gone

# Seconds between checks of the running documents' time and memory (as the local pool) and
# that the Dask worker is still there, when neither a result nor a message wakes the host.
_POLL = 0.2


def allocator_environment(environ: dict[str, str], nanny_settings: dict[str, object]) -> dict[str, str]:
    """The environment for the host: ``environ`` without the allocator variables the nanny
    set (those of its ``pre-spawn-environ`` named ``MALLOC_*`` still holding its value), so
    the children allocate as a local batch's do. A value the user set otherwise is kept."""
    env = dict(environ)
    for name, value in nanny_settings.items():
        if name.startswith("MALLOC_") and env.get(name) == str(value):
            del env[name]
    return env


def _nanny_settings() -> dict[str, object]:
    try:
        import dask

        return dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    except ImportError:
        return {}


def start_host(jobs: int, memory_mb: float | None, kill_grace: float) -> tuple[subprocess.Popen[bytes], Connection]:
    """Start a host process; returns it and the worker's end of its link. Call it from a
    thread that lives as long as the host: the host's parent-death signal follows that thread."""
    ours, theirs = socket.socketpair()
    command = [sys.executable, "-m", "extractor.batch.pool_host", "--fd", str(theirs.fileno()),
               "--parent", str(os.getpid()), "--jobs", str(jobs), "--kill-grace", str(kill_grace)]
    if memory_mb:
        command += ["--memory-mb", str(memory_mb)]
    env = allocator_environment(dict(os.environ), _nanny_settings())
    try:
        process = subprocess.Popen(command, env=env, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
    finally:
        theirs.close()
    return process, Connection(ours.detach())


def serve(conn: Connection, parent: int, pool: WorkerPool) -> None:
    """Run tasks from the link through ``pool`` until told to stop or the worker is gone."""
    keys: dict[str, str] = {}  # the key a task runs under → its real name (Result.rel)
    pool.start()
    while os.getppid() == parent:
        for result in pool.step(timeout=_POLL, wake=[conn]):
            key = result.rel
            conn.send((key, dataclasses.replace(result, rel=keys.pop(key))))
        while conn.poll():
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            if message[0] == "run":
                _, key, task = message
                # Each task runs under its key so its result and a cancel find it, whatever
                # its name: two tasks may carry the same file.
                keys[key] = task.rel
                pool.submit(dataclasses.replace(task, rel=key))
            elif message[0] == "cancel":
                key = message[1]
                pool.cancel(lambda t, key=key: t.rel == key)
                keys.pop(key, None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="govreport's pool host for one Dask worker (started by it)")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--memory-mb", type=float, default=None)
    parser.add_argument("--kill-grace", type=float, default=5.0)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    signal.signal(signal.SIGTERM, _supervisor_gone)  # SystemExit: the pool below is closed
    _die_with(args.parent)
    if os.getppid() != args.parent:
        return  # the worker died before the signal was asked for
    conn = Connection(args.fd)
    # The time limit is each task's own (its Limits.timeout): tasks of batches with different
    # --timeout share this pool.
    pool = WorkerPool(args.jobs, float("inf"), args.memory_mb, kill_grace=args.kill_grace)
    try:
        serve(conn, args.parent, pool)
    finally:
        pool.close()


if __name__ == "__main__":
    main()

