"""The one place that decides who may see or interact with an account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from balai.accounts.models import Block, Follow, Mute, User
from balai.core import sql

Viewer = User | AnonymousUser | None


def viewer_user(viewer: Viewer) -> User | None:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    return viewer  # type: ignore[return-value]


def not_suspended_q(prefix: str = "", now: datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(**{f"{prefix}suspended_at__isnull": True}) | Q(
        **{f"{prefix}suspended_until__lte": now}
    )


def active_users() -> QuerySet[User]:
    """Accounts that exist for other people: active, approved, not suspended, not system."""
    return User.objects.filter(not_suspended_q(), is_active=True, approved=True)


@dataclass(frozen=True)
class Relations:
    """A user's side of the social graph, fetched in one query so reads can inline the ids."""

    following: frozenset[int] = frozenset()
    blocked: frozenset[int] = frozenset()  # blocked by the user, or blocking the user
    muted: frozenset[int] = frozenset()
    # Accounts deactivated or suspended right now, when few enough to inline (None: not fetched,
    # or too many); a post filter then needs no join to the authors' rows (decision record 0010).
    hidden_authors: frozenset[int] | None = None


NO_RELATIONS = Relations()
HIDDEN_AUTHORS_INLINE_LIMIT = 500


def _relations_sql() -> str:
    """Who the user follows, who blocks or is blocked by them, and whom they mute, and which
    accounts are hidden (up to one more than the inline limit): one UNION."""
    hidden = (
        f"SELECT 'h', {sql.column(User, 'id')} FROM {sql.table(User)} "  # noqa: S608
        f"WHERE NOT {sql.column(User, 'is_active')} OR ({sql.column(User, 'suspended_at')} "
        f"IS NOT NULL AND ({sql.column(User, 'suspended_until')} IS NULL "
        f"OR {sql.column(User, 'suspended_until')} > %s))"
    )
    return " UNION ALL ".join(
        [
            sql.tagged_select("f", Follow, "followee", where="follower"),
            sql.tagged_select("b", Block, "blocked", where="blocker"),
            sql.tagged_select("b", Block, "blocker", where="blocked"),
            sql.tagged_select("m", Mute, "muted", where="muter"),
            f"SELECT * FROM ({hidden} LIMIT {HIDDEN_AUTHORS_INLINE_LIMIT + 1}) AS hidden",  # noqa: S608
        ]
    )


def relations_of(user: User | None) -> Relations:
    if user is None:
        return NO_RELATIONS
    kinds: dict[str, set[int]] = {"f": set(), "b": set(), "m": set(), "h": set()}
    params = [user.pk] * 4 + [timezone.now()]
    for kind, other_id in sql.fetch(_relations_sql(), params):
        kinds[kind].add(other_id)
    hidden = kinds["h"]
    return Relations(
        following=frozenset(kinds["f"]),
        blocked=frozenset(kinds["b"]),
        muted=frozenset(kinds["m"]),
        hidden_authors=frozenset(hidden) if len(hidden) <= HIDDEN_AUTHORS_INLINE_LIMIT else None,
    )


def author_shown_q(relations: Relations, prefix: str = "", now: datetime | None = None) -> Q:
    """Posts whose author is active and not suspended (`prefix` leads to the post).

    With the hidden accounts inlined this is `author NOT IN (…)`, so the database needs no
    join to the authors' rows; otherwise it checks the author row itself."""
    if relations.hidden_authors is None:
        return Q(**{f"{prefix}author__is_active": True}) & not_suspended_q(f"{prefix}author__", now)
    if not relations.hidden_authors:
        return Q()
    return ~Q(**{f"{prefix}author_id__in": relations.hidden_authors})


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
