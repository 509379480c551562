"""The Relationship entity between the viewer and other accounts, batch-loaded."""

from __future__ import annotations

from typing import Any

from balai.accounts.models import Block, Follow, FollowRequest, Mute, User


def _ids(queryset: Any, field: str) -> set[int]:
    return set(queryset.values_list(field, flat=True))


def serialize_relationships(viewer: User, accounts: list[User]) -> list[dict[str, Any]]:
    ids = [a.pk for a in accounts]
    following = _ids(Follow.objects.filter(follower=viewer, followee_id__in=ids), "followee_id")
    followed_by = _ids(Follow.objects.filter(followee=viewer, follower_id__in=ids), "follower_id")
    blocking = _ids(Block.objects.filter(blocker=viewer, blocked_id__in=ids), "blocked_id")
    blocked_by = _ids(Block.objects.filter(blocked=viewer, blocker_id__in=ids), "blocker_id")
    muting = _ids(Mute.objects.filter(muter=viewer, muted_id__in=ids), "muted_id")
    requested = _ids(FollowRequest.objects.filter(requester=viewer, target_id__in=ids), "target_id")
    requested_by = _ids(
        FollowRequest.objects.filter(target=viewer, requester_id__in=ids), "requester_id"
    )
    return [
        {
            "id": str(pk),
            "following": pk in following,
            "showing_reblogs": pk in following,
            "notifying": False,
            "languages": None,
            "followed_by": pk in followed_by,
            "blocking": pk in blocking,
            "blocked_by": pk in blocked_by,
            "muting": pk in muting,
            "muting_notifications": pk in muting,
            "requested": pk in requested,
            "requested_by": pk in requested_by,
            "domain_blocking": False,
            "endorsed": False,
            "note": "",
        }
        for pk in ids
    ]


def serialize_relationship(viewer: User, account: User) -> dict[str, Any]:
    return serialize_relationships(viewer, [account])[0]
