"""Account counters: exact on the account endpoints, at most a minute old inside status lists."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache.backends import locmem

from balai.api.schemas.account import EMBEDDED_STATS_MAX_AGE


class _Clock:
    """Stands in for the `time` module the local-memory cache reads expiry from."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def cache_clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    clock = _Clock()
    monkeypatch.setattr(locmem, "time", clock)
    return clock


def _embedded_author(client: Any) -> dict[str, Any]:
    statuses = client.get("/api/v1/timelines/home").json()
    return statuses[0]["account"]


def test_counters_in_timelines_refresh_within_max_age_while_account_endpoint_is_exact(
    api: Any, make_user: Any, cache_clock: _Clock
) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    alice.post_json("/api/v1/statuses", {"status": "first"})
    embedded = _embedded_author(bob)
    assert (embedded["statuses_count"], embedded["followers_count"]) == (1, 1)

    alice.post_json("/api/v1/statuses", {"status": "second"})
    exact = bob.get(f"/api/v1/accounts/{alice_user.pk}").json()
    assert exact["statuses_count"] == 2
    assert _embedded_author(bob)["statuses_count"] in (1, 2)  # may be reused from the cache

    cache_clock.offset = EMBEDDED_STATS_MAX_AGE + 1
    assert _embedded_author(bob)["statuses_count"] == 2


def test_own_credentials_are_never_served_from_the_cache(api: Any, make_user: Any) -> None:
    alice_user = make_user(username="alice")
    alice, bob = api(alice_user), api(make_user(username="bob"))
    bob.post(f"/api/v1/accounts/{alice_user.pk}/follow")
    alice.post_json("/api/v1/statuses", {"status": "first"})
    assert _embedded_author(bob)["followers_count"] == 1  # now cached
    bob.post(f"/api/v1/accounts/{alice_user.pk}/unfollow")
    me = alice.get("/api/v1/accounts/verify_credentials").json()
    assert (me["statuses_count"], me["followers_count"]) == (1, 0)


def test_embedded_counters_of_many_accounts_stay_cached(make_user: Any) -> None:
    """The per-process cache holds the counters of more accounts than Django's default 300
    entries: a busy instance's timelines show thousands of authors."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.api.schemas.account import EMBEDDED_STATS_MAX_AGE, account_stats

    people = [make_user(username=f"author{i}") for i in range(400)]
    account_stats(people, max_age=EMBEDDED_STATS_MAX_AGE)
    with CaptureQueriesContext(connection) as captured:
        again = account_stats(people, max_age=EMBEDDED_STATS_MAX_AGE)
    assert len(again) == 400
    assert captured.captured_queries == []
