"""URL map of the Mastodon client API, OAuth 2 and discovery documents."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.urls import path
from ninja import NinjaAPI

from balai.api import oauth_views, wellknown
from balai.api.errors import install_handlers
from balai.api.instance import balai_version
from balai.api.openapi import document


class BalaiAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also declares the manually parsed parameters."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        return document(self, schema, self.get_root_path(kwargs.get("path_params") or {}))


api = BalaiAPI(
    title="Balai Mastodon-compatible API",
    version=balai_version(),
    urls_namespace="mastodon-api",
    docs_url="/docs",
)
install_handlers(api)

ROUTERS = [
    "apps", "instance", "accounts", "statuses", "timelines", "notifications", "search",
    "collections", "lists", "filters", "polls", "discovery", "conversations", "markers",
    "reports", "admin", "media",
]  # fmt: skip
for _name in ROUTERS:
    _module = f"balai.api.routers.{_name}"
    if find_spec(_module) is not None:
        api.add_router("/", import_module(_module).router)

urlpatterns = [
    path("api/", api.urls),
    path("oauth/authorize", oauth_views.authorize, name="oauth-authorize"),
    path("oauth/token", oauth_views.token, name="oauth-token"),
    path("oauth/revoke", oauth_views.revoke, name="oauth-revoke"),
    path(".well-known/oauth-authorization-server", oauth_views.metadata),
    path(".well-known/webfinger", wellknown.webfinger),
    path(".well-known/host-meta", wellknown.host_meta),
    path(".well-known/nodeinfo", wellknown.nodeinfo_index),
    path("nodeinfo/2.0", wellknown.nodeinfo),
]
