"""Counting how often posts are shown to people other than their authors, cheaply.

Timelines are the hottest read path, so a page view must not cost a write per post. Each process
keeps counts in memory and adds them to `PostViews` with one upsert statement at most every
`FLUSH_SECONDS` (or when the buffer grows large). Counts are therefore approximate by design: a
process that dies loses at most its last few seconds of views. Moderators use them to judge reach
("views before action"), where that precision is ample.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction

from balai.accounts.access import Viewer, viewer_user
from balai.posts.models import Post

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 5.0
FLUSH_SIZE = 5000
UPSERT = (
    "INSERT INTO moderation_postviews (post_id, count) VALUES (%s, %s) "
    "ON CONFLICT (post_id) DO UPDATE SET count = moderation_postviews.count + excluded.count"
)

_lock = threading.Lock()
_pending: Counter[int] = Counter()
_last_flush = time.monotonic()


def note_views(viewer: Viewer, posts: Iterable[Post]) -> None:
    """Record that `viewer` was shown `posts` (reposts count for what they repost)."""
    user = viewer_user(viewer)
    seen = []
    for post in posts:
        shown = post.reblog_of if post.reblog_of_id is not None else post
        if shown is not None and (user is None or shown.author_id != user.pk):
            seen.append(shown.pk)
    if not seen:
        return
    with _lock:
        _pending.update(seen)
        due = len(_pending) >= FLUSH_SIZE or time.monotonic() - _last_flush >= FLUSH_SECONDS
    if due:
        flush_views()


def flush_views() -> int:
    """Write buffered counts to the database; returns how many posts were updated."""
    global _last_flush
    with _lock:
        batch = list(_pending.items())
        _pending.clear()
        _last_flush = time.monotonic()
    if not batch:
        return 0
    existing = set(
        Post.objects.filter(pk__in=[pk for pk, _n in batch]).values_list("pk", flat=True)
    )
    # In id order: two processes flushing overlapping batches then lock rows in the same order
    # and one waits for the other, where any other order could deadlock.
    rows = sorted((pk, n) for pk, n in batch if pk in existing)
    try:
        _upsert(rows)
    except DatabaseError:  # best effort: a page is never refused for its view counts
        logger.warning("view counts not written this time; kept for the next flush", exc_info=True)
        with _lock:
            _pending.update(dict(rows))
        return 0
    return len(rows)


def _upsert(rows: list[tuple[int, int]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(UPSERT, rows)
