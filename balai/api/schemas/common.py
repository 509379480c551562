"""Small helpers shared by every entity: absolute URLs and Mastodon's timestamp format."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from django.conf import settings
from django.templatetags.static import static

RELATIVE_HREF_RE = re.compile(r'href="/(?!/)')


def base_url() -> str:
    scheme = "https" if settings.BALAI_HTTPS else "http"
    return f"{scheme}://{settings.BALAI_DOMAIN}"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return base_url() + (path if path.startswith("/") else "/" + path)


def absolutize_links(html: str) -> str:
    """Turn the site-relative links that the renderer writes into absolute ones for clients."""
    return RELATIVE_HREF_RE.sub(f'href="{base_url()}/', html)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds, as Mastodon writes it: 2024-01-02T03:04:05.678Z."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_date(moment: date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def default_avatar() -> str:
    return absolute(static("api/missing.png"))
