"""Hashtags (get, follow), followed tags, trends, suggestions, announcements, endorsements."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from balai.accounts.access import active_users
from balai.accounts.models import Block, Follow, Mute
from balai.api.auth import current_user, scoped, viewer
from balai.api.errors import not_found
from balai.api.lookups import get_account
from balai.api.models import Announcement, AnnouncementRead, FollowedTag, SuggestionDismissal
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.params import Params
from balai.api.schemas.account import serialize_accounts
from balai.api.schemas.common import iso
from balai.api.schemas.status import serialize_statuses
from balai.api.schemas.tag import serialize_tag
from balai.core.text import is_valid_hashtag, normalize_hashtag
from balai.moderation.selectors import trending_allowed_q
from balai.posts.access import in_public_timelines_q, visible_posts
from balai.posts.models import Hashtag, PostHashtag
from balai.posts.selectors import POST_RELATED

router = Router(tags=["discovery"])
TREND_WINDOW = timedelta(days=7)


def _hashtag(name: str, *, create: bool = False) -> Hashtag:
    name = normalize_hashtag(name.lstrip("#"))
    if not is_valid_hashtag(name) or not all(c.isalnum() or c == "_" for c in name):
        raise not_found()
    found = Hashtag.objects.filter(name=name).first()
    if found is None and create:
        found, _created = Hashtag.objects.get_or_create(name=name)
    if found is None:
        raise not_found()
    return found


@router.get("/v1/tags/{name}", auth=scoped("read:follows", optional=True))
def tag(request: HttpRequest, name: str) -> dict[str, Any]:
    return serialize_tag(_hashtag(name), viewer(request))


@router.post("/v1/tags/{name}/follow", auth=scoped("write:follows"))
def follow_tag(request: HttpRequest, name: str) -> dict[str, Any]:
    user = current_user(request)
    hashtag = _hashtag(name, create=True)
    FollowedTag.objects.get_or_create(user=user, hashtag=hashtag)
    return serialize_tag(hashtag, user)


@router.post("/v1/tags/{name}/unfollow", auth=scoped("write:follows"))
def unfollow_tag(request: HttpRequest, name: str) -> dict[str, Any]:
    user = current_user(request)
    hashtag = _hashtag(name)
    FollowedTag.objects.filter(user=user, hashtag=hashtag).delete()
    return serialize_tag(hashtag, user)


@router.get("/v1/followed_tags", auth=scoped("read:follows"))
def followed_tags(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    rows = page_rows(FollowedTag.objects.filter(user=user).select_related("hashtag"),
                     cursor_from(request, 100, 200))  # fmt: skip
    return paged(request, [serialize_tag(r.hashtag, user) for r in rows], [r.pk for r in rows])


def _offset_limit(request: HttpRequest, default: int, maximum: int) -> tuple[int, int]:
    p = Params(request)
    limit = min(p.number("limit", default) or default, maximum)
    return p.number("offset", 0, maximum=10000) or 0, limit


@router.get("/v1/trends/tags", auth=None)
def trends_tags(request: HttpRequest) -> list[dict[str, Any]]:
    """Hashtags used by the most distinct accounts in public posts over the last week; posts
    that moderation labelled, or that carry a blocked hashtag, do not count."""
    offset, limit = _offset_limit(request, 10, 20)
    since = timezone.now() - TREND_WINDOW
    trending = visible_posts(None).filter(in_public_timelines_q() & trending_allowed_q())
    recent = PostHashtag.objects.filter(
        Q(post__created_at__gte=since, post__deleted_at__isnull=True)
        & Q(post_id__in=trending.values("id"))
    )
    ranked = (
        recent.values("hashtag_id")
        .annotate(accounts=Count("post__author", distinct=True), uses=Count("id"))
        .order_by("-accounts", "-uses", "hashtag_id")[offset : offset + limit]
    )
    tags = Hashtag.objects.in_bulk([row["hashtag_id"] for row in ranked])
    return [serialize_tag(tags[row["hashtag_id"]], viewer(request)) for row in ranked]


@router.get("/v1/trends", auth=None)
def trends_alias(request: HttpRequest) -> list[dict[str, Any]]:
    return trends_tags(request)


@router.get("/v1/trends/statuses", auth=scoped("read:statuses", optional=True))
def trends_statuses(request: HttpRequest) -> list[dict[str, Any]]:
    """Public posts of the last week with the most likes and reposts, leaving out what
    moderation labelled and posts with a blocked hashtag."""
    offset, limit = _offset_limit(request, 20, 40)
    since = timezone.now() - TREND_WINDOW
    posts = (
        visible_posts(viewer(request))
        .filter(in_public_timelines_q() & trending_allowed_q(), created_at__gte=since)
        .filter(Q(likes_count__gt=0) | Q(reblogs_count__gt=0))
        .select_related(*POST_RELATED)
        .order_by("-likes_count", "-reblogs_count", "-id")[offset : offset + limit]
    )
    return serialize_statuses(viewer(request), list(posts))


@router.get("/v1/trends/links", auth=None)
def trends_links(request: HttpRequest) -> list[dict[str, Any]]:
    return []  # Balai makes no link preview cards, so no link can trend


def _suggested(request: HttpRequest) -> list[Any]:
    """Active accounts followed by the people you follow, then the most liked local ones."""
    user = current_user(request)
    limit = min(Params(request).number("limit", 40) or 40, 80)
    excluded = (
        Q(pk=user.pk)
        | Q(pk__in=Follow.objects.filter(follower=user).values("followee_id"))
        | Q(pk__in=Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values("blocked_id"))
        | Q(pk__in=Block.objects.filter(blocked=user).values("blocker_id"))
        | Q(pk__in=Mute.objects.filter(muter=user).values("muted_id"))
        | Q(pk__in=SuggestionDismissal.objects.filter(user=user).values("account_id"))
    )
    candidates = active_users().filter(is_system=False, limited=False).exclude(excluded)
    friends = Follow.objects.filter(follower__in=Follow.objects.filter(follower=user).values(
        "followee_id")).values("followee_id")  # fmt: skip
    ranked = candidates.annotate(
        friend=Count(
            "follower_set", filter=Q(follower_set__follower_id__in=friends), distinct=True
        ),
        liked=Count("posts__likes", distinct=True),
    ).order_by("-friend", "-liked", "-id")
    return list(ranked[:limit])


@router.get("/v2/suggestions", auth=scoped("read:accounts"))
def suggestions_v2(request: HttpRequest) -> list[dict[str, Any]]:
    accounts = serialize_accounts(_suggested(request))
    return [{"source": "global", "sources": ["friends_of_friends"], "account": a} for a in accounts]


@router.get("/v1/suggestions", auth=scoped("read:accounts"))
def suggestions_v1(request: HttpRequest) -> list[dict[str, Any]]:
    return serialize_accounts(_suggested(request))


@router.delete("/v1/suggestions/{account_id}", auth=scoped("read:accounts"))
def dismiss_suggestion(request: HttpRequest, account_id: str) -> dict[str, Any]:
    user = current_user(request)
    SuggestionDismissal.objects.get_or_create(user=user, account=get_account(user, account_id))
    return {}


def _serialize_announcement(item: Announcement, read: set[int]) -> dict[str, Any]:
    from django.utils.html import escape, linebreaks

    return {
        "id": str(item.pk),
        "content": linebreaks(escape(item.text)),
        "starts_at": iso(item.starts_at),
        "ends_at": iso(item.ends_at),
        "published": item.published,
        "all_day": item.all_day,
        "published_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "read": item.pk in read,
        "mentions": [],
        "statuses": [],
        "tags": [],
        "emojis": [],
        "reactions": [],
    }


def _current_announcements() -> Any:
    now = timezone.now()
    return Announcement.objects.filter(published=True).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


@router.get("/v1/announcements", auth=scoped("read", optional=True))
def announcements(request: HttpRequest) -> list[dict[str, Any]]:
    user = viewer(request)
    items = list(_current_announcements().order_by("-id"))
    read: set[int] = set()
    if user is not None:
        read = set(AnnouncementRead.objects.filter(user=user).values_list(
            "announcement_id", flat=True))  # fmt: skip
    return [_serialize_announcement(i, read) for i in items]


@router.post("/v1/announcements/{announcement_id}/dismiss", auth=scoped("write:accounts"))
def dismiss_announcement(request: HttpRequest, announcement_id: str) -> dict[str, Any]:
    from balai.api.lookups import parse_id

    item = _current_announcements().filter(pk=parse_id(announcement_id)).first()
    if item is None:
        raise not_found()
    AnnouncementRead.objects.get_or_create(announcement=item, user=current_user(request))
    return {}


@router.get("/v1/endorsements", auth=scoped("read:accounts"))
def endorsements(request: HttpRequest) -> list[dict[str, Any]]:
    return []  # featuring accounts on a profile is not a Balai feature


@router.get("/v1/featured_tags", auth=scoped("read:accounts"))
def featured_tags(request: HttpRequest) -> list[dict[str, Any]]:
    return []
