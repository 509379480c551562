from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.BALAI_SITE_NAME,
        "max_post_chars": settings.BALAI_MAX_POST_CHARS,
    }
