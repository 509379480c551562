"""Materialised home lists: for each account, the ids of posts that may belong on its home
timeline (decision record 0011).

A list is a superset index, never the rule: a home page reads the newest entries and applies the
same follow, mute and visibility filters as before, so a removal, block or hold still takes effect
on the next request. What the list must guarantee is completeness: every post by the account or
by an account it follows, with an id at or above the account's `home_listed_from`, has an entry.
Pages that reach below that mark are answered from the posts table instead
(`selectors.home_timeline`).

Kept complete by: `fan_out` when a post or repost is written (same transaction), `backfill` when
a follow begins, `trim_home_lists` (periodic) which bounds each list and raises the mark, and
`rebuild_home_lists` for data that arrived without them (migration, restore, benchmarks).
"""

from __future__ import annotations

from django.db import transaction

from balai.accounts.models import Follow, User
from balai.core import events, sql
from balai.posts.models import HomeEntry, Post

# How many entries a list keeps when trimmed, and how long it may grow before it is. Mastodon
# keeps 400 per home feed; deeper pages are still answered, from the posts table.
LIST_KEEP = 400
LIST_TRIM_AT = 800


def _names() -> dict[str, str]:
    return {
        "entry": sql.table(HomeEntry),
        "entry_user": sql.column(HomeEntry, "user"),
        "entry_post": sql.column(HomeEntry, "post"),
        "follow": sql.table(Follow),
        "follower": sql.column(Follow, "follower"),
        "followee": sql.column(Follow, "followee"),
        "post": sql.table(Post),
        "author": sql.column(Post, "author"),
        "deleted": sql.column(Post, "deleted_at"),
        "user": sql.table(User),
        "listed_from": sql.column(User, "home_listed_from"),
    }


def fan_out(*, post_id: int, author_id: int) -> None:
    """Enter a new post in its author's list and in every follower's, in the writing
    transaction: a follower's next home page already has it."""
    n = _names()
    # No ON CONFLICT (a speculative insert costs an extra WAL record per row): nothing else can
    # hold an entry for a post before its transaction commits, and a follower appears once.
    sql.execute(
        f"INSERT INTO {n['entry']} ({n['entry_user']}, {n['entry_post']}) "  # noqa: S608
        f"SELECT {n['follower']}, %s FROM {n['follow']} WHERE {n['followee']} = %s "
        "UNION ALL SELECT %s, %s",
        [post_id, author_id, author_id, post_id],
    )


def backfill(*, follower_id: int, followee_id: int) -> None:
    """Enter a newly followed account's posts in the follower's list: those at or above the
    list's mark, at most `LIST_KEEP` of them. When there were more, the mark rises to the oldest
    one entered, so the list stays complete above it."""
    n = _names()
    listed_from = _listed_from(follower_id)
    newest = sql.fetch(
        f"SELECT id FROM {n['post']} WHERE {n['author']} = %s AND id >= %s "  # noqa: S608
        f"AND {n['deleted']} IS NULL ORDER BY id DESC LIMIT %s",
        [followee_id, listed_from, LIST_KEEP + 1],
    )
    ids = [row[0] for row in newest[:LIST_KEEP]]
    if not ids:
        return
    _insert(follower_id, ids)
    if len(newest) > LIST_KEEP:
        _raise_mark(follower_id, ids[-1])


def forget(*, user_id: int, author_id: int) -> None:
    """Drop `author_id`'s posts from `user_id`'s list once they stop following: not needed for
    correctness (pages filter by follows), but a page need not step over them."""
    n = _names()
    sql.execute(
        f"DELETE FROM {n['entry']} WHERE {n['entry_user']} = %s AND {n['entry_post']} IN "  # noqa: S608
        f"(SELECT id FROM {n['post']} WHERE {n['author']} = %s)",
        [user_id, author_id],
    )


