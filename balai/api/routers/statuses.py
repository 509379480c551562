"""Statuses: post, read, edit, delete, and the interactions on one status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts.access import active_users
from balai.api import services
from balai.api.auth import current_user, scoped, viewer
from balai.api.errors import ApiError, not_found
from balai.api.lookups import get_post, parse_id, valid_ids
from balai.api.pagination import cursor_from, page_rows, paged
from balai.api.params import Params
from balai.api.schemas.account import serialize_account, serialize_accounts
from balai.api.schemas.status import (
    serialize_edit,
    serialize_new_status,
    serialize_shown_status,
    serialize_source,
    serialize_status,
    serialize_statuses,
)
from balai.media.services import MAX_ATTACHMENTS, post_edit_with_media
from balai.posts import services as post_services
from balai.posts.access import visible_posts
from balai.posts.models import Like
from balai.posts.selectors import POST_RELATED, load_posts, post_history, thread_context

router = Router(tags=["statuses"])


def _poll(p: Params) -> tuple[list[str], int, bool, bool] | None:
    poll = p.mapping("poll")
    if not poll:
        return None
    options = poll.get("options") or []
    if isinstance(options, dict):
        options = list(options.values())
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise ApiError(422, _("Validation failed: poll[options] must be a list of strings"))
    try:
        expires_in = int(str(poll.get("expires_in", "")))
    except ValueError:
        expires_in = -1
    truthy = {"1", "true", "True", "on", True}
    return options, expires_in, poll.get("multiple") in truthy, poll.get("hide_totals") in truthy


def _media_ids(p: Params) -> list[str] | None:
    """`media_ids[]` as Mastodon clients send it; None when the request does not mention it."""
    if not p.has("media_ids"):
        return None
    ids = p.items("media_ids")
    if len(ids) > MAX_ATTACHMENTS:
        raise ApiError(
            422,
            _("Validation failed: a post can have at most %(n)d media attachments")
            % {"n": MAX_ATTACHMENTS},
        )
    return ids


def _draft(p: Params) -> post_services.PostDraft:
    return post_services.PostDraft(
        text=p.text("status", max_length=100000),
        spoiler_text=p.text("spoiler_text", max_length=10000),
        sensitive=p.flag("sensitive"),
        language=p.text("language", max_length=20) or None,
    )


@router.post("/v1/statuses", auth=scoped("write:statuses"))
def create(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    p = Params(request)
    if p.has("scheduled_at") and p.raw("scheduled_at"):
        raise ApiError(422, _("Validation failed: scheduled posts are not supported"))
    key = request.headers.get("Idempotency-Key", "").strip()[:200] or None
    media_ids, poll = _media_ids(p) or [], _poll(p)
    if media_ids and poll is not None:
        raise ApiError(422, _("Validation failed: a post cannot have both media and a poll"))
    post, created = services.status_create(
        author=user,
        draft=_draft(p),
        media_ids=media_ids,
        visibility=p.text("visibility", max_length=20) or None,
        in_reply_to_id=p.text("in_reply_to_id", max_length=30) or None,
        quote_of_id=(p.text("quoted_status_id", max_length=30)
                     or p.text("quote_id", max_length=30) or None),
        poll=poll,
        idempotency_key=key,
    )  # fmt: skip
    if not created:  # a replayed Idempotency-Key: the post may have been liked since
        return serialize_status(load_posts([post.pk])[0], viewer=user)
    if post.quote_of_id is not None:  # the quoted post's counters moved: read it back
        post = load_posts([post.pk])[0]
    return serialize_new_status(post, author=user)


@router.get("/v1/statuses", auth=scoped("read:statuses", optional=True))
def many(request: HttpRequest) -> list[dict[str, Any]]:
    ids = valid_ids(Params(request).items("id"))
    posts = visible_posts(viewer(request)).filter(id__in=ids).select_related(*POST_RELATED)
    return serialize_statuses(viewer(request), list(posts))


@router.get("/v1/statuses/{status_id}", auth=scoped("read:statuses", optional=True))
def get(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return serialize_shown_status(viewer(request), get_post(viewer(request), status_id))


@router.delete("/v1/statuses/{status_id}", auth=scoped("write:statuses"))
def delete(request: HttpRequest, status_id: str) -> dict[str, Any]:
    user = current_user(request)
    post = get_post(user, status_id)
    if post.author_id != user.pk:
        raise not_found()
    data = serialize_status(post, viewer=user)
    data["text"] = post.text
    post_services.post_delete(author=user, post_id=post.pk)
    return data


@router.put("/v1/statuses/{status_id}", auth=scoped("write:statuses"))
def edit(request: HttpRequest, status_id: str) -> dict[str, Any]:
    user = current_user(request)
    p = Params(request)
    post = post_edit_with_media(
        author=user, post_id=parse_id(status_id), draft=_draft(p), media_ids=_media_ids(p)
    )
    return serialize_status(get_post(user, post.pk), viewer=user)


@router.get("/v1/statuses/{status_id}/context", auth=scoped("read:statuses", optional=True))
def context(request: HttpRequest, status_id: str) -> dict[str, Any]:
    post = get_post(viewer(request), status_id)
    thread = thread_context(viewer(request), post)
    return {
        "ancestors": serialize_statuses(viewer(request), thread.ancestors),
        "descendants": serialize_statuses(viewer(request), thread.descendants),
    }


@router.get("/v1/statuses/{status_id}/source", auth=scoped("read:statuses"))
def source(request: HttpRequest, status_id: str) -> dict[str, Any]:
    user = current_user(request)
    post = get_post(user, status_id)
    if post.author_id != user.pk:
        raise not_found()
    return serialize_source(post)


@router.get("/v1/statuses/{status_id}/history", auth=scoped("read:statuses", optional=True))
def history(request: HttpRequest, status_id: str) -> list[dict[str, Any]]:
    post = get_post(viewer(request), status_id)
    account = serialize_account(post.author)  # the same author for every version
    return [serialize_edit(v, account) for v in post_history(post)]


def _act(request: HttpRequest, status_id: str, action: Any, **kwargs: Any) -> dict[str, Any]:
    user = current_user(request)
    result = action(user=user, post_id=parse_id(status_id), **kwargs)
    return serialize_status(get_post(user, result.pk), viewer=user)


@router.post("/v1/statuses/{status_id}/favourite", auth=scoped("write:favourites"))
def favourite(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, post_services.like_create)


@router.post("/v1/statuses/{status_id}/unfavourite", auth=scoped("write:favourites"))
def unfavourite(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, post_services.like_delete)


@router.post("/v1/statuses/{status_id}/reblog", auth=scoped("write:statuses"))
def reblog(request: HttpRequest, status_id: str) -> dict[str, Any]:
    visibility = Params(request).text("visibility", "public", max_length=20)
    return _act(request, status_id, post_services.reblog_create, visibility=visibility)


@router.post("/v1/statuses/{status_id}/unreblog", auth=scoped("write:statuses"))
def unreblog(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, post_services.reblog_delete)


@router.post("/v1/statuses/{status_id}/bookmark", auth=scoped("write:bookmarks"))
def bookmark(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, post_services.bookmark_create)


@router.post("/v1/statuses/{status_id}/unbookmark", auth=scoped("write:bookmarks"))
def unbookmark(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, post_services.bookmark_delete)


@router.post("/v1/statuses/{status_id}/pin", auth=scoped("write:accounts"))
def pin(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, services.pin_create)


@router.post("/v1/statuses/{status_id}/unpin", auth=scoped("write:accounts"))
def unpin(request: HttpRequest, status_id: str) -> dict[str, Any]:
    return _act(request, status_id, services.pin_delete)


@router.get("/v1/statuses/{status_id}/favourited_by", auth=scoped("read:accounts", optional=True))
def favourited_by(request: HttpRequest, status_id: str) -> HttpResponse:
    post = get_post(viewer(request), status_id)
    rows = Like.objects.filter(post=post, user__in=active_users()).select_related("user")
    page = page_rows(rows, cursor_from(request, 40, 80))
    return paged(request, serialize_accounts(r.user for r in page), [r.pk for r in page])


@router.get("/v1/statuses/{status_id}/reblogged_by", auth=scoped("read:accounts", optional=True))
def reblogged_by(request: HttpRequest, status_id: str) -> HttpResponse:
    post = get_post(viewer(request), status_id)
    rows = visible_posts(viewer(request)).filter(reblog_of=post).select_related("author")
    page = page_rows(rows, cursor_from(request, 40, 80))
    return paged(request, serialize_accounts(r.author for r in page), [r.pk for r in page])
