"""OAuth 2: app registration in every body format, consent, PKCE, tokens and revocation."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client

OOB = "urn:ietf:wg:oauth:2.0:oob"


def register(client: Client, **data: object) -> dict:
    body = {"client_name": "Test app", "redirect_uris": OOB, "scopes": "read write follow"}
    body.update(data)
    response = client.post("/api/v1/apps", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_apps_accept_query_form_multipart_and_json(client: Client) -> None:
    """POST /api/v1/apps reads parameters from the query string, form, multipart or JSON."""
    r1 = client.post(f"/api/v1/apps?client_name=Q&redirect_uris={OOB}")
    r2 = client.post(
        "/api/v1/apps",
        "client_name=F&redirect_uris=" + OOB,
        content_type="application/x-www-form-urlencoded",
    )
    r3 = client.post("/api/v1/apps", {"client_name": "M", "redirect_uris": OOB})
    r4 = client.post(
        "/api/v1/apps",
        json.dumps({"client_name": "J", "redirect_uris": [OOB, "tusky://oauth"]}),
        content_type="application/json",
    )
    assert [r.status_code for r in (r1, r2, r3, r4)] == [200] * 4
    assert r4.json()["redirect_uris"] == [OOB, "tusky://oauth"]
    assert r1.json()["scopes"] == ["read"]
    assert r1.json()["client_secret_expires_at"] == 0


def test_apps_reject_bad_input_precisely(client: Client) -> None:
    """Missing names, unsafe redirect schemes and unknown scopes answer 422 with a message."""
    missing = client.post("/api/v1/apps", {"redirect_uris": OOB})
    assert missing.status_code == 422 and "client_name" in missing.json()["error"]
    bad_uri = client.post("/api/v1/apps", {"client_name": "x", "redirect_uris": "javascript:x"})
    assert bad_uri.status_code == 422
    bad_scope = client.post(
        "/api/v1/apps", {"client_name": "x", "redirect_uris": OOB, "scopes": "read fly"}
    )
    assert bad_scope.status_code == 422 and "scopes" in bad_scope.json()["error"]


def _authorize(client: Client, app: dict, **extra: str) -> tuple[int, str]:
    query = {
        "client_id": app["client_id"],
        "redirect_uri": extra.pop("redirect_uri", OOB),
        "response_type": "code",
        "scope": "read write",
    } | extra
    page = client.get("/oauth/authorize", query)
    assert page.status_code == 200, page.content
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    form |= {"username": "alice", "password": "correct horse battery staple", "decision": "approve"}
    response = client.post("/oauth/authorize", form)
    return response.status_code, response.headers.get("Location", "") or response.text


def test_authorization_code_flow_with_pkce(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    """Consent with login, S256 PKCE, a token with created_at, then revocation refuses it."""
    make_user(username="alice")
    app = register(client, redirect_uris="balai-test://cb")
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    status, location = _authorize(
        client, app, redirect_uri="balai-test://cb", state="xyz",
        code_challenge=challenge.rstrip(b"=").decode(), code_challenge_method="S256",
    )  # fmt: skip
    assert status == 302 and location.startswith("balai-test://cb?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["xyz"]
    token_request = {
        "grant_type": "authorization_code",
        "client_id": app["client_id"],
        "code": query["code"][0],
        "redirect_uri": "balai-test://cb",
    }
    wrong = client.post("/oauth/token", token_request | {"code_verifier": "w" * 50})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    good = client.post("/oauth/token", token_request | {"code_verifier": verifier})
    assert good.status_code == 200, good.content
    body = good.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "read write"
    assert isinstance(body["created_at"], int)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {body['access_token']}"}
    me = client.get("/api/v1/accounts/verify_credentials", **auth)
    assert me.status_code == 200 and me.json()["username"] == "alice"
    reuse = client.post("/oauth/token", token_request | {"code_verifier": verifier})
    assert reuse.status_code == 400
    revoked = client.post(
        "/oauth/revoke",
        {
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "token": body["access_token"],
        },
    )
    assert revoked.status_code == 200
    assert client.get("/api/v1/accounts/verify_credentials", **auth).status_code == 401


def test_oob_shows_code_and_client_credentials(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    """The out-of-band redirect shows the code on the page; app tokens verify the app."""
    make_user(username="alice")
    app = register(client)
    status, page = _authorize(client, app)
    assert status == 200
    code = re.search(r'id="authorization-code">([^<]+)<', page)
    assert code is not None
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "code": code.group(1),
            "redirect_uri": OOB,
        },
    )
    assert token.status_code == 200
    app_token = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
    raw = app_token.json()["access_token"]
    verify = client.get("/api/v1/apps/verify_credentials", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert verify.status_code == 200 and verify.json()["name"] == "Test app"
    assert "client_secret" not in verify.json()


def test_wrong_password_and_bad_client(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    """A wrong password re-shows the form (422); an unknown client cannot get tokens."""
    make_user(username="alice")
    app = register(client)
    page = client.get("/oauth/authorize", {"client_id": app["client_id"], "redirect_uri": OOB})
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    bad = client.post(
        "/oauth/authorize", form | {"username": "alice", "password": "nope", "decision": "approve"}
    )
    assert bad.status_code == 422
    unknown = client.post(
        "/oauth/token",
        {"grant_type": "client_credentials", "client_id": "nope", "client_secret": "x"},
    )
    assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"
    assert client.get("/oauth/authorize", {"client_id": "nope"}).status_code == 400


def test_scopes_are_enforced(api, make_user) -> None:  # type: ignore[no-untyped-def]
    """A token without the needed scope gets 403; granular scopes suffice; no token gets 401."""
    user = make_user(username="alice")
    assert api().get("/api/v1/accounts/verify_credentials").status_code == 401
    assert api(user, "write").get("/api/v1/accounts/verify_credentials").status_code == 403
    assert api(user, "read:accounts").get("/api/v1/accounts/verify_credentials").status_code == 200
    assert api(user, "profile").get("/api/v1/accounts/verify_credentials").status_code == 200
    assert api(user, "read:accounts").get("/api/v1/timelines/home").status_code == 403


def test_server_metadata(client: Client) -> None:
    """RFC 8414 metadata names the endpoints, S256 and the granular scopes."""
    data = client.get("/.well-known/oauth-authorization-server").json()
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert "read:statuses" in data["scopes_supported"]
    assert data["token_endpoint"].endswith("/oauth/token")
