"""Everything a running service is bounded by, in one frozen object with units and reasons.

The document limits (``limits``) are the server's ceilings: a request may ask for less
(``?timeout=30``), never more.
"""

from __future__ import annotations

import ipaddress
import os
import resource
from dataclasses import dataclass, field
from pathlib import Path

from extractor.limits import DEFAULT_MEMORY_MB, Limits
from extractor.review.sources import RenderLimits

API_KEY_ENV = "GOVREPORT_API_KEY"


@dataclass(frozen=True)
class ConnectionLimits:
    """What one client's connections may cost the server; shared by ``serve`` and ``review``."""

    # Open connections, all clients together. Each holds a descriptor and a few KB; past the
    # cap the connection waiting longest for its headers makes room.
    max_connections: int = 1000
    # Open connections from one address: one client cannot hold the whole cap. (Behind a
    # reverse proxy every client is the proxy's address: raise it to max_connections there.)
    max_per_client: int = 200
    # Seconds from connecting (or from the previous answer) to the end of the request's
    # headers. A browser or curl sends them in one packet; 10 s is generous on a bad link.
    header_timeout: float = 10.0
    # Bytes per second a request body must average over each window of ``body_window``
    # seconds while the server waits for it. 1 KB/s: a 3 MB report still arrives in under an
    # hour on the slowest link; a client trickling a byte a second is dropped.
    min_body_rate: float = 1000.0
    body_window: float = 10.0  # seconds
    # Seconds an idle keep-alive connection is kept for its next request (uvicorn's own).
    keep_alive: int = 5
    # Bytes of request line and headers before the request is refused with 400 (h11's bound
    # on an incomplete event; its default, named here).
    max_header_bytes: int = 16384
    # Descriptors kept back from the connection cap for everything else the server opens:
    # the database, the workers' pipes, uploads being written, the review page's children
    # (an idle server with four workers holds about 30).
    descriptor_reserve: int = 64
    # Connections accepted in one go (and the kernel's listen backlog). asyncio accepts up
    # to this many before the cap sees any of them, so the cap keeps twice as many
    # descriptors free again: accept() never runs out, which would stall it a second.
    accept_backlog: int = 64
    # Seconds between two log lines of the same warning (a flood of one failure is one line
    # a minute, with the count of those left out).
    log_every: float = 60.0

    def effective_cap(self) -> int:
        """The connection cap under this process's descriptor limit (raised to its hard
        limit first: an unprivileged process may)."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        reserve = self.descriptor_reserve + 2 * self.accept_backlog
        wanted = self.max_connections + reserve
        if soft != resource.RLIM_INFINITY and soft < wanted:
            raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
                soft = raised
            except (ValueError, OSError):
                pass
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(1, min(self.max_connections, soft - reserve))


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
    # Seconds a result that cannot be stored (a full disk) is tried again before its document
    # is marked failed, so its job can finish; space freed within it loses nothing.
    store_retry_seconds: float = 60.0
    # MB kept free in the data folder (a file deleted when the disk is full) so that a
    # document's failure can still be recorded; SQLite needs a few pages for it.
    disk_reserve_mb: float = 4.0
    keep_days: float = 7.0  # finished jobs, their files and results are removed after this
    cleanup_every: float = 3600.0  # seconds between two looks for jobs past keep_days
    cors_origins: tuple[str, ...] = ()  # none: browsers on other origins cannot call the API
    # Names the server is reached by besides loopback and --host (a reverse proxy's public
    # name): requests for any other Host name are refused (DNS rebinding).
    public_names: tuple[str, ...] = ()
    # The review page's index lists the newest jobs to whoever may see it; off, a job is
    # reached only by its address (a key shared by people who should not see each other's).
    list_jobs: bool = True
    # Seconds a review-page login lasts; changing the API key ends every login at once.
    session_seconds: float = 12 * 3600.0
    # What slow or many clients may hold: connection caps, header and body deadlines.
    connections: ConnectionLimits = field(default_factory=ConnectionLimits)
    # What showing originals on the review page may cost: pixels, children, cache.
    render: RenderLimits = field(default_factory=RenderLimits)

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
