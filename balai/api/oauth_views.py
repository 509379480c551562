"""OAuth 2 endpoints: the consent page, the token endpoint, revocation, server metadata."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from balai.accounts.models import User
from balai.accounts.services import totp_verify
from balai.api.auth import ALL_SCOPES
from balai.api.models import Application
from balai.api.oauth_services import (
    OOB,
    OAuthError,
    authenticate_client,
    code_issue,
    code_redeem,
    password_grant,
    requested_scopes,
    token_revoke,
)
from balai.api.schemas.common import absolute, base_url

CARRIED = (
    "response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method", "force_login", "lang",
)  # fmt: skip


class HttpResponseAppRedirect(HttpResponseRedirect):
    allowed_schemes = ["http", "https", "ftp"]

    def __init__(self, redirect_to: str, *args: Any, **kwargs: Any) -> None:
        self.allowed_schemes = [*self.allowed_schemes, urlsplit(redirect_to).scheme]
        super().__init__(redirect_to, *args, **kwargs)


def _with_query(uri: str, values: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(q for q in (parts.query, urlencode(values)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("site_name", settings.BALAI_SITE_NAME)
    response = render(request, "api/authorize.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Frame-Options"] = "DENY"
    return response


def _check_request(data: Any) -> tuple[Application, str, str]:
    """The app, redirect URI and scopes of an authorization request, or OAuthError."""
    app = Application.objects.filter(client_id=data.get("client_id", "")).first()
    if app is None:
        raise OAuthError("invalid_client", _("This application is not known."))
    redirect_uri = data.get("redirect_uri") or app.redirect_uri_list[0]
    if redirect_uri not in app.redirect_uri_list:
        raise OAuthError("invalid_redirect_uri", _("The redirect URI is not registered."))
    return app, redirect_uri, requested_scopes(app, data.get("scope"))


def _pkce(data: Any) -> tuple[str, str]:
    challenge = data.get("code_challenge", "")
    method = data.get("code_challenge_method", "") or ("S256" if challenge else "")
    if challenge and (method != "S256" or not 43 <= len(challenge) <= 128):
        raise OAuthError("invalid_request", _("Only PKCE with S256 is supported."))
    return challenge, method


def _login_user(request: HttpRequest) -> tuple[User | None, str]:
    user = authenticate(
        request,
        username=request.POST.get("username", "").strip(),
        password=request.POST.get("password", ""),
    )
    if not isinstance(user, User) or user.is_suspended:
        return None, _("The username or password is not correct.")
    if user.totp_enabled and not totp_verify(user=user, code=request.POST.get("otp", "")):
        return None, _("The two-factor code is not correct.")
    login(request, user)
    return user, ""


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    data = request.GET if request.method == "GET" else request.POST
    try:
        app, redirect_uri, scopes = _check_request(data)
    except OAuthError as exc:
        if exc.code == "invalid_scope" and data.get("client_id"):
            app = Application.objects.get(client_id=data["client_id"])
            uri = data.get("redirect_uri") or app.redirect_uri_list[0]
            if uri in app.redirect_uri_list and uri != OOB:
                params = {"error": exc.code, "error_description": exc.description}
                if data.get("state"):
                    params["state"] = data["state"]
                return HttpResponseAppRedirect(_with_query(uri, params))
        return _page(request, status=400, fatal=exc.description)
    try:
        challenge, method = _pkce(data)
        if data.get("response_type", "code") != "code":
            raise OAuthError("unsupported_response_type", _("Only response_type=code works."))
    except OAuthError as exc:
        return _page(request, status=400, fatal=exc.description)
    force_login = data.get("force_login", "").lower() in ("1", "true", "yes", "on")
    needs_login = force_login or not request.user.is_authenticated
    context: dict[str, Any] = {
        "app": app,
        "scopes": scopes.split(),
        "needs_login": needs_login,
        "hidden": [(k, data[k]) for k in CARRIED if data.get(k)],
    }
    if request.method == "GET":
        return _page(request, **context)
    return _decide(request, app, redirect_uri, scopes, (challenge, method), context)


def _decide(
    request: HttpRequest,
    app: Application,
    redirect_uri: str,
    scopes: str,
    pkce: tuple[str, str],
    context: dict[str, Any],
) -> HttpResponse:
    state = request.POST.get("state", "")
    if request.POST.get("decision") != "approve":
        if redirect_uri == OOB:
            return _page(request, fatal=_("You denied the authorization request."))
        denied = {"error": "access_denied", "error_description": _("The user denied access.")}
        return HttpResponseAppRedirect(
            _with_query(redirect_uri, denied | ({"state": state} if state else {}))
        )
    if context["needs_login"]:
        user, error = _login_user(request)
        if user is None:
            return _page(request, status=422, error=error, **context)
    else:
        user = request.user  # type: ignore[assignment]
    assert isinstance(user, User)
    code = code_issue(
        app=app, user=user, redirect_uri=redirect_uri, scopes=scopes,
        code_challenge=pkce[0], code_challenge_method=pkce[1],
    )  # fmt: skip
    if redirect_uri == OOB:
        return _page(request, code=code)
    values = {"code": code} | ({"state": state} if state else {})
    return HttpResponseAppRedirect(_with_query(redirect_uri, values))


def _request_data(request: HttpRequest) -> dict[str, str]:
    from balai.api.params import params

    try:
        data = params(request)
    except Exception:
        data = {}
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _client_credentials(request: HttpRequest, data: dict[str, str]) -> tuple[str, str | None]:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
            client_id, _sep, secret = decoded.partition(":")
            return client_id, secret
        except (binascii.Error, UnicodeDecodeError):
            return "", None
    return data.get("client_id", ""), data.get("client_secret")


def _oauth_error(exc: OAuthError) -> JsonResponse:
    return JsonResponse(
        {"error": exc.code, "error_description": exc.description}, status=exc.status
    )


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    data = _request_data(request)
    client_id, secret = _client_credentials(request, data)
    grant = data.get("grant_type", "")
    try:
        app = authenticate_client(client_id, secret)
        if grant == "authorization_code":
            access, raw = code_redeem(
                app=app,
                raw_code=data.get("code", ""),
                redirect_uri=data.get("redirect_uri", "") or app.redirect_uri_list[0],
                verifier=data.get("code_verifier", ""),
                secret_given=secret is not None,
            )
        elif secret is None:
            raise OAuthError("invalid_client", _("A client secret is required."), status=401)
        elif grant == "client_credentials":
            from balai.api.models import AccessToken

            access, raw = AccessToken.issue(
                user=None, scopes=requested_scopes(app, data.get("scope")), application=app
            )
        elif grant == "password":
            access, raw = password_grant(
                app=app,
                username=data.get("username", ""),
                password=data.get("password", ""),
                scopes=requested_scopes(app, data.get("scope")),
            )
        else:
            raise OAuthError("unsupported_grant_type", _("This grant type is not supported."))
    except OAuthError as exc:
        return _oauth_error(exc)
    return JsonResponse(token_body(access.scopes, raw, access.created_at.timestamp()))


def token_body(scopes: str, raw: str, created: float) -> dict[str, Any]:
    return {
        "access_token": raw,
        "token_type": "Bearer",
        "scope": scopes,
        "created_at": int(created),
    }


@csrf_exempt
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    data = _request_data(request)
    client_id, secret = _client_credentials(request, data)
    try:
        app = authenticate_client(client_id, secret)
    except OAuthError as exc:
        return _oauth_error(exc)
    token_revoke(app=app, raw_token=data.get("token", ""))
    return JsonResponse({})


def metadata(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "issuer": base_url() + "/",
            "service_documentation": "https://docs.joinmastodon.org/",
            "authorization_endpoint": absolute("/oauth/authorize"),
            "token_endpoint": absolute("/oauth/token"),
            "revocation_endpoint": absolute("/oauth/revoke"),
            "app_registration_endpoint": absolute("/api/v1/apps"),
            "scopes_supported": sorted(ALL_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "client_credentials", "password"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "code_challenge_methods_supported": ["S256"],
        }
    )
