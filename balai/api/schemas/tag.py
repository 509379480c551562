"""The Tag entity, with seven days of usage history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from balai.accounts.models import User
from balai.api.models import FollowedTag
from balai.api.schemas.common import absolute
from balai.posts.models import Hashtag, PostHashtag, PostState


def tag_history(hashtag: Hashtag, days: int = 7) -> list[dict[str, str]]:
    today = timezone.now().date()
    since = timezone.now() - timedelta(days=days)
    rows = (
        PostHashtag.objects.filter(
            hashtag=hashtag,
            post__created_at__gte=since,
            post__state=PostState.PUBLISHED,
            post__deleted_at__isnull=True,
            post__visibility="public",
        )
        .annotate(day=TruncDate("post__created_at"))
        .values("day")
        .annotate(uses=Count("id"), accounts=Count("post__author", distinct=True))
    )
    by_day = {row["day"]: row for row in rows}
    history = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        row = by_day.get(day, {"uses": 0, "accounts": 0})
        stamp = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
        history.append(
            {"day": str(stamp), "uses": str(row["uses"]), "accounts": str(row["accounts"])}
        )
    return history


def serialize_tag(hashtag: Hashtag, viewer: User | None = None) -> dict[str, Any]:
    following = None
    if viewer is not None:
        following = FollowedTag.objects.filter(user=viewer, hashtag=hashtag).exists()
    return {
        "id": str(hashtag.pk),
        "name": hashtag.name,
        "url": absolute(f"/tags/{hashtag.name}"),
        "history": tag_history(hashtag),
        "following": following,
        "featuring": False,
    }
