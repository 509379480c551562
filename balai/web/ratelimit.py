"""Which rate limit guards which web path, in one table.

`UserLanguageMiddleware.process_view` calls `check_view` before every web view. Every POST to a
view of the `web` namespace counts against `WRITE` unless the table names stricter limits, so a
write path added later is limited without anyone remembering to. Login (and its second-factor
step), sign-up, password reset and the confirmation resend count per client IP against their own,
much smaller allowances. `RateLimited` becomes a 429 page (or an htmx flash) with `Retry-After`.
"""

from __future__ import annotations

from django.http import HttpRequest

from balai.core.ratelimit import (
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
    "login": (LOGIN,),
    "login_2fa": (LOGIN,),
    "signup": (SIGNUP,),
    "password_reset": (PASSWORD_RESET,),
    "password_reset_confirm": (PASSWORD_RESET,),
    "resend_confirmation": (PASSWORD_RESET,),
    "compose": (POST, WRITE),
    "edit": (POST, WRITE),
    "settings_images": (MEDIA, WRITE),
}


def limits_for(url_name: str) -> tuple[Limit, ...]:
    return LIMITS.get(url_name, (WRITE,))


# The moderation app's pages: people's reports count against REPORT as well.
MODERATION_LIMITS: dict[str, tuple[Limit, ...]] = {
    "report_post": (REPORT, WRITE),
    "report_account": (REPORT, WRITE),
}


def check_view(request: HttpRequest) -> None:
    """Count this request against the limits of the page it reaches (writes only)."""
    match = request.resolver_match
    if request.method not in WRITE_METHODS or match is None:
        return
    if match.namespace == "web":
        limits = limits_for(match.url_name or "")
    elif match.namespace == "moderation":
        limits = MODERATION_LIMITS.get(match.url_name or "", (WRITE,))
    else:
        return
    for limit in limits:
        check_request(request, limit)
