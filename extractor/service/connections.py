"""Connections held to their bounds: a cap (overall and per client address), a deadline for a
request's headers, a minimum rate for its body, and logging that cannot flood.

uvicorn alone holds a connection that trickles its headers for as long as it likes (its
``timeout_keep_alive`` runs only between requests), and its ``limit_concurrency`` answers 503
to every request past the limit, /healthz included, so a few hundred slow clients take the
service down; past the process's descriptor limit ``accept()`` fails in a loop and asyncio
logs a traceback each time. Here uvicorn's own h11 protocol is subclassed:

- a connection still waiting for its request's headers is dropped ``header_timeout`` seconds
  after it connected (or after its previous answer);
- a body that arrives slower than ``min_body_rate`` over a window is dropped (the upload
  handler sees the client go away and removes what it stored);
- at the cap, a new connection evicts the one that has waited longest for its headers (a
  slow client, an idle keep-alive), never one whose request is running; only when every
  connection is running a request is the new one refused. So a client that sends its request
  at once (a probe of /healthz) is answered however many slow ones there are;
- the cap stays under the descriptor limit (less a reserve), so ``accept()`` does not fail;
- the same warning is logged at most once a minute, with a count of those left out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from extractor.service.settings import ConnectionLimits

log = logging.getLogger("govreport.service")


class RateLimitedLog(logging.Filter):
    """Lets the same message (by its template) through once every ``every`` seconds; the next
    one that passes says how many were left out. Tracebacks of accept() failures become
    one line: they are the server's state (out of descriptors), not a bug."""

    def __init__(self, every: float) -> None:
        super().__init__()
        self.every = every
        self.last: dict[str, float] = {}
        self.dropped: Counter[str] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = f"{record.name}:{record.msg}"
        now = time.monotonic()
        if now - self.last.get(key, -self.every) < self.every:
            self.dropped[key] += 1
            return False
        self.last[key] = now
        if record.exc_info and record.exc_info[1] is not None and "accept()" in str(record.msg):
            record.msg = f"{record.msg}: {record.exc_info[1]}"
            record.exc_info = None
        if self.dropped[key]:
            record.msg = f"{record.msg} ({self.dropped.pop(key)} more like it in the last {self.every:g} s)"
        return True


def quiet_floods(limits: ConnectionLimits) -> None:
    """Rate-limit the warnings a hostile client can cause at will."""
    for name in ("asyncio", "uvicorn.error", "govreport.connections"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RateLimitedLog) for f in logger.filters):
            logger.addFilter(RateLimitedLog(limits.log_every))


_drops = logging.getLogger("govreport.connections")


