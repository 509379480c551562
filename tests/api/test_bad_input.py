"""Bad input answers precise Mastodon-shaped 4xx errors, never a 5xx, and writes nothing."""

from __future__ import annotations

from typing import Any

from balai.posts.models import Post


def test_unknown_ids_are_404_record_not_found(api: Any, make_user: Any) -> None:
    """Unknown, malformed and huge ids all answer 404 {"error": "Record not found"}."""
    client = api(make_user(username="alice"))
    paths = ["/api/v1/statuses/1", "/api/v1/statuses/abc", "/api/v1/accounts/9" * 1 + "9" * 19,
             "/api/v1/lists/5", "/api/v1/polls/x", "/api/v2/filters/7"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": "Record not found"}


def test_missing_token_is_401_and_wrong_scope_403(api: Any, make_user: Any) -> None:
    """No token → 401 with an error body; a read-only token cannot post (403)."""
    user = make_user(username="alice")
    assert api().get("/api/v1/timelines/home").status_code == 401
    assert api().get("/api/v1/timelines/home").json()["error"]
    bad = api().get("/api/v1/timelines/home", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
    read_only = api(user, "read").post_json("/api/v1/statuses", {"status": "hi"})
    assert read_only.status_code == 403
    assert Post.objects.count() == 0


def test_validation_errors_are_422_with_a_message(api: Any, make_user: Any) -> None:
    """Empty posts, bad visibilities, bad polls and bad limits answer 422; nothing is written."""
    client = api(make_user(username="alice"))
    cases = [
        {"status": ""},
        {"status": "hi", "visibility": "everyone"},
        {"status": "hi", "poll": {"options": ["only one"], "expires_in": 600}},
        {"status": "hi", "poll": {"options": ["a", "b"], "expires_in": 5}},
        {"status": "hi", "media_ids": ["1"]},
        {"status": "hi", "sensitive": "maybe"},
    ]
    for body in cases:
        response = client.post_json("/api/v1/statuses", body)
        assert response.status_code == 422, (body, response.content)
        assert response.json()["error"].startswith("Validation failed")
    assert Post.objects.count() == 0
    assert client.get("/api/v1/timelines/home?limit=abc").status_code == 422


def test_cors_and_link_headers(api: Any, make_user: Any) -> None:
    """API answers carry CORS headers that expose Link; preflights answer 204."""
    client = api(make_user(username="alice"))
    for i in range(3):
        client.post_json("/api/v1/statuses", {"status": f"post {i}"})
    response = client.get("/api/v1/timelines/home?limit=2")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Link" in response["Access-Control-Expose-Headers"]
    assert 'rel="next"' in response["Link"] and "max_id=" in response["Link"]
    preflight = client.options("/api/v1/statuses", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert preflight.status_code == 204


def test_entities_use_string_ids_and_millisecond_timestamps(api: Any, make_user: Any) -> None:
    """Ids are digit strings; timestamps end in .mmmZ; Balai extras sit under `balai`."""
    client = api(make_user(username="alice"))
    status = client.post_json("/api/v1/statuses", {"status": "hello"}).json()
    assert status["id"].isdigit() and status["account"]["id"].isdigit()
    assert status["created_at"][-5] == "." and status["created_at"].endswith("Z")
    assert status["balai"] == {"state": "published"}
    for key in ("uri", "url", "mentions", "tags", "emojis", "card", "poll", "quote", "filtered"):
        assert key in status


def test_registration_honours_the_mode(client: Any, settings: Any) -> None:
    """POST /api/v1/accounts with an app token signs up; closed mode refuses with 403."""
    oob = "urn:ietf:wg:oauth:2.0:oob"
    app = client.post(
        "/api/v1/apps", {"client_name": "x", "redirect_uris": oob, "scopes": "read write"}
    ).json()
    token = client.post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "scope": "write",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    ).json()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}
    body = {"username": "newbie", "email": "n@example.test", "password": "a long pass phrase 42",
            "agreement": "true", "locale": "en"}  # fmt: skip
    created = client.post("/api/v1/accounts", body, **auth)
    assert created.status_code == 200, created.content
    assert created.json()["access_token"]
    settings.BALAI_REGISTRATION_MODE = "closed"
    closed = client.post("/api/v1/accounts", body | {"username": "other"}, **auth)
    assert closed.status_code == 403
