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
import secrets
import time
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


def cookie_token(key: str, issued: int | None = None, session: str | None = None) -> str:
    """``<issued>.<session>.<MAC>``: when the login happened (Unix seconds), a random name for
    this login (two reviewers logged in the same second are two clients, each listed only its
    own jobs) and a MAC over both keyed by the API key, so a cookie expires
    (``session_seconds`` after ``issued``) and every cookie dies when the key changes."""
    issued = int(time.time()) if issued is None else issued
    session = secrets.token_hex(16) if session is None else session
    mac = hmac.new(key.encode(), f"govreport review page|{issued}|{session}".encode(), hashlib.sha256).hexdigest()
    return f"{issued}.{session}.{mac}"


def _valid_cookie(cookie_header: str | None, key: str, session_seconds: float) -> str | None:
    """The review cookie's token when it is this key's and fresh, else None."""
    value = _cookie(cookie_header)
    if value is None:
        return None
    issued, session, _ = (value.split(".") + ["", ""])[:3]
    if not issued.isdigit() or not 0 <= time.time() - int(issued) < session_seconds:
        return None
    return value if hmac.compare_digest(value.encode(), cookie_token(key, int(issued), session).encode()) else None


API_OWNER = "api"


def owner(cookie_header: str | None, key: str | None, session_seconds: float) -> str | None:
    """Who a request acts for, so the review page lists a client only its own jobs: nobody in
    particular on a server without a key (one user's loopback server: every job is theirs);
    the login session (a hash of its cookie, never the cookie) for the page; ``API_OWNER`` for a
    client sending the key itself: every holder of the one shared key is the same client."""
    if key is None:
        return None
    token = _valid_cookie(cookie_header, key, session_seconds)
    return API_OWNER if token is None else "session:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def _cookie(cookie_header: str | None) -> str | None:
    if not cookie_header:
        return None
    try:
        morsel = SimpleCookie(cookie_header).get(COOKIE)
    except CookieError:
        return None
    return morsel.value if morsel is not None else None


def safe_next(target: str) -> str:
    """Where the login form may send a browser: one of this server's own paths, never a
    ``javascript:`` link or another host (``//evil``, ``/\\evil``)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")) or any(c in target for c in "\r\n\t\\"):
        return "/"
    return target


def check(header: str | None, key: str, cookie_header: str | None = None, session_seconds: float = 12 * 3600.0) -> None:
    """Raise 401 unless ``header`` is ``Bearer <key>`` (or the review page's cookie is
    there and fresh); compared in constant time, so the time taken says nothing about how
    much of a guess was right."""
    if _valid_cookie(cookie_header, key, session_seconds) is not None:
        return
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), key.encode()):
        raise ApiError(ErrorCode.UNAUTHORIZED, "an API key is required: send Authorization: Bearer <key>")
