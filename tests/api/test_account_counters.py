"""Account counters are exact wherever an account appears: its own endpoint, the caller's
credentials and every account embedded in a status list (decision record 0007)."""

from __future__ import annotations

from typing import Any


def _embedded_author(client: Any) -> dict[str, Any]:
    statuses = client.get("/api/v1/timelines/home").json()
    return statuses[0]["account"]


def test_counters_in_timelines_and_on_the_account_agree_at_once(api: Any, make_user: Any) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    alice.post_json("/api/v1/statuses", {"status": "first"})
    embedded = _embedded_author(bob)
    assert (embedded["statuses_count"], embedded["followers_count"]) == (1, 1)

    alice.post_json("/api/v1/statuses", {"status": "second"})
    exact = bob.get(f"/api/v1/accounts/{alice_user.pk}").json()
    assert exact["statuses_count"] == 2 == _embedded_author(bob)["statuses_count"]
    assert exact["last_status_at"] == _embedded_author(bob)["last_status_at"] is not None


def test_own_credentials_show_an_unfollow_at_once(api: Any, make_user: Any) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    alice.post_json("/api/v1/statuses", {"status": "first"})
    assert _embedded_author(bob)["followers_count"] == 1
    bob.post(f"/api/v1/accounts/{alice_user.pk}/unfollow")
    me = alice.get("/api/v1/accounts/verify_credentials").json()
    assert (me["statuses_count"], me["followers_count"]) == (1, 0)


def test_embedded_accounts_cost_no_query_however_many(make_user: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.api.schemas.account import account_stats

    people = [make_user(username=f"author{i}") for i in range(50)]
    with CaptureQueriesContext(connection) as captured:
        stats = account_stats(people)
    assert len(stats) == 50 and captured.captured_queries == []  # all kept on the rows
