"""Oversized and malformed requests get a clear 4xx and write nothing."""

from __future__ import annotations

import json

from django.test import Client

from balai.api.models import AccessToken


def test_oversized_and_malformed_api_bodies_are_clear_4xx(make_user):
    user = make_user()
    _t, token = AccessToken.issue(user=user, scopes="read write")
    client = Client(raise_request_exception=False)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    huge = json.dumps({"status": "x" * (11 * 1024 * 1024)})
    too_big = client.post("/api/v1/statuses", data=huge, content_type="application/json", **auth)
    assert too_big.status_code == 400 and "error" in too_big.json()
    broken = client.post("/api/v1/statuses", data="{oops", content_type="application/json", **auth)
    assert broken.status_code == 422 and "malformed" in broken.json()["error"]
    wrong_type = client.post(
        "/api/v1/statuses",
        data=json.dumps({"status": ["a", "list"]}),
        content_type="application/json",
        **auth,
    )
    assert 400 <= wrong_type.status_code < 500
    huge_limit = client.get("/api/v1/timelines/home?limit=99999999999999999999999", **auth)
    assert 400 <= huge_limit.status_code < 500
    assert not user.posts.exists()
