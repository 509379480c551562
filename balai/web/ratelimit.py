"""Which rate limit guards which web path, in one table.

`UserLanguageMiddleware.process_view` calls `check_view` before every view. Every POST to a view
of the `web` and `moderation` namespaces counts against `WRITE` unless the table names stricter
limits, so a write path added later is limited without anyone remembering to. Login (and its
second-factor step), sign-up, password reset and the confirmation resend count per client IP
against their own, much smaller allowances. `RateLimited` becomes a 429 page (or an htmx
flash) with `Retry-After`.
"""

from __future__ import annotations

from django.http import HttpRequest

from balai.core.ratelimit import (
    EXPORT,
    LOGIN,
    MEDIA,
    PASSWORD_RESET,
    POST,
    REPORT,
    SIGNUP,
    WRITE,
    Limit,
    check_request,
)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

LIMITS: dict[str, tuple[Limit, ...]] = {
    "web:login": (LOGIN,),
    "web:login_2fa": (LOGIN,),
    "web:signup": (SIGNUP,),
    "web:password_reset": (PASSWORD_RESET,),
    "web:password_reset_confirm": (PASSWORD_RESET,),
    "web:resend_confirmation": (PASSWORD_RESET,),
    "web:compose": (POST, WRITE),
    "web:edit": (POST, WRITE),
    "web:settings_images": (MEDIA, WRITE),
    "web:account_export": (EXPORT, WRITE),
    "moderation:report_post": (REPORT, WRITE),
    "moderation:report_account": (REPORT, WRITE),
}
LIMITED_NAMESPACES = frozenset({"web", "moderation"})


def limits_for(view_name: str) -> tuple[Limit, ...]:
    return LIMITS.get(view_name, (WRITE,))


def check_view(request: HttpRequest) -> None:
    """Count this request against the limits of the page it reaches (writes only)."""
    match = request.resolver_match
    if request.method not in WRITE_METHODS or match is None:
        return
    if match.namespace not in LIMITED_NAMESPACES:
        return
    for limit in limits_for(match.view_name):
        check_request(request, limit)
