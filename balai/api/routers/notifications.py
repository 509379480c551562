"""Notifications: list (types[], exclude_types[], account_id), get, dismiss, clear."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from balai.api.auth import current_user, scoped
from balai.api.errors import not_found
from balai.api.lookups import parse_id
from balai.api.pagination import cursor_from, paged
from balai.api.params import Params
from balai.api.schemas.notification import API_TYPES, balai_types, serialize_notifications
from balai.posts.models import Notification
from balai.posts.selectors import Cursor, notifications_for

router = Router(tags=["notifications"])


def _types(p: Params) -> list[str]:
    wanted = balai_types(p.items("types")) if p.items("types") else list(API_TYPES)
    excluded = set(balai_types(p.items("exclude_types")))
    return [t for t in wanted if t not in excluded] or ["none"]


@router.get("/v1/notifications", auth=scoped("read:notifications"))
def index(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    p = Params(request)
    cursor = cursor_from(request, 15, 30)
    items = notifications_for(user, cursor, types=_types(p))
    if p.has("account_id"):
        account_id = parse_id(p.text("account_id"))
        items = [n for n in items if n.actor_id == account_id]
    return paged(request, serialize_notifications(user, items), [n.pk for n in items])


@router.get("/v1/notifications/unread_count", auth=scoped("read:notifications"))
def unread_count(request: HttpRequest) -> dict[str, int]:
    from balai.api.models import Marker

    user = current_user(request)
    marker = Marker.objects.filter(user=user, timeline="notifications").first()
    since = marker.last_read_id if marker else 0
    items = notifications_for(user, Cursor(since_id=since, limit=40), types=list(API_TYPES))
    return {"count": len(items)}


@router.post("/v1/notifications/clear", auth=scoped("write:notifications"))
def clear(request: HttpRequest) -> dict[str, Any]:
    Notification.objects.filter(recipient=current_user(request)).delete()
    return {}


@router.get("/v1/notifications/{notification_id}", auth=scoped("read:notifications"))
def get(request: HttpRequest, notification_id: str) -> dict[str, Any]:
    user = current_user(request)
    wanted = parse_id(notification_id)
    items = notifications_for(user, Cursor(max_id=wanted + 1, since_id=wanted - 1, limit=1),
                              types=list(API_TYPES))  # fmt: skip
    if not items or items[0].pk != wanted:
        raise not_found()
    return serialize_notifications(user, items)[0]


@router.post("/v1/notifications/{notification_id}/dismiss", auth=scoped("write:notifications"))
def dismiss(request: HttpRequest, notification_id: str) -> dict[str, Any]:
    deleted, _rows = Notification.objects.filter(
        recipient=current_user(request), pk=parse_id(notification_id)
    ).delete()
    if not deleted:
        raise not_found()
    return {}
