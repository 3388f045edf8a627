"""A client for ``govreport serve`` (httpx), so a script or notebook needs three lines::

    from extractor.client import Client
    client = Client("http://127.0.0.1:8000")
    document = client.extract("report.pdf")

``extract`` waits for the document (following the job when the server answers 202);
``submit`` sends many files as one job and ``wait`` long-polls it to the end. A refused
document raises ``ServiceError`` with the server's code, message and HTTP status; a busy
server (429) is asked again after its Retry-After, a few times.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

_RETRIES = 5  # times a 429 is retried (after the server's Retry-After) before it is raised
_POLL = 60.0  # seconds one long poll asks the server to hold (it allows up to 120)


class ServiceError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Job:
    id: str
    url: str  # the job's path on the server (/v1/jobs/ID)


class Client:
    def __init__(self, base_url: str = "http://127.0.0.1:8000", api_key: str | None = None,
                 timeout: float = 300.0) -> None:
        key = api_key if api_key is not None else os.environ.get("GOVREPORT_API_KEY")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        # The read timeout covers a long poll and an extract's wait on the server.
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=httpx.Timeout(timeout, connect=10.0))

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def extract(self, path: str | os.PathLike[str], **options: float) -> dict[str, Any]:
        """One report to its JSON document (a dict). ``options`` are the server's query
        parameters: ``timeout``, ``max_pages``, ``max_file_mb``, ``max_unzipped_mb``, ``wait``."""
        response = self._post("/v1/extract", [path], options)
        if response.status_code == 202:
            job = Job(response.json()["id"], response.headers["Location"])
            self.wait(job)
            response = self.http.get(f"{job.url}/documents/0")
        return _json(response)

    def submit(self, paths: Iterable[str | os.PathLike[str]], **options: float) -> Job:
        """Send files (reports, or zips of reports) as one job; returns at once."""
        response = self._post("/v1/jobs", list(paths), options)
        body = _json(response)
        return Job(body["id"], response.headers["Location"])

    def wait(self, job: Job, timeout: float | None = None) -> dict[str, Any]:
        """Long-poll until the job is done (or ``timeout`` seconds pass); its status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            hold = _POLL if deadline is None else max(0.0, min(_POLL, deadline - time.monotonic()))
            status = self.status(job, wait=hold)
            if status["state"] == "done" or (deadline is not None and time.monotonic() >= deadline):
                return status

    def status(self, job: Job, wait: float = 0.0) -> dict[str, Any]:
        return _json(self.http.get(job.url, params={"wait": wait} if wait else None))

    def results(self, job: Job) -> list[dict[str, Any]]:
        """The manifest lines of its finished documents (path, status, error, document link…)."""
        return _json(self.http.get(f"{job.url}/results"))["results"]

    def document(self, job: Job, n: int) -> dict[str, Any]:
        return _json(self.http.get(f"{job.url}/documents/{n}"))

    def export(self, job: Job, target: str | os.PathLike[str], format: str = "csv", wide: bool = False) -> Path:
        """The job's numbers as one table (csv or parquet) written to ``target``."""
        response = self.http.get(f"{job.url}/export", params={"format": format, "wide": wide})
        if response.status_code != 200:
            _json(response)
        Path(target).write_bytes(response.content)
        return Path(target)

    def delete(self, job: Job) -> None:
        """Cancel the job (stopping its running documents) and remove it from the server."""
        _json(self.http.delete(job.url))

    def _post(self, url: str, paths: list[str | os.PathLike[str]], options: dict[str, float]) -> httpx.Response:
        for attempt in range(_RETRIES + 1):
            handles = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed below, after the upload
            try:
                files = [("file", (Path(p).name, fh)) for p, fh in zip(paths, handles, strict=True)]
                response = self.http.post(url, files=files, params=options)
            finally:
                for fh in handles:
                    fh.close()
            if response.status_code != 429 or attempt == _RETRIES:
                return response
            time.sleep(float(response.headers.get("Retry-After", "1")))
        raise AssertionError("unreachable")


def _json(response: httpx.Response) -> Any:
    """The body of a 2xx answer; any other raises ``ServiceError``."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return body
    error = (body or {}).get("error") or {} if isinstance(body, dict) else {}
    raise ServiceError(response.status_code, error.get("code", "http_error"), error.get("message", response.text[:200]))
