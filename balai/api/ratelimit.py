"""Rate limits on every client-API write and login path, decided in one place.

Logins (`/oauth/token`, the consent form's sign-in) and sign-ups count per client IP; every other
write (POST, PUT, PATCH, DELETE under /api/) counts per bearer token, or per IP without one —
Mastodon's defaults: 300 writes per 5 minutes. Reads are not limited here. A refusal is 429 with
`Retry-After`, in Mastodon's error shape.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.api.errors import error_response
from balai.core import ratelimit
from balai.core.errors import RateLimited

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _limits_for(request: HttpRequest) -> list[ratelimit.Limit]:
    path = request.path_info.rstrip("/")
    if path in {"/oauth/token", "/oauth/authorize"}:
        return [ratelimit.LOGIN]
    if path == "/api/v1/accounts":
        return [ratelimit.SIGNUP]
    if path == "/api/v1/reports":
        return [ratelimit.REPORT, ratelimit.WRITE]
    if path.startswith("/api/"):
        return [ratelimit.WRITE]
    return []


def _identity(request: HttpRequest, limit: ratelimit.Limit) -> str:
    header = request.headers.get("Authorization", "")
    if limit.scope not in {"login", "signup"} and header.lower().startswith("bearer "):
        digest = hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
        return f"token:{digest}"
    return f"ip:{ratelimit.client_ip(request)}"


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in WRITE_METHODS:
            try:
                for limit in _limits_for(request):
                    ratelimit.hit(limit, _identity(request, limit))
            except RateLimited as refused:
                response = error_response(429, refused.message)
                response["Retry-After"] = str(max(1, refused.retry_after))
                return response
        return self.get_response(request)
