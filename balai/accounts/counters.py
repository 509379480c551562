"""An account's follow counters, kept on its row (decision record 0007): every list that embeds
accounts shows them without counting."""

from __future__ import annotations

from collections.abc import Collection

from balai.accounts.models import Follow, User
from balai.core import sql


def recount_follows(user_ids: Collection[int] | None) -> None:
    """Set these accounts' (None: every account's) followers and following counts from the
    follows table, in the caller's transaction: after any change to their follows."""
    if user_ids is not None and not user_ids:
        return
    follow, users = sql.table(Follow), sql.table(User)
    follower, followee = sql.column(Follow, "follower"), sql.column(Follow, "followee")
    which = "" if user_ids is None else f"WHERE id IN ({sql.id_list(sorted(user_ids))})"
    # Only quoted model names and integer literals are formatted in.
    sql.execute(
        f"UPDATE {users} SET "  # noqa: S608
        f"{sql.column(User, 'followers_count')} = (SELECT COUNT(*) FROM {follow} "
        f"WHERE {followee} = {users}.id), "
        f"{sql.column(User, 'following_count')} = (SELECT COUNT(*) FROM {follow} "
        f"WHERE {follower} = {users}.id) {which}"
    )
