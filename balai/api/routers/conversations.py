"""Conversations: the caller's direct (mentioned-people-only) threads."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Router

from balai.accounts.models import User
from balai.api.auth import current_user, scoped
from balai.api.errors import not_found
from balai.api.lookups import parse_id
from balai.api.models import ConversationState
from balai.api.pagination import cursor_from, paged
from balai.api.schemas.account import serialize_accounts
from balai.api.schemas.status import serialize_statuses
from balai.posts.access import visible_posts
from balai.posts.models import Mention, Post
from balai.posts.selectors import POST_RELATED

router = Router(tags=["conversations"])
SCAN_LIMIT = 400


def _root(post: Post) -> int:
    return post.thread_root_id or post.pk


def _conversations(user: User, max_id: int | None, limit: int) -> list[tuple[int, Post]]:
    """(root id, latest post) of each direct conversation, newest first."""
    posts = visible_posts(user).filter(visibility="direct", reblog_of__isnull=True)
    if max_id is not None:
        posts = posts.filter(id__lt=max_id)
    states = {s.root_id: s for s in ConversationState.objects.filter(user=user)}
    seen: dict[int, Post] = {}
    for post in posts.select_related(*POST_RELATED).order_by("-id")[:SCAN_LIMIT]:
        root = _root(post)
        state = states.get(root)
        if root in seen or (state is not None and post.pk <= state.hidden_before_id):
            continue
        seen[root] = post
        if len(seen) >= limit:
            break
    return list(seen.items())


def _serialize(user: User, items: list[tuple[int, Post]]) -> list[dict[str, Any]]:
    statuses = serialize_statuses(user, [p for _r, p in items])
    by_id = {s["id"]: s for s in statuses}
    states = {s.root_id: s for s in ConversationState.objects.filter(
        user=user, root_id__in=[r for r, _p in items])}  # fmt: skip
    result = []
    for root, post in items:
        people = {post.author_id} | set(Mention.objects.filter(post=post).values_list(
            "user_id", flat=True))  # fmt: skip
        people.discard(user.pk)
        state = states.get(root)
        unread = post.author_id != user.pk and (state is None or state.last_read_id < post.pk)
        result.append({
            "id": str(root),
            "unread": unread,
            "accounts": serialize_accounts(User.objects.filter(pk__in=people)),
            "last_status": by_id.get(str(post.pk)),
        })  # fmt: skip
    return result


@router.get("/v1/conversations", auth=scoped("read:statuses"))
def index(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    cursor = cursor_from(request)
    items = _conversations(user, cursor.max_id, cursor.limit)
    return paged(request, _serialize(user, items), [p.pk for _r, p in items])


def _find(user: User, conversation_id: str) -> tuple[int, Post]:
    root = parse_id(conversation_id)
    posts = visible_posts(user).filter(visibility="direct", reblog_of__isnull=True)
    latest = (
        posts.filter(Q(pk=root) | Q(thread_root_id=root))
        .select_related(*POST_RELATED)
        .order_by("-id")
        .first()
    )
    if latest is None:
        raise not_found()
    return root, latest


@router.delete("/v1/conversations/{conversation_id}", auth=scoped("write:conversations"))
def remove(request: HttpRequest, conversation_id: str) -> dict[str, Any]:
    user = current_user(request)
    root, latest = _find(user, conversation_id)
    ConversationState.objects.update_or_create(
        user=user, root_id=root, defaults={"hidden_before_id": latest.pk, "last_read_id": latest.pk}
    )
    return {}


@router.post("/v1/conversations/{conversation_id}/read", auth=scoped("write:conversations"))
def read(request: HttpRequest, conversation_id: str) -> dict[str, Any]:
    user = current_user(request)
    root, latest = _find(user, conversation_id)
    ConversationState.objects.update_or_create(
        user=user, root_id=root, defaults={"last_read_id": latest.pk}
    )
    return _serialize(user, [(root, latest)])[0]