class ConnectionGuard:
    """The open connections of one server, oldest first, and the cap they are held to."""

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.cap = limits.effective_cap()
        self.per_client = min(limits.max_per_client, self.cap)
        self.open: dict[GuardedH11Protocol, None] = {}  # insertion-ordered: oldest first
        self.by_client: Counter[str] = Counter()
        self.evicted = 0
        self.refused = 0

    def admit(self, conn: GuardedH11Protocol) -> bool:
        """Make room for ``conn`` (evicting the longest-waiting idle connection if needed);
        False when every connection in its way is running a request."""
        if self.by_client[conn.peer] >= self.per_client and not self._evict(conn.peer):
            return self._refuse(f"{self.per_client} connections from {conn.peer} are running requests")
        if len(self.open) >= self.cap and not self._evict(None):
            return self._refuse(f"all {self.cap} connections are running requests")
        self.open[conn] = None
        self.by_client[conn.peer] += 1
        return True

    def forget(self, conn: GuardedH11Protocol) -> None:
        if self.open.pop(conn, "gone") is None:
            self.by_client[conn.peer] -= 1
            if self.by_client[conn.peer] <= 0:
                del self.by_client[conn.peer]

    def _evict(self, peer: str | None) -> bool:
        waiting = [c for c in self.open if c.waiting_since is not None and (peer is None or c.peer == peer)]
        if not waiting:
            return False
        victim = min(waiting, key=lambda c: c.waiting_since or 0.0)
        self.forget(victim)
        victim.drop()
        self.evicted += 1
        _drops.warning("connection cap reached: dropped the connection that waited longest for its headers")
        return True

    def _refuse(self, why: str) -> bool:
        self.refused += 1
        _drops.warning("refused a connection: %s", why)
        return False


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the header deadline, the body rate and the cap."""

    guard: ConnectionGuard  # set on the subclass ``protocol_class`` makes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.peer = "?"
        self.waiting_since: float | None = None  # waiting for a request's headers since (monotonic)
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._body_bytes = 0
        self._seen_cycle: object = None

    # Connection life.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.peer = self.client[0] if self.client else "?"
        if not self.guard.admit(self):
            self.connections.discard(self)
            transport.abort()
            return
        self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timers()
        self.guard.forget(self)
        super().connection_lost(exc)

    def drop(self) -> None:
        """Close at once, answering nothing (a slow client, or one evicted at the cap)."""
        self._cancel_timers()
        self.waiting_since = None
        if not self.transport.is_closing():
            self.transport.abort()

    # Headers.
    def _await_headers(self) -> None:
        self.waiting_since = time.monotonic()
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.guard.limits.header_timeout, self._headers_late)

    def _headers_late(self) -> None:
        self._header_timer = None
        _drops.warning("dropped a client that sent no complete request headers in %g s",
                       self.guard.limits.header_timeout)
        self.drop()

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and self.cycle is not self._seen_cycle:  # a request's headers are in
            self._seen_cycle = self.cycle
            self.waiting_since = None
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            self._body_bytes = 0
            self._watch_body()

    def on_response_complete(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        super().on_response_complete()
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self._await_headers()

    # Body.
    def data_received(self, data: bytes) -> None:
        if self.cycle is not None and not self.cycle.response_complete and self.cycle.more_body:
            self._body_bytes += len(data)
        super().data_received(data)

    def _watch_body(self) -> None:
        self._body_timer = self.loop.call_later(self.guard.limits.body_window, self._check_body)

    def _check_body(self) -> None:
        self._body_timer = None
        cycle = self.cycle
        if cycle is None or cycle.response_complete or not cycle.more_body or cycle.response_started:
            return  # the body is all in, or the server has answered: nothing to wait for
        needed = self.guard.limits.min_body_rate * self.guard.limits.body_window
        # While reading is paused the server is the slow side (its handler has not taken
        # what came); the client is not blamed for that window.
        if self._body_bytes < needed and not self.flow.read_paused and self.conn.their_state is h11.SEND_BODY:
            _drops.warning("dropped a client sending its body slower than %g bytes/s", self.guard.limits.min_body_rate)
            self.drop()
            return
        self._body_bytes = 0
        self._watch_body()

    def _cancel_timers(self) -> None:
        for timer in (self._header_timer, self._body_timer):
            if timer is not None:
                timer.cancel()
        self._header_timer = self._body_timer = None


def protocol_class(limits: ConnectionLimits) -> type[GuardedH11Protocol]:
    """A protocol class for one server (its own guard): uvicorn's ``http=`` setting."""
    return type("GovreportH11Protocol", (GuardedH11Protocol,), {"guard": ConnectionGuard(limits)})


def uvicorn_config(app: Any, host: str, port: int, limits: ConnectionLimits, **options: Any) -> Any:
    """uvicorn's Config with the connection bounds: the guarded protocol, its keep-alive and
    header size; ``limit_concurrency`` stays unset (it would refuse /healthz with the rest)."""
    import uvicorn

    quiet_floods(limits)
    return uvicorn.Config(app, host=host, port=port, http=protocol_class(limits),  # type: ignore[arg-type]
                          timeout_keep_alive=limits.keep_alive, backlog=limits.accept_backlog,
                          h11_max_incomplete_event_size=limits.max_header_bytes,
                          server_header=False, **options)
