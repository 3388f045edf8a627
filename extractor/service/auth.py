"""The API key: ``Authorization: Bearer KEY`` on every /v1 request and /metrics when the
server has one (it must, to listen beyond loopback). /healthz and /readyz stay open for
load balancers and orchestrators; they say nothing about jobs.

The review page (``/`` and ``/review/…``) needs the key too. A browser cannot add a header
to a page it navigates to, so the page's login form (``/review/login``) sets a cookie
holding a token derived from the key (never the key itself: HttpOnly, SameSite=Strict, so
other sites' pages can neither read it nor send it); the cookie is accepted wherever the
header is."""

from __future__ import annotations

import hashlib
import hmac
import re
from http.cookies import CookieError, SimpleCookie

from extractor.service.errors import ApiError, ErrorCode

OPEN_PATHS = ("/healthz", "/readyz", "/docs", "/openapi.json", "/docs/oauth2-redirect")
COOKIE = "govreport_review"
LOGIN_PATH = "/review/login"
# Stylesheet and script of the page: no data in them, and the login page needs them.
_OPEN_PREFIXES = ("/review/static/",)


def needs_key(path: str) -> bool:
    if path == LOGIN_PATH or path.startswith(_OPEN_PREFIXES):
        return False
    return path.startswith(("/v1/", "/review/")) or path in ("/v1", "/metrics", "/", "/review")


_PAGE = re.compile(r"/|/review/jobs/[^/]+(/documents/[^/]+)?")


def is_page(path: str) -> bool:
    """A review page a browser navigates to (not what its script fetches): sent to the login
    form rather than given a 401."""
    return bool(_PAGE.fullmatch(path))


def cookie_token(key: str) -> str:
    return hmac.new(key.encode(), b"govreport review page", hashlib.sha256).hexdigest()


def _cookie_ok(cookie_header: str | None, key: str) -> bool:
    if not cookie_header:
        return False
    try:
        jar = SimpleCookie(cookie_header)
    except CookieError:
        return False
    morsel = jar.get(COOKIE)
    return morsel is not None and hmac.compare_digest(morsel.value.encode(), cookie_token(key).encode())


def check(header: str | None, key: str, cookie_header: str | None = None) -> None:
    """Raise 401 unless ``header`` is ``Bearer <key>`` (or the review page's cookie is
    there); compared in constant time, so the time taken says nothing about how much of a
    guess was right."""
    if _cookie_ok(cookie_header, key):
        return
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), key.encode()):
        raise ApiError(ErrorCode.UNAUTHORIZED, "an API key is required: send Authorization: Bearer <key>")
