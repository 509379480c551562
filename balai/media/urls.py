"""Media files under the path part of MEDIA_URL (which may be on a separate media domain)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import re_path

from balai.media import views

_prefix = urlsplit(settings.MEDIA_URL).path.lstrip("/")

urlpatterns = [
    re_path(rf"^{re.escape(_prefix)}(?P<path>[mp]/.+)$", views.serve, name="media-file"),
]
