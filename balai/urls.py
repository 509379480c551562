"""URL map. Each app owns its urls module; optional apps are included when present."""

from importlib.util import find_spec

from django.urls import include, path

urlpatterns = []
for module, prefix in (
    ("balai.api.urls", ""),
    ("balai.moderation.urls", ""),
    ("balai.media.urls", ""),
    ("balai.web.urls", ""),
):
    if find_spec(module) is not None:
        urlpatterns.append(path(prefix, include(module)))

handler400 = "balai.api.errors.bad_request"
