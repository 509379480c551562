"""POST /api/v1/apps and GET /api/v1/apps/verify_credentials."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from balai.api.auth import scoped
from balai.api.models import Application
from balai.api.oauth_services import application_create
from balai.api.params import Params

router = Router(tags=["apps"])


def serialize_app(app: Application, *, secret: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(app.pk),
        "name": app.name,
        "website": app.website or None,
        "scopes": app.scopes.split(),
        "redirect_uri": "\n".join(app.redirect_uri_list),
        "redirect_uris": app.redirect_uri_list,
        "vapid_key": "",
    }
    if secret:
        data |= {
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "client_secret_expires_at": 0,
        }
    return data


@router.post("/v1/apps", auth=None, summary="Register a client application")
def create_app(request: HttpRequest) -> dict[str, Any]:
    p = Params(request)
    raw_uris = p.raw("redirect_uris")
    if isinstance(raw_uris, list):
        uris = p.items("redirect_uris")
    else:
        uris = p.text("redirect_uris", max_length=20000).splitlines()
    app, _uris = application_create(
        name=p.text("client_name", max_length=1000),
        redirect_uris=uris,
        scopes=p.text("scopes", "read", max_length=2000),
        website=p.text("website", max_length=2000),
    )
    return serialize_app(app, secret=True)


@router.get("/v1/apps/verify_credentials", auth=scoped(None, app=True))
def verify_app(request: HttpRequest) -> dict[str, Any]:
    app = request.auth.application  # type: ignore[attr-defined]
    if app is None:
        return {"name": "balai", "website": None, "scopes": request.auth.scopes.split()}  # type: ignore[attr-defined]
    return serialize_app(app, secret=False)
