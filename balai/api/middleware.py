"""CORS for the client API: browser apps (Elk, Phanpy, …) call Balai from other origins.

Bearer tokens, not cookies, authenticate these calls, so any origin may make them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CORS_PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/nodeinfo/")
EXPOSED = (
    "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id, "
    "Idempotency-Key"
)


class CorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(CORS_PREFIXES) or request.path == "/oauth/authorize":
            return self.get_response(request)
        if request.path_info.startswith("/api/v") and request.path_info.endswith("/"):
            request.path_info = request.path_info.rstrip("/")  # Mastodon.py asks for /instance/
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
        response["Access-Control-Allow-Headers"] = (
            "Authorization, Content-Type, Idempotency-Key, Accept, Accept-Language"
        )
        response["Access-Control-Expose-Headers"] = EXPOSED
        response["Access-Control-Max-Age"] = "86400"
        return response
