"""Timelines: home, public (local/remote/only_media), hashtag and list."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Router

from balai.accounts.access import muted_ids
from balai.api.auth import current_user, scoped, viewer
from balai.api.lookups import get_own
from balai.api.models import UserList
from balai.api.pagination import cursor_from, paged
from balai.api.params import Params
from balai.api.schemas.status import serialize_statuses
from balai.media.models import MediaAttachment
from balai.media.selectors import SHOWN_STATES
from balai.posts.access import in_public_timelines_q, visible_posts_q
from balai.posts.models import Post, PostHashtag
from balai.posts.selectors import (
    hashtag_timeline,
    home_timeline,
    local_timeline,
    paginate,
)

router = Router(tags=["timelines"])


def with_media_q() -> Q:
    """Posts that have at least one attachment that is shown."""
    attached = MediaAttachment.objects.filter(
        post__isnull=False, state__in=SHOWN_STATES, purged_at__isnull=True
    )
    return Q(id__in=attached.values("post_id"))


def _respond(request: HttpRequest, posts: list[Post]) -> HttpResponse:
    return paged(request, serialize_statuses(viewer(request), posts), [p.pk for p in posts])


@router.get("/v1/timelines/home", auth=scoped("read:statuses"))
def home(request: HttpRequest) -> HttpResponse:
    return _respond(request, home_timeline(current_user(request), cursor_from(request)))


@router.get("/v1/timelines/public", auth=scoped("read:statuses", optional=True))
def public(request: HttpRequest) -> HttpResponse:
    p = Params(request)
    cursor = cursor_from(request)
    if p.flag("remote"):  # Balai has no federated posts yet: this timeline is truly empty
        return _respond(request, [])
    if not p.flag("only_media"):
        return _respond(request, local_timeline(viewer(request), cursor))
    user = viewer(request)
    scope = in_public_timelines_q() & with_media_q()
    if user is not None:
        scope &= ~Q(author_id__in=muted_ids(user))
    queryset = Post.objects.filter(visible_posts_q(user) & scope)
    return _respond(request, paginate(queryset, cursor))


@router.get("/v1/timelines/tag/{hashtag}", auth=scoped("read:statuses", optional=True))
def tag(request: HttpRequest, hashtag: str) -> HttpResponse:
    p = Params(request)
    if p.flag("remote"):
        return _respond(request, [])
    cursor = cursor_from(request)
    extra_any = [t.lstrip("#").casefold() for t in p.items("any")]
    extra_all = [t.lstrip("#").casefold() for t in p.items("all")]
    excluded = [t.lstrip("#").casefold() for t in p.items("none")]
    only_media = p.flag("only_media")
    if not (extra_any or extra_all or excluded or only_media):
        return _respond(request, hashtag_timeline(viewer(request), hashtag, cursor))
    names = [hashtag.lstrip("#").casefold(), *extra_any]
    scope = in_public_timelines_q() & Q(
        id__in=PostHashtag.objects.filter(hashtag__name__in=names).values("post_id")
    )
    for name in extra_all:
        scope &= Q(id__in=PostHashtag.objects.filter(hashtag__name=name).values("post_id"))
    if only_media:
        scope &= with_media_q()
    if excluded:
        scope &= ~Q(id__in=PostHashtag.objects.filter(hashtag__name__in=excluded).values("post_id"))
    queryset = Post.objects.filter(visible_posts_q(viewer(request)) & scope)
    return _respond(request, paginate(queryset, cursor))


@router.get("/v1/timelines/list/{list_id}", auth=scoped("read:lists"))
def list_timeline(request: HttpRequest, list_id: str) -> HttpResponse:
    user = current_user(request)
    members = get_own(UserList, user, list_id).members.values("account_id")
    scope = Q(author_id__in=members) & ~Q(author_id__in=muted_ids(user))
    queryset = Post.objects.filter(visible_posts_q(user) & scope)
    return _respond(request, paginate(queryset, cursor_from(request)))
