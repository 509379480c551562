"""A quote post's `quote` entity, as Mastodon 4.4 clients read it: the quoted status when the
viewer may read it, `unauthorized` when not, and inside a quoted status the id alone
(ShallowQuote), judged by the same access rules."""

from __future__ import annotations

from typing import Any


def test_quotes_show_what_the_viewer_may_read_and_nest_by_id(api: Any, make_user: Any) -> None:
    alice, bob = api(make_user(username="alice")), api(make_user(username="bob"))
    carol = api(make_user(username="carol"))
    original = alice.post_json("/api/v1/statuses", {"status": "the first word"}).json()
    secret = alice.post_json(
        "/api/v1/statuses", {"status": "for followers", "visibility": "private"}
    ).json()
    alice_id = original["account"]["id"]
    bob.post(f"/api/v1/accounts/{alice_id}/follow")
    middle = bob.post_json(
        "/api/v1/statuses", {"status": "quoting alice", "quoted_status_id": original["id"]}
    ).json()
    outer = carol.post_json(
        "/api/v1/statuses", {"status": "quoting bob", "quoted_status_id": middle["id"]}
    ).json()
    on_secret = bob.post_json(
        "/api/v1/statuses", {"status": "quoting a private post", "quoted_status_id": secret["id"]}
    )

    seen = carol.get(f"/api/v1/statuses/{outer['id']}").json()
    assert seen["quote"]["state"] == "accepted"
    assert seen["quote"]["quoted_status"]["id"] == middle["id"]
    assert seen["quote"]["quoted_status"]["quote"] == {
        "state": "accepted",
        "quoted_status_id": original["id"],
    }
    assert on_secret.status_code == 422  # only public and unlisted posts can be quoted

    dave = api(make_user(username="dave"))
    dave_id = dave.get("/api/v1/accounts/verify_credentials").json()["id"]
    alice.post(f"/api/v1/accounts/{dave_id}/block")
    blocked = dave.get(f"/api/v1/statuses/{middle['id']}").json()
    assert blocked["quote"] == {"state": "unauthorized", "quoted_status": None}
    assert "the first word" not in str(blocked)
    nested = dave.get(f"/api/v1/statuses/{outer['id']}").json()
    assert nested["quote"]["quoted_status"]["quote"]["state"] == "unauthorized"

    alice.delete(f"/api/v1/statuses/{original['id']}")
    after = carol.get(f"/api/v1/statuses/{outer['id']}").json()
    assert after["quote"]["quoted_status"]["quote"]["state"] == "unauthorized"
