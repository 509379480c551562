"""What makes Balai installable: the web app manifest, the service worker, an offline page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control


@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": settings.BALAI_SITE_NAME,
        "short_name": settings.BALAI_SITE_NAME[:12],
        "description": _("A friendly social network you can host yourself."),
        "lang": request.LANGUAGE_CODE,  # type: ignore[attr-defined]
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#b4441f",
        "icons": [
            {"src": static("web/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("web/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("web/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("web/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    response = TemplateResponse(
        request,
        "web/sw.js",
        {"offline_url": "/offline", "assets": [static(f"web/{n}") for n in ASSETS]},
        content_type="application/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


ASSETS = ("app.css", "app.js", "htmx.min.js", "icon.svg", "icon-192.png")


def offline(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "web/offline.html", {"title": _("Offline")})
