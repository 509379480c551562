"""The one place that decides who may see or interact with an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from balai.accounts.models import Block, Follow, Mute, User

Viewer = User | AnonymousUser | None


def viewer_user(viewer: Viewer) -> User | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return viewer  # type: ignore[return-value]


def not_suspended_q(prefix: str = "") -> Q:
    now = timezone.now()
    return Q(**{f"{prefix}suspended_at__isnull": True}) | Q(
        **{f"{prefix}suspended_until__lte": now}
    )


def active_users() -> QuerySet[User]:
    """Accounts that exist for other people: active, approved, not suspended, not system."""
    return User.objects.filter(not_suspended_q(), is_active=True, approved=True)


def not_blocked_either_way_q(user: User, field: str) -> Q:
    """Rows whose `field` (a user id) is not blocked by, nor blocking, `user`."""
    blocked = Block.objects.filter(blocker=user).values("blocked_id")
    blockers = Block.objects.filter(blocked=user).values("blocker_id")
    return ~Q(**{f"{field}__in": blocked}) & ~Q(**{f"{field}__in": blockers})


def is_blocked_between(a: User, b: User) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def followee_ids(user: User) -> QuerySet[Follow, Any]:
    return Follow.objects.filter(follower=user).values("followee_id")


def muted_ids(user: User) -> QuerySet[Mute, Any]:
    return Mute.objects.filter(muter=user).values("muted_id")


def can_view_account(viewer: Viewer, account: User) -> bool:
    """Suspended, unapproved and deactivated accounts exist only for moderators."""
    user = viewer_user(viewer)
    if user is not None and (user.pk == account.pk or user.is_moderator):
        return True
    return account.is_active and account.approved and not account.is_suspended


def can_interact(viewer: User, account: User) -> bool:
    """Following, mentioning, replying and so on are refused across a block."""
    return viewer.pk != account.pk and not is_blocked_between(viewer, account)
