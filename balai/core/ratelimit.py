"""Rate limits on write and login paths, counted in the database so every process shares them.

A limit is `(scope, max_requests, window_seconds)`; the identity is the user id when signed in,
else the client IP (IPv6 grouped by /64). Exceeding it raises `RateLimited` with the seconds
until the window resets, which views turn into 429 with `Retry-After`.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from balai.core.errors import RateLimited


@dataclass(frozen=True)
class Limit:
    scope: str
    max_requests: int
    window_seconds: int


LOGIN = Limit("login", 25, 300)
SIGNUP = Limit("signup", 5, 1800)
PASSWORD_RESET = Limit("password_reset", 5, 1800)
WRITE = Limit("write", 300, 300)
POST = Limit("post", 300, 10800)
REPORT = Limit("report", 30, 1800)
MEDIA = Limit("media", 30, 1800)
EXPORT = Limit("export", 10, 3600)


def _trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.BALAI_TRUSTED_PROXIES]


def _parse(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _client_address(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The peer address, or — only when the peer is a trusted proxy — the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (clients can forge the left part)."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    proxies = _trusted_proxies()
    if peer is None or not any(peer in net for net in proxies):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            return peer
        if not any(address in net for net in proxies):
            return address
    return peer


def client_ip(request: HttpRequest) -> str:
    address = _client_address(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def identity(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


# One statement: start the window's count at 1, or add 1 to the current window's count.
_UPSERT_BUCKET = (
    "INSERT INTO core_ratelimitbucket (key, window_start, count) SELECT %s, %s, 1 {relaxed}"
    "WHERE true "  # SQLite parses ON CONFLICT after INSERT … SELECT only past a WHERE
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN core_ratelimitbucket.window_start = excluded.window_start "
    "THEN core_ratelimitbucket.count + 1 ELSE 1 END, "
    "window_start = excluded.window_start "
    "RETURNING count"
)
# PostgreSQL: the statement's own transaction commits without waiting for the WAL flush.
_RELAXED_COMMIT = "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed "


def _count_in_database(key: str, window: int) -> int:
    """Count one hit in one statement, its own transaction (a refused or failed request still
    counts), one round trip.

    On PostgreSQL that commit does not wait for the WAL flush: a crash may forget the last few
    hits, which costs nothing, while every write request saves an fsync. Inside a caller's
    transaction the setting would cover the caller's writes too, so it is left alone there."""
    relaxed = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT_BUCKET.format(relaxed=_RELAXED_COMMIT if relaxed else ""), [key, window]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _count_in_cache(key: str, window: int, window_seconds: int) -> int:
    """Atomic counter in the shared cache (Redis): one key per window, expiring with it."""
    cache_key = f"balai:rl:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr: this request starts the window
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        return 1


def hit(limit: Limit, ident: str, *, now: float | None = None) -> None:
    """Count one request; raise RateLimited when the window's allowance is used up.

    Counters live in the database by default (shared by every process, nothing else to run),
    or in the cache when BALAI_RATE_LIMIT_STORE is "cache" — the default once BALAI_REDIS_URL
    makes the cache Redis.
    """
    moment = int(now if now is not None else time.time())
    window = moment - moment % limit.window_seconds
    key = f"{limit.scope}:{ident}"[:200]
    if settings.BALAI_RATE_LIMIT_STORE == "cache":
        count = _count_in_cache(key, window, limit.window_seconds)
    else:
        count = _count_in_database(key, window)
    if count > limit.max_requests:
        raise RateLimited(
            _("Too many requests. Try again in a little while."),
            retry_after=window + limit.window_seconds - moment,
        )


def check_request(request: HttpRequest, limit: Limit) -> None:
    hit(limit, identity(request))
