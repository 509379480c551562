"""The answer to POST /api/v1/statuses is the Status a later read returns."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.posts.models import Post, PostState


def test_the_echo_of_a_new_status_matches_reading_it_back(
    api: Any, make_user: Any, upload_png: Any
) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    api(make_user(username="carol"))
    dave = api(make_user(username="dave"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    bob_id = bob.get("/api/v1/accounts/verify_credentials").json()["id"]
    dave.post(f"/api/v1/accounts/{bob_id}/block")
    quoted = alice.post_json("/api/v1/statuses", {"status": "worth quoting"}).json()
    parent = alice.post_json(
        "/api/v1/statuses", {"status": "followers only", "visibility": "private"}
    ).json()
    bodies = [
        {"status": "@alice hello #Kopi", "in_reply_to_id": parent["id"]},
        {"status": "@carol @alice @dave @nobody #Teh #kopi #teh and #kopi"},
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


def test_a_plain_post_is_written_once_and_echoed_without_reading_it_back(
    api: Any, make_user: Any
) -> None:
    """The busiest write: the row goes in once in its final state (decision 0012), the screen
    does not look for attachments a post cannot have, and the echo is built from what was just
    written."""
    bob = api(make_user(username="bob"))
    make_user(username="carol")
    bob.post_json("/api/v1/statuses", {"status": "warm up"})
    with CaptureQueriesContext(connection) as captured:
        response = bob.post_json("/api/v1/statuses", {"status": "hi @carol #kopi"})
    assert response.status_code == 200, response.content
    assert [m["username"] for m in response.json()["mentions"]] == ["carol"]
    assert [t["name"] for t in response.json()["tags"]] == ["kopi"]
    statements = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in statements if s.startswith('UPDATE "posts_post"')]
    assert not [s for s in statements if "media_mediaattachment" in s]
    # The mention notification reads the post's mentions after commit; the echo does not.
    reads_back = [s for s in statements if "posts_mention" in s and "posts_posthashtag" in s]
    assert not reads_back


def test_a_held_post_is_stored_held_and_never_published(
    api: Any, make_user: Any, settings: Any
) -> None:
    """Written as published, corrected by the screen in the same transaction."""
    settings.BALAI_POST_SCREEN = "tests.api.test_status_echo.hold_everything"
    bob = api(make_user(username="bob"))
    response = bob.post_json("/api/v1/statuses", {"status": "wait for me"})
    assert response.status_code == 200, response.content
    post = Post.objects.get(pk=response.json()["id"])
    assert post.state == PostState.HELD
    assert api(make_user(username="eve")).get(f"/api/v1/statuses/{post.pk}").status_code == 404


def hold_everything(post: Post, *, is_edit: bool, has_media: bool) -> str:
    return PostState.HELD
