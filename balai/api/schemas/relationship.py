"""The Relationship entity between the viewer and other accounts, batch-loaded."""

from __future__ import annotations

from typing import Any

from balai.accounts.models import User
from balai.accounts.relationships import relationships


def serialize_relationships(viewer: User, accounts: list[User]) -> list[dict[str, Any]]:
    found = relationships(viewer, [a.pk for a in accounts])
    out = []
    for account in accounts:
        rel = found[account.pk]
        out.append(
            {
                "id": str(account.pk),
                "following": rel.following,
                "showing_reblogs": rel.following,
                "notifying": False,
                "languages": None,
                "followed_by": rel.followed_by,
                "blocking": rel.blocking,
                "blocked_by": rel.blocked_by,
                "muting": rel.muting,
                "muting_notifications": rel.muting,
                "requested": rel.requested,
                "requested_by": rel.requested_by,
                "domain_blocking": False,
                "endorsed": False,
                "note": "",
            }
        )
    return out


def serialize_relationship(viewer: User, account: User) -> dict[str, Any]:
    return serialize_relationships(viewer, [account])[0]
