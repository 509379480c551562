"""Reading statuses through the API counts as reach for moderation ("views before action"):
every list or single status shown to someone other than its author adds to `PostViews`; the
author's own reads, and a moderator reading a report, do not."""

from __future__ import annotations

from typing import Any

import pytest

from balai.moderation import views_counter
from balai.moderation.models import PostViews


@pytest.fixture(autouse=True)
def _empty_buffer() -> None:
    """Counts left buffered by earlier tests must not leak into these."""
    views_counter.flush_views()


def views(status_id: str) -> int:
    """What moderators see for a post, after the buffered counts are written."""
    views_counter.flush_views()
    row = PostViews.objects.filter(post_id=int(status_id)).first()
    return row.count if row is not None else 0


def _pair(api: Any, make_user: Any) -> tuple[Any, Any, dict[str, Any], dict[str, Any]]:
    """bob follows alice; each has posted once."""
    alice, bob = api(make_user(username="alice")), api(make_user(username="bob"))
    alice_id = alice.get("/api/v1/accounts/verify_credentials").json()["id"]
    bob.post(f"/api/v1/accounts/{alice_id}/follow")
    theirs = alice.post_json("/api/v1/statuses", {"status": "hello from #balai"}).json()
    mine = bob.post_json("/api/v1/statuses", {"status": "bob says hi"}).json()
    return alice, bob, theirs, mine


def test_home_timeline_counts_views_of_others_posts_only(api: Any, make_user: Any) -> None:
    """bob reads his home timeline twice: alice's post gains two views, bob's own none."""
    _alice, bob, theirs, mine = _pair(api, make_user)
    for _ in range(2):
        shown = {s["id"] for s in bob.get("/api/v1/timelines/home").json()}
        assert {theirs["id"], mine["id"]} <= shown
    assert views(theirs["id"]) == 2
    assert views(mine["id"]) == 0


def test_every_read_path_counts(api: Any, make_user: Any) -> None:
    """Public, tag and account timelines, a single status, its context, bookmarks, favourites,
    search and an anonymous read each count once; a repost counts for what it reposts."""
    alice, bob, theirs, _mine = _pair(api, make_user)
    status = f"/api/v1/statuses/{theirs['id']}"
    bob.post(f"{status}/bookmark")
    bob.post(f"{status}/favourite")
    reply = alice.post_json(
        "/api/v1/statuses", {"status": "and more", "in_reply_to_id": theirs["id"]}
    ).json()
    assert views(theirs["id"]) == 0  # acting on a post is not a new showing
    paths = [
        "/api/v1/timelines/public",
        "/api/v1/timelines/tag/balai",
        f"/api/v1/accounts/{theirs['account']['id']}/statuses",
        status,
        "/api/v1/bookmarks",
        "/api/v1/favourites",
        "/api/v2/search?q=hello&type=statuses",
    ]
    for path in paths:
        response = bob.get(path)
        assert response.status_code == 200, (path, response.content)
    assert views(theirs["id"]) == len(paths)
    bob.get(f"/api/v1/statuses/{reply['id']}/context")  # the reply's ancestor is shown
    assert views(theirs["id"]) == len(paths) + 1
    assert api().get(status).status_code == 200
    assert views(theirs["id"]) == len(paths) + 2
    carol = api(make_user(username="carol"))
    bob_id = bob.get("/api/v1/accounts/verify_credentials").json()["id"]
    carol.post(f"/api/v1/accounts/{bob_id}/follow")
    bob.post(f"{status}/reblog")
    carol.get("/api/v1/timelines/home")
    assert views(theirs["id"]) == len(paths) + 3


def test_notifications_and_conversations_count(api: Any, make_user: Any) -> None:
    """A mention read in notifications, and a direct message read in conversations, count."""
    alice, bob, _theirs, _mine = _pair(api, make_user)
    mention = alice.post_json("/api/v1/statuses", {"status": "@bob look"}).json()
    direct = alice.post_json(
        "/api/v1/statuses", {"status": "@bob secret", "visibility": "direct"}
    ).json()
    assert mention["id"] in {n["status"]["id"] for n in bob.get("/api/v1/notifications").json()}
    assert views(mention["id"]) == 1
    before = views(direct["id"])  # also shown among the notifications
    conversations = bob.get("/api/v1/conversations").json()
    assert direct["id"] in {c["last_status"]["id"] for c in conversations}
    assert views(direct["id"]) == before + 1
    alice.get("/api/v1/conversations")  # the author reading her own message is not reach
    assert views(direct["id"]) == before + 1
