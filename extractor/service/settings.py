"""Everything a running service is bounded by, in one frozen object with units and reasons.

The document limits (``limits``) are the server's ceilings: a request may ask for less
(``?timeout=30``), never more.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from extractor.limits import DEFAULT_MEMORY_MB, Limits

API_KEY_ENV = "GOVREPORT_API_KEY"


@dataclass(frozen=True)
class ServiceSettings:
    data_dir: Path
    host: str = "127.0.0.1"  # loopback unless told: other machines need an API key
    port: int = 8000
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)  # worker processes
    api_key: str | None = None
    # Documents per worker process, MB of RSS: a worker over it is killed and replaced.
    memory_mb: float | None = DEFAULT_MEMORY_MB
    limits: Limits = field(default_factory=Limits)
    # Seconds a worker stuck outside Python (LibreOffice) gets past the document's timeout
    # before it is killed; the document's own deadline normally ends it first (as in batch).
    kill_grace: float = 5.0
    # A request body (all its files), MB. Streamed to disk and refused at this many bytes
    # without reading the rest; 1 GB is five reports at the 200 MB per-file ceiling.
    max_upload_mb: float = 1000.0
    # Documents waiting for a worker, across all jobs. Past it new work gets 429: a backlog
    # that only grows helps nobody, and at ~0.3 s a document 1000 is minutes of work.
    max_queue: int = 1000
    # Documents in one job (parts plus zip members): one job cannot fill the queue alone.
    max_job_documents: int = 500
    # Seconds POST /v1/extract waits for its document before answering 202 with a job; kept
    # under the 60 s a reverse proxy commonly allows a request.
    extract_wait: float = 30.0
    # Ceiling, seconds, on ?wait= (extract and long-polls): a connection is held no longer.
    max_wait: float = 120.0
    # uvicorn's and the service's log lines: "warning" for `serve -q`, "debug" for `-v`.
    log_level: str = "info"
    keep_days: float = 7.0  # finished jobs, their files and results are removed after this
    cleanup_every: float = 3600.0  # seconds between two looks for jobs past keep_days
    cors_origins: tuple[str, ...] = ()  # none: browsers on other origins cannot call the API

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1e6)

    @property
    def max_file_bytes(self) -> int:
        return int(self.limits.max_file_mb * 1e6)

    @property
    def pool_timeout(self) -> float:
        """The pool's kill deadline: the server's longest document timeout (a request's
        shorter one is enforced by the document's own deadline inside the worker)."""
        return self.limits.timeout or 24 * 3600.0


def is_loopback(host: str) -> bool:
    """True for addresses only this machine reaches (127.0.0.0/8, ::1, "localhost")."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything
