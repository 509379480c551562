"""The answer to POST /api/v1/statuses is the Status a later read returns."""

from __future__ import annotations

from typing import Any


def test_the_echo_of_a_new_status_matches_reading_it_back(
    api: Any, make_user: Any, upload_png: Any
) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    quoted = alice.post_json("/api/v1/statuses", {"status": "worth quoting"}).json()
    parent = alice.post_json(
        "/api/v1/statuses", {"status": "followers only", "visibility": "private"}
    ).json()
    bodies = [
        {"status": "@alice hello #Kopi", "in_reply_to_id": parent["id"]},
        {"status": "look", "quoted_status_id": quoted["id"]},
        {"status": "a picture", "media_ids": [upload_png(bob)], "sensitive": True},
        {"status": "which?", "poll": {"options": ["teh", "kopi"], "expires_in": 600}},
    ]
    for body in bodies:
        response = bob.post_json("/api/v1/statuses", body)
        assert response.status_code == 200, response.content
        echo = response.json()
        assert echo == bob.get(f"/api/v1/statuses/{echo['id']}").json(), body


def test_a_replayed_idempotency_key_shows_what_happened_since(api: Any, make_user: Any) -> None:
    alice, bob = api(make_user(username="alice")), api(make_user(username="bob"))
    first = alice.post_json(
        "/api/v1/statuses", {"status": "once"}, HTTP_IDEMPOTENCY_KEY="k-1"
    ).json()
    alice.post(f"/api/v1/statuses/{first['id']}/pin")
    bob.post(f"/api/v1/statuses/{first['id']}/favourite")
    again = alice.post_json(
        "/api/v1/statuses", {"status": "once"}, HTTP_IDEMPOTENCY_KEY="k-1"
    ).json()
    assert again["id"] == first["id"]
    assert again["pinned"] is True
    assert again["favourites_count"] == 1