def trim_home_lists() -> int:
    """Bound every list grown past `LIST_TRIM_AT` entries to its newest `LIST_KEEP`, raising
    its mark first. Returns how many lists were trimmed."""
    n = _names()
    long_lists = sql.fetch(
        f"SELECT {n['entry_user']} FROM {n['entry']} GROUP BY {n['entry_user']} "  # noqa: S608
        "HAVING COUNT(*) > %s",
        [LIST_TRIM_AT],
    )
    for (user_id,) in long_lists:
        with transaction.atomic():
            boundary = sql.fetch(
                f"SELECT {n['entry_post']} FROM {n['entry']} "  # noqa: S608
                f"WHERE {n['entry_user']} = %s ORDER BY {n['entry_post']} DESC "
                "LIMIT 1 OFFSET %s",
                [user_id, LIST_KEEP - 1],
            )
            if not boundary:
                continue
            _raise_mark(user_id, boundary[0][0])
            sql.execute(
                f"DELETE FROM {n['entry']} WHERE {n['entry_user']} = %s "  # noqa: S608
                f"AND {n['entry_post']} < %s",
                [user_id, boundary[0][0]],
            )
    return len(long_lists)


def rebuild_home_lists() -> None:
    """Every list from scratch: each account's newest `LIST_KEEP` candidates, the mark set where
    a list was cut. For data that arrived without lists (an upgrade, a restore, a benchmark)."""
    n = _names()
    with transaction.atomic():
        sql.execute(f"DELETE FROM {n['entry']}")  # noqa: S608
        sql.execute(f"UPDATE {n['user']} SET {n['listed_from']} = 0")  # noqa: S608
        sql.execute(
            f"INSERT INTO {n['entry']} ({n['entry_user']}, {n['entry_post']}) "  # noqa: S608
            "SELECT u, p FROM (SELECT u, p, ROW_NUMBER() OVER (PARTITION BY u ORDER BY p DESC) "
            "AS place FROM ("
            f"SELECT f.{n['follower']} AS u, c.id AS p FROM {n['follow']} f "
            f"JOIN {n['post']} c ON c.{n['author']} = f.{n['followee']} "
            f"WHERE c.{n['deleted']} IS NULL "
            f"UNION ALL SELECT {n['author']}, id FROM {n['post']} WHERE {n['deleted']} IS NULL"
            ") AS candidates) AS ranked WHERE place <= %s",
            [LIST_KEEP],
        )
        sql.execute(
            f"UPDATE {n['user']} SET {n['listed_from']} = (SELECT MIN({n['entry_post']}) "  # noqa: S608
            f"FROM {n['entry']} WHERE {n['entry_user']} = {n['user']}.id) "
            f"WHERE id IN (SELECT {n['entry_user']} FROM {n['entry']} "
            f"GROUP BY {n['entry_user']} HAVING COUNT(*) >= %s)",
            [LIST_KEEP],
        )


def _listed_from(user_id: int) -> int:
    n = _names()
    rows = sql.fetch(
        f"SELECT {n['listed_from']} FROM {n['user']} WHERE id = %s",  # noqa: S608
        [user_id],
    )
    return int(rows[0][0]) if rows else 0


def _insert(user_id: int, post_ids: list[int]) -> None:
    n = _names()
    rows = ", ".join(f"({int(user_id)}, {int(pk)})" for pk in post_ids)
    sql.execute(
        f"INSERT INTO {n['entry']} ({n['entry_user']}, {n['entry_post']}) "  # noqa: S608
        f"VALUES {rows} ON CONFLICT DO NOTHING"
    )


def _raise_mark(user_id: int, post_id: int) -> None:
    n = _names()
    sql.execute(
        f"UPDATE {n['user']} SET {n['listed_from']} = %s "  # noqa: S608
        f"WHERE id = %s AND {n['listed_from']} < %s",
        [post_id, user_id, post_id],
    )


def subscribe_to_account_events() -> None:
    events.subscribe("follow.created", _on_follow)
    events.subscribe("follow.ended", _on_follow_ended)
    events.subscribe("block.created", _on_block)


def _on_follow(follow_id: int) -> None:
    """`follow.created` handler: the follow is committed; backfill in its own transaction."""
    follow = Follow.objects.filter(pk=follow_id).values_list("follower_id", "followee_id").first()
    if follow is not None:
        with transaction.atomic():
            backfill(follower_id=follow[0], followee_id=follow[1])


def _on_follow_ended(follower_id: int, followee_id: int) -> None:
    forget(user_id=follower_id, author_id=followee_id)


def _on_block(blocker_id: int, blocked_id: int) -> None:
    """A block ends follows both ways."""
    forget(user_id=blocker_id, author_id=blocked_id)
    forget(user_id=blocked_id, author_id=blocker_id)
