"""Who may talk to the server from a browser: the Host it is addressed by, the origin of a
request that changes something, and the headers every answer carries.

- **Host** (DNS rebinding): a page on ``attacker.example`` whose name is made to resolve to
  127.0.0.1 reaches a loopback server with ``Host: attacker.example``; the browser then
  treats the server as that site's own. Only the names the server is known by are served:
  loopback names, ``--host``, ``--public-name``, and address literals (a rebinding attack
  needs a name: an address cannot be re-pointed). /healthz and /readyz answer any Host (load
  balancers use addresses or their own names; they say nothing about jobs).
- **Origin** (cross-site writes): a form on any page can POST ``multipart/form-data`` to the
  server without a preflight, and a SameSite=Strict cookie is still sent from the same
  *site* (another port, a sibling subdomain). A request that changes state is refused when
  the browser says it comes from elsewhere: ``Sec-Fetch-Site`` other than ``same-origin``
  or ``none``, or an ``Origin`` that is not the server's own, unless it is listed in
  ``--cors-origin``. Clients that send neither (curl, scripts) are not browsers, and a page
  cannot make a browser leave both out.
- **Security headers** on every answer: the pages cannot be framed, load only their own
  scripts and styles, and are not sniffed into another type.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from extractor.service.errors import ApiError, ErrorCode

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_ANY_HOST_PATHS = frozenset({"/healthz", "/readyz"})
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
# The interactive API docs (FastAPI's) load their script and style from a CDN; they get the
# framing and sniffing headers, not the page's script policy.
_DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def host_name(header: str) -> str:
    """The name part of a Host header, lower case, without port or IPv6 brackets."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class OriginPolicy:
    hosts: frozenset[str]  # names (lower case) the server answers to, besides address literals
    cors_origins: frozenset[str]  # other origins allowed to change state (--cors-origin)

    @classmethod
    def make(cls, host: str, public_names: Iterable[str] = (), cors_origins: Iterable[str] = ()) -> OriginPolicy:
        names = {*LOOPBACK_NAMES, *(n.strip().lower() for n in public_names if n.strip())}
        if host and not is_address(host) and host not in ("0.0.0.0", "::"):
            names.add(host.lower())
        return cls(frozenset(names), frozenset(o.rstrip("/").lower() for o in cors_origins))

    def host_allowed(self, header: str | None) -> bool:
        if not header:
            return False  # HTTP/1.1 requires it; only hand-made requests leave it out
        name = host_name(header)
        return is_address(name) or name in self.hosts

    def write_allowed(self, method: str, host: str, origin: str | None, fetch_site: str | None) -> bool:
        """May a request of ``method`` with these headers change state?"""
        if method in _SAFE_METHODS:
            return True
        listed = origin is not None and origin.rstrip("/").lower() in self.cors_origins
        if fetch_site is not None and fetch_site.lower() not in ("same-origin", "none") and not listed:
            return False
        if origin is not None and not listed:
            return _same_origin(origin, host)
        return True


def _same_origin(origin: str, host: str) -> bool:
    scheme, _, rest = origin.strip().lower().partition("://")
    return scheme in ("http", "https") and rest == host.strip().lower()


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class OriginGuard:
    """ASGI layer: the Host allow-list, the origin of writes, the security headers."""

    def __init__(self, app: Any, policy: OriginPolicy, answer: Callable[[ApiError], Any]) -> None:
        self.app, self.policy, self.answer = app, policy, answer

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        policy_header = not path.startswith(_DOCS_PATHS)

        async def guarded(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = list(SECURITY_HEADERS)
                if policy_header:
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        error = None
        if path not in _ANY_HOST_PATHS and not self.policy.host_allowed(headers.get("host")):
            error = ApiError(ErrorCode.MISDIRECTED, "this server does not answer to that Host name "
                             "(see --public-name)")
        elif not self.policy.write_allowed(scope["method"], headers.get("host", ""), headers.get("origin"),
                                           headers.get("sec-fetch-site")):
            error = ApiError(ErrorCode.CROSS_ORIGIN, "a request from another site may not change anything here "
                             "(see --cors-origin)")
        if error is not None:
            async def closing(message: dict[str, Any]) -> None:
                # Answered before the body was read: close rather than read it to keep the connection.
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
                await guarded(message)

            await self.answer(error)(scope, receive, closing)
            return
        await self.app(scope, receive, guarded)
