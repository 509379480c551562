"""Client-API writes and logins are rate limited (429 with Retry-After); reads are not."""

from __future__ import annotations

import pytest
from django.test import Client

from balai.api.models import AccessToken
from balai.core import ratelimit


@pytest.fixture
def small_limits(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ratelimit, "WRITE", ratelimit.Limit("write", 3, 300))
    monkeypatch.setattr(ratelimit, "LOGIN", ratelimit.Limit("login", 2, 300))


def test_writes_are_limited_per_token_and_reads_are_not(make_user, small_limits):
    """The 4th write with one token is refused; another token still writes; reads go on."""
    alice, bob = make_user(), make_user()
    _t, alice_token = AccessToken.issue(user=alice, scopes="read write")
    _t, bob_token = AccessToken.issue(user=bob, scopes="read write")
    client = Client()
    alice_auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}"}
    for n in range(3):
        assert (
            client.post("/api/v1/statuses", {"status": f"hi {n}"}, **alice_auth).status_code == 200
        )
    refused = client.post("/api/v1/statuses", {"status": "one too many"}, **alice_auth)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "error" in refused.json()
    assert alice.posts.count() == 3
    bob_auth = {"HTTP_AUTHORIZATION": f"Bearer {bob_token}"}
    assert client.post("/api/v1/statuses", {"status": "bob"}, **bob_auth).status_code == 200
    for _ in range(5):
        assert client.get("/api/v1/timelines/home", **alice_auth).status_code == 200


def test_password_logins_through_oauth_are_limited_per_ip(make_user, small_limits):
    """Guessing passwords at /oauth/token from one address stops after the allowance."""
    make_user(username="target")
    client = Client(REMOTE_ADDR="203.0.113.9")
    form = {"grant_type": "password", "username": "target", "password": "wrong", "client_id": "x"}
    statuses = [client.post("/oauth/token", form).status_code for _ in range(3)]
    assert statuses[-1] == 429 and 429 not in statuses[:2]
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post("/oauth/token", form).status_code != 429
