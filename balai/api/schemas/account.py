"""The Account entity (and CredentialAccount with `source`)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, linebreaks

from balai.accounts.models import Follow, FollowRequest, User
from balai.api.schemas.common import absolute, default_avatar, iso
from balai.core.sanitize import sanitize_post_html
from balai.posts.models import Post, PostState


def _note_html(user: User) -> str:
    return sanitize_post_html(linebreaks(escape(user.bio))) if user.bio else ""


def _counts(user: User) -> dict[str, Any]:
    posts = Post.objects.filter(
        author=user, state=PostState.PUBLISHED, deleted_at__isnull=True
    ).exclude(visibility="direct")
    last = posts.order_by("-id").values_list("created_at", flat=True).first()
    return {
        "followers_count": Follow.objects.filter(followee=user).count(),
        "following_count": Follow.objects.filter(follower=user).count(),
        "statuses_count": posts.count(),
        "last_status_at": last.date().isoformat() if last else None,
    }


def account_url(user: User) -> str:
    return absolute(f"/@{user.username}")


def serialize_account(user: User) -> dict[str, Any]:
    """A public Account entity. Moderation state appears only under `balai`."""
    created = user.date_joined.replace(hour=0, minute=0, second=0, microsecond=0)
    avatar = default_avatar()
    role = (
        []
        if user.role == "user"
        else [
            {
                "id": "1" if user.role == "moderator" else "2",
                "name": user.role.title(),
                "color": "",
                "permissions": "0",
                "highlighted": True,
            }
        ]
    )
    return {
        "id": str(user.pk),
        "username": user.username,
        "acct": user.username,
        "url": account_url(user),
        "uri": account_url(user),
        "display_name": user.display_name,
        "note": _note_html(user),
        "avatar": avatar,
        "avatar_static": avatar,
        "avatar_description": "",
        "header": absolute("/static/api/missing.png"),
        "header_static": absolute("/static/api/missing.png"),
        "header_description": "",
        "locked": user.locked,
        "fields": [
            {"name": f.get("name", ""), "value": escape(f.get("value", "")), "verified_at": None}
            for f in (user.fields or [])
        ],
        "emojis": [],
        "bot": user.is_system,
        "group": False,
        "discoverable": True,
        "indexable": True,
        "noindex": False,
        "hide_collections": False,
        "moved": None,
        "suspended": user.is_suspended,
        "limited": user.limited,
        "memorial": False,
        "roles": role,
        "created_at": iso(created),
        **_counts(user),
        "balai": {"role": user.role},
    }


def serialize_credential_account(user: User) -> dict[str, Any]:
    """The caller's own Account, with `source` (the raw editable profile) and `role`."""
    data = serialize_account(user)
    data["source"] = source_of(user)
    data["role"] = {
        "id": {"user": "-99", "moderator": "1", "admin": "2"}[user.role],
        "name": user.role.title() if user.role != "user" else "",
        "color": "",
        "permissions": {"user": "0", "moderator": "1048", "admin": "1"}[user.role],
        "highlighted": user.role != "user",
    }
    return data


def source_of(user: User) -> dict[str, Any]:
    return {
        "note": user.bio,
        "fields": [
            {"name": f.get("name", ""), "value": f.get("value", ""), "verified_at": None}
            for f in (user.fields or [])
        ],
        "privacy": user.default_visibility,
        "sensitive": False,
        "language": user.language or None,
        "follow_requests_count": FollowRequest.objects.filter(target=user).count(),
        "hide_collections": False,
        "discoverable": True,
        "indexable": True,
        "attribution_domains": [],
        "quote_policy": "public",
    }
