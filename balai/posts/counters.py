"""An account's post counter and last post date, kept on its row (decision record 0007).

Counted: posts and reposts that are published, not deleted and not direct. Writing a post adds to
the counter; every other change of state (an edit screened again, a moderator's decision, a
deletion, a purge) recounts the accounts it touched."""

from __future__ import annotations

from collections.abc import Collection

from balai.accounts.models import User, Visibility
from balai.core import sql
from balai.posts.models import Post, PostState


def count_new_post(post: Post) -> None:
    """A post just written, in its transaction: one more for its author when it counts."""
    if post.state != PostState.PUBLISHED or post.visibility == Visibility.DIRECT:
        return
    users, statuses = sql.table(User), sql.column(User, "statuses_count")
    last = sql.column(User, "last_status_at")
    sql.execute(
        f"UPDATE {users} SET {statuses} = {statuses} + 1, "  # noqa: S608
        f"{last} = CASE WHEN {last} IS NULL OR {last} < %s THEN %s ELSE {last} END "
        "WHERE id = %s",
        [post.created_at, post.created_at, post.author_id],
    )
    author = post.author  # the writer's own row, echoed with the post: keep it as stored
    author.statuses_count += 1
    if author.last_status_at is None or author.last_status_at < post.created_at:
        author.last_status_at = post.created_at


def recount_statuses(author_ids: Collection[int] | None) -> None:
    """Set these accounts' (None: every account's) counter and last post date from the posts
    table, in the caller's transaction."""
    if author_ids is not None and not author_ids:
        return
    users, posts = sql.table(User), sql.table(Post)
    which = "" if author_ids is None else f"WHERE id IN ({sql.id_list(sorted(author_ids))})"
    counted = (
        f"FROM {posts} WHERE {sql.column(Post, 'author')} = {users}.id "
        f"AND {sql.column(Post, 'state')} = %s AND {sql.column(Post, 'deleted_at')} IS NULL "
        f"AND {sql.column(Post, 'visibility')} <> %s"
    )
    # Only quoted model names and integer literals are formatted in.
    sql.execute(
        f"UPDATE {users} SET "  # noqa: S608
        f"{sql.column(User, 'statuses_count')} = (SELECT COUNT(*) {counted}), "
        f"{sql.column(User, 'last_status_at')} = (SELECT MAX({sql.column(Post, 'created_at')}) "
        f"{counted}) {which}",
        [PostState.PUBLISHED, Visibility.DIRECT] * 2,
    )
