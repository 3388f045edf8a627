"""Test-only: a server whose workers hang, crash or dawdle on files named for it.

Imported by the launcher in conftest before the command line runs, it replaces the pool's
``process_file`` as tests/interface/test_batch.py does with monkeypatch; the workers are
forked from the server, so they run the replacement. Nothing of this is in the package.

By the name the client gave (``Task.name``): ``hang*`` blocks outside the document's own
deadline (as a stuck LibreOffice would) until the pool kills the worker; ``crash*`` kills
its worker; ``slow*`` sleeps GOVREPORT_TEST_SLOW seconds, then extracts. Every document a
worker starts is appended to GOVREPORT_TEST_LOG, and a hanging worker writes its PID to
GOVREPORT_TEST_PIDS/<name>.pid.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from extractor.batch import pool
from extractor.batch.work import Result, Task
from extractor.batch.work import process_file as real_process_file


def _fake_process(task: Task) -> Result:
    name = task.name or Path(task.path).name
    log = os.environ.get("GOVREPORT_TEST_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{task.rel} {name}\n")
    if name.startswith("hang"):
        pids = os.environ.get("GOVREPORT_TEST_PIDS")
        if pids:
            Path(pids, f"{name}.pid").write_text(str(os.getpid()))
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("slow"):
        time.sleep(float(os.environ.get("GOVREPORT_TEST_SLOW", "2")))
    return real_process_file(task)


pool.process_file = _fake_process
