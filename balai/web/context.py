"""Template context every page shares: the site, its limits, the page's own path (forms return to
it) and the viewer's unread count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from balai.posts.selectors import unread_notification_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "site_name": settings.BALAI_SITE_NAME,
        "max_post_chars": settings.BALAI_MAX_POST_CHARS,
        "registration_mode": settings.BALAI_REGISTRATION_MODE,
        "current_path": request.get_full_path(),
        # A callable, so the count is queried only by templates that show it.
        "unread_count": _unread(user) if signed_in else 0,
    }


def _unread(user: Any) -> Any:
    return lambda: unread_notification_count(user)
