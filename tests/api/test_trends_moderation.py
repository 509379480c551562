"""Trends never amplify what moderation has acted on: a hashtag used only in posts the screen
labelled, or one that moderators blocked, does not trend, and such posts are not trending
statuses; ordinary hashtags and posts still trend."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from balai.moderation.classifiers import BackendResult


class SpamLabeller:
    """A screen backend that scores "cheap pills" as spam high enough to be labelled (the
    default policy labels spam from 0.6 and holds it from 0.9)."""

    name = "spam-labeller"
    version = "spam-labeller-1"

    def score(self, text: str, normalized: str, lang: str) -> BackendResult:
        return BackendResult(scores={"spam": 0.7 if "cheap pills" in normalized else 0.0})


@pytest.fixture(autouse=True)
def _labelling_screen(settings: Any) -> None:
    settings.BALAI_POST_SCREEN = "balai.moderation.services.post_screen"
    settings.BALAI_MODERATION_BACKENDS = "tests.api.test_trends_moderation.SpamLabeller"
    settings.BALAI_MODERATION_DEEP_BACKEND = ""
    from balai.moderation.policy import forget_cached_policy

    forget_cached_policy()


def _block_hashtag(make_user: Any, reporter: Any, status_id: str, name: str) -> None:
    """A user reports a post; a moderator answers the report by blocking the hashtag."""
    report = reporter.post_json(
        "/api/v1/reports",
        {
            "account_id": reporter.get(f"/api/v1/statuses/{status_id}").json()["account"]["id"],
            "status_ids": [status_id],
            "category": "spam",
        },
    ).json()
    moderator = Client()
    moderator.force_login(make_user(username="mod", role="moderator"))
    response = moderator.post(
        f"/moderation/reports/{report['id']}/act", {"action": "block_hashtag", "hashtag": name}
    )
    assert response.status_code == 302


def test_labelled_and_blocked_hashtags_never_trend(api: Any, make_user: Any) -> None:
    """Three people post #pharmacy only with labelled spam, #rally in posts a moderator then
    blocked, and #gardening in ordinary posts: only #gardening trends, and only ordinary posts
    are trending statuses."""
    writers = [api(make_user(username=f"writer{i}")) for i in range(3)]
    ordinary, labelled, blocked = [], [], []
    for writer in writers:
        ordinary.append(writer.post_json("/api/v1/statuses", {"status": "my #gardening"}).json())
        labelled.append(
            writer.post_json("/api/v1/statuses", {"status": "cheap pills #pharmacy"}).json()
        )
        blocked.append(writer.post_json("/api/v1/statuses", {"status": "join the #rally"}).json())
    assert all(s["sensitive"] for s in labelled)  # published, with a content warning
    assert not any(s["sensitive"] for s in ordinary + blocked)
    reader = api(make_user(username="reader"))
    names = {t["name"] for t in reader.get("/api/v1/trends/tags").json()}
    assert {"gardening", "rally"} <= names and "pharmacy" not in names
    _block_hashtag(make_user, reader, blocked[0]["id"], "#Rally")
    for path in ("/api/v1/trends/tags", "/api/v1/trends"):
        names = {t["name"] for t in api().get(path).json()}
        assert "gardening" in names
        assert not names & {"pharmacy", "rally"}, names
    for status in labelled + blocked + ordinary:
        reader.post(f"/api/v1/statuses/{status['id']}/favourite")
    trending = {s["id"] for s in reader.get("/api/v1/trends/statuses").json()}
    assert trending == {s["id"] for s in ordinary}
    assert api().get("/api/v1/trends/links").json() == []
