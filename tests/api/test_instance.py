"""GET /api/v1/instance and /api/v2/instance: what clients read on every start."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_instance_stats_count_people_and_posts_and_are_recounted_at_most_every_ten_minutes(
    api: Any, make_user: Any
) -> None:
    alice = api(make_user(username="alice"))
    alice.post_json("/api/v1/statuses", {"status": "one"})
    alice.post_json("/api/v1/statuses", {"status": "two"})
    anonymous = api()
    stats = anonymous.get("/api/v1/instance").json()["stats"]
    assert (stats["user_count"], stats["status_count"]) == (1, 2)
    alice.post_json("/api/v1/statuses", {"status": "three"})
    with CaptureQueriesContext(connection) as captured:
        again = anonymous.get("/api/v1/instance").json()["stats"]
    assert again == stats  # remembered: counting every post of a big instance is slow
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
