"""The Account entity (and CredentialAccount with `source`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.html import escape, linebreaks

from balai.accounts.models import FollowRequest, User
from balai.api.schemas.common import absolute, iso
from balai.core.sanitize import sanitize_post_html
from balai.media import storage
from balai.media.selectors import default_profile_image_url


@dataclass
class AccountStats:
    """Counters and image URLs of one account, batch-loaded by `account_stats`."""

    followers: int = 0
    following: int = 0
    statuses: int = 0
    last_status_at: datetime | None = None
    avatar: str | None = None
    header: str | None = None


def _note_html(user: User) -> str:
    return sanitize_post_html(linebreaks(escape(user.bio))) if user.bio else ""


def account_stats(users: Iterable[User]) -> dict[int, AccountStats]:
    """Counters (decision record 0007) and avatar/header URLs for any number of accounts, all
    kept on the account rows: no query."""
    avatar, header = default_profile_image_url("avatar"), default_profile_image_url("header")
    return {
        u.pk: AccountStats(
            followers=u.followers_count,
            following=u.following_count,
            statuses=u.statuses_count,
            last_status_at=u.last_status_at,
            avatar=storage.public_url(u.avatar_path) if u.avatar_path else avatar,
            header=storage.public_url(u.header_path) if u.header_path else header,
        )
        for u in users
    }


def _counts(stats: AccountStats) -> dict[str, Any]:
    last = stats.last_status_at
    return {
        "followers_count": stats.followers,
        "following_count": stats.following,
        "statuses_count": stats.statuses,
        "last_status_at": last.date().isoformat() if last else None,
    }


def account_url(user: User) -> str:
    return absolute(f"/@{user.username}")


def serialize_accounts(users: Iterable[User]) -> list[dict[str, Any]]:
    """Account entities for a page of users, with a fixed number of queries."""
    users = list(users)
    stats = account_stats(users)
    return [serialize_account(u, stats) for u in users]


def serialize_account(user: User, stats: dict[int, AccountStats] | None = None) -> dict[str, Any]:
    """A public Account entity. Moderation state appears only under `balai`.

    Pass `stats` from `account_stats` when rendering many accounts (no query per account)."""
    created = user.date_joined.replace(hour=0, minute=0, second=0, microsecond=0)
    mine = (stats if stats is not None and user.pk in stats else account_stats([user]))[user.pk]
    avatar, header = mine.avatar, mine.header
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
        "header": header,
        "header_static": header,
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
        **_counts(mine),
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
