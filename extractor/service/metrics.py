"""Prometheus text for /metrics, written by hand: a few counters and one histogram do not
need a client library, and the exposition format is stable and simple."""

from __future__ import annotations

import threading
from collections import Counter

# Seconds; requests range from a status read (ms) to an extract that waits its full 30 s.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class _Histogram:
    def __init__(self) -> None:
        self.counts = [0] * len(_BUCKETS)
        self.total = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        for i, bound in enumerate(_BUCKETS):
            if value <= bound:
                self.counts[i] += 1
        self.total += 1
        self.sum += value


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[tuple[str, str, int]] = Counter()
        self._durations: dict[str, _Histogram] = {}
        self._documents: Counter[str] = Counter()
        self._document_seconds = _Histogram()
        self._reused = 0

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            self._durations.setdefault(route, _Histogram()).observe(seconds)

    def document(self, outcome: str, seconds: float) -> None:
        with self._lock:
            self._documents[outcome] += 1
            self._document_seconds.observe(seconds)

    def reused(self, documents: int = 1) -> None:
        with self._lock:
            self._reused += documents

    def render(self, gauges: dict[str, tuple[str, float]]) -> str:
        """The text format; ``gauges`` are read at scrape time (name: (help, value))."""
        out: list[str] = []

        def head(name: str, kind: str, text: str) -> None:
            out.append(f"# HELP {name} {text}")
            out.append(f"# TYPE {name} {kind}")

        with self._lock:
            head("govreport_http_requests_total", "counter", "HTTP requests by method, route and status.")
            for (method, route, status), n in sorted(self._requests.items()):
                out.append(f'govreport_http_requests_total{{method="{method}",route="{_esc(route)}",status="{status}"}} {n}')
            head("govreport_http_request_duration_seconds", "histogram", "HTTP request durations by route.")
            for route, hist in sorted(self._durations.items()):
                _histogram(out, "govreport_http_request_duration_seconds", hist, f'route="{_esc(route)}"')
            head("govreport_documents_total", "counter", "Documents processed by the workers, by outcome.")
            for outcome, n in sorted(self._documents.items()):
                out.append(f'govreport_documents_total{{outcome="{outcome}"}} {n}')
            head("govreport_document_duration_seconds", "histogram", "Seconds a worker spent on a document.")
            _histogram(out, "govreport_document_duration_seconds", self._document_seconds, "")
            head("govreport_documents_reused_total", "counter", "Documents answered from a stored result.")
            out.append(f"govreport_documents_reused_total {self._reused}")
        for name, (text, value) in gauges.items():
            head(name, "gauge", text)
            out.append(f"{name} {value:g}")
        return "\n".join(out) + "\n"


def _histogram(out: list[str], name: str, hist: _Histogram, labels: str) -> None:
    sep = "," if labels else ""
    for bound, count in zip(_BUCKETS, hist.counts, strict=True):
        out.append(f'{name}_bucket{{{labels}{sep}le="{bound:g}"}} {count}')
    out.append(f'{name}_bucket{{{labels}{sep}le="+Inf"}} {hist.total}')
    braces = f"{{{labels}}}" if labels else ""
    out.append(f"{name}_sum{braces} {hist.sum:.6f}")
    out.append(f"{name}_count{braces} {hist.total}")


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
