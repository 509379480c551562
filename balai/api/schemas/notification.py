"""The Notification entity. Balai's `reply` is Mastodon's `mention`."""

from __future__ import annotations

from typing import Any

from balai.accounts.access import Viewer
from balai.api.schemas.account import account_stats, serialize_account
from balai.api.schemas.common import iso
from balai.api.schemas.status import _render, status_context
from balai.moderation.views_counter import note_views
from balai.posts.models import Notification, Post

TO_MASTODON = {"reply": "mention"}
FROM_MASTODON = {"mention": ["mention", "reply"]}
MASTODON_TYPES = {
    "mention",
    "status",
    "reblog",
    "follow",
    "follow_request",
    "favourite",
    "poll",
    "update",
    "admin.sign_up",
    "admin.report",
    "severed_relationships",
    "moderation_warning",
    "quote",
    "quoted_update",
}
API_TYPES = ["mention", "reply", "follow", "follow_request", "favourite", "reblog", "quote"]


def balai_types(mastodon_types: list[str]) -> list[str]:
    out: list[str] = []
    for name in mastodon_types:
        out.extend(FROM_MASTODON.get(name, [name]))
    return [t for t in out if t in API_TYPES]


def serialize_notifications(viewer: Viewer, items: list[Notification]) -> list[dict[str, Any]]:
    posts: list[Post] = [n.post for n in items if n.post is not None]
    ctx = status_context(viewer, posts)
    ctx.stats.update(account_stats(n.actor for n in items if n.actor is not None))
    note_views(viewer, posts)
    return [
        {
            "id": str(n.pk),
            "type": TO_MASTODON.get(n.type, n.type),
            "group_key": f"ungrouped-{n.pk}",
            "created_at": iso(n.created_at),
            "account": serialize_account(n.actor, ctx.stats),
            "status": _render(n.post, ctx) if n.post is not None else None,
            "report": None,
            "event": None,
            "moderation_warning": None,
            "balai": {"type": n.type, "read": n.read},
        }
        for n in items
    ]
