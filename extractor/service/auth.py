"""The API key: ``Authorization: Bearer KEY`` on every /v1 request and /metrics when the
server has one (it must, to listen beyond loopback). /healthz and /readyz stay open for
load balancers and orchestrators; they say nothing about jobs."""

from __future__ import annotations

import hmac

from extractor.service.errors import ApiError, ErrorCode

OPEN_PATHS = ("/healthz", "/readyz", "/docs", "/openapi.json", "/docs/oauth2-redirect")


def needs_key(path: str) -> bool:
    return path.startswith("/v1/") or path == "/v1" or path == "/metrics"


def check(header: str | None, key: str) -> None:
    """Raise 401 unless ``header`` is ``Bearer <key>``; compared in constant time, so the
    time taken says nothing about how much of a guess was right."""
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), key.encode()):
        raise ApiError(ErrorCode.UNAUTHORIZED, "an API key is required: send Authorization: Bearer <key>")
