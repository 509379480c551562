"""Pages cost a fixed number of queries, whatever their length (no query per post or account)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.moderation import views_counter


@pytest.fixture(autouse=True)
def _views_flush_never_due(monkeypatch: pytest.MonkeyPatch) -> None:
    """View counts are written every few seconds; keep that write out of the pages measured."""
    monkeypatch.setattr(views_counter, "FLUSH_SECONDS", float("inf"))


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def _busy_home(api: Any, make_user: Any, upload_png: Any) -> Any:
    """alice follows six authors who post, reply, mention, reblog, add media and polls."""
    alice = make_user(username="alice")
    me = api(alice)
    authors = [api(make_user(username=f"author{i}")) for i in range(6)]
    for index, author in enumerate(authors):
        account_id = author.get("/api/v1/accounts/verify_credentials").json()["id"]
        me.post(f"/api/v1/accounts/{account_id}/follow")
        for n in range(8):
            body: dict[str, Any] = {"status": f"@alice post {n} #tag{index}"}
            if n % 3 == 0:
                body["media_ids"] = [upload_png(author)]
            if n == 7:
                body["poll"] = {"options": ["a", "b"], "expires_in": 600}
            status = author.post_json("/api/v1/statuses", body).json()
        author.post(f"/api/v1/statuses/{status['id']}/favourite")
        authors[(index + 1) % 6].post(f"/api/v1/statuses/{status['id']}/reblog")
        me.post(f"/api/v1/statuses/{status['id']}/bookmark")
    return me


def test_home_timeline_query_count_is_independent_of_page_size(
    api: Any, make_user: Any, upload_png: Any
) -> None:
    """GET /api/v1/timelines/home costs the same number of queries for 5 and for 40 statuses,
    with media, polls, mentions, reblogs and several authors on the page."""
    me = _busy_home(api, make_user, upload_png)
    assert len(me.get("/api/v1/timelines/home?limit=40").json()) == 40
    small = _queries(me, "/api/v1/timelines/home?limit=5")
    large = _queries(me, "/api/v1/timelines/home?limit=40")
    assert small == large, (small, large)
    # incl. the viewer's relations (to inline follow/block ids) and the authors' counters
    assert large <= 14


def test_account_lists_query_count_is_independent_of_length(api: Any, make_user: Any) -> None:
    """Followers pages and notifications cost a fixed number of queries per page."""
    target = make_user(username="star")
    star = api(target)
    post = star.post_json("/api/v1/statuses", {"status": "hello"}).json()
    for i in range(12):
        fan = api(make_user(username=f"fan{i}"))
        fan.post(f"/api/v1/accounts/{target.pk}/follow")
        fan.post(f"/api/v1/statuses/{post['id']}/favourite")
    path = f"/api/v1/accounts/{target.pk}/followers"
    assert _queries(star, path + "?limit=2") == _queries(star, path + "?limit=12")
    notes = "/api/v1/notifications"
    assert _queries(star, notes + "?limit=2") == _queries(star, notes + "?limit=20")


def test_a_page_without_media_polls_or_filters_does_not_load_them(api: Any, make_user: Any) -> None:
    """Whether the page has attachments or polls, and whether the viewer has filters or pins
    there, is asked alongside other reads; their rows are loaded only when some exist."""
    me = api(make_user(username="alice"))
    bob = make_user(username="bob")
    author = api(bob)
    me.post(f"/api/v1/accounts/{bob.pk}/follow")
    for n in range(3):
        author.post_json("/api/v1/statuses", {"status": f"plain post {n} #kopi"})
    with CaptureQueriesContext(connection) as captured:
        statuses = me.get("/api/v1/timelines/home").json()
    assert [s["tags"][0]["name"] for s in statuses] == ["kopi"] * 3
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert '"api_filterkeyword"' not in sql
    assert '"api_poll"."expires_at"' not in sql
    assert '"media_mediaattachment"."file_path"' not in sql
    assert len(captured.captured_queries) <= 12
