"""Views are counted for people other than the author, buffered, and added up on flush."""

from __future__ import annotations

from django.db import DatabaseError

from balai.moderation import views_counter
from balai.moderation.models import PostViews
from balai.posts import services


def test_views_of_others_are_counted_and_reposts_count_for_the_original(make_user):
    author, reader, reposter = make_user(), make_user(), make_user()
    post = services.post_create(author=author, draft=services.PostDraft(text="hello there"))
    repost = services.reblog_create(user=reposter, post_id=post.pk)
    views_counter.flush_views()
    views_counter.note_views(author, [post])  # the author's own look is not reach
    views_counter.note_views(reader, [post, repost])
    views_counter.note_views(None, [post])
    views_counter.flush_views()
    views_counter.note_views(reader, [post])
    views_counter.flush_views()
    assert PostViews.objects.get(post=post).count == 4


def test_a_failed_flush_keeps_the_counts_and_never_fails_the_page(make_user, monkeypatch):
    """Two processes flushing at once could deadlock (seen under load): rows are written in id
    order, and a database error leaves the counts buffered for the next flush."""
    author, reader = make_user(), make_user()
    posts = [
        services.post_create(author=author, draft=services.PostDraft(text=f"p{i}"))
        for i in range(3)
    ]
    views_counter.flush_views()
    written: list[list[tuple[int, int]]] = []

    def deadlocked(rows: list[tuple[int, int]]) -> None:
        written.append(rows)
        raise DatabaseError("deadlock detected")

    real_upsert = views_counter._upsert
    monkeypatch.setattr(views_counter, "_upsert", deadlocked)
    views_counter.note_views(reader, list(reversed(posts)))
    assert views_counter.flush_views() == 0
    assert written == [sorted((p.pk, 1) for p in posts)]
    monkeypatch.setattr(views_counter, "_upsert", real_upsert)
    views_counter.note_views(reader, [posts[0]])
    assert views_counter.flush_views() == 3
    assert PostViews.objects.get(post=posts[0]).count == 2
    assert PostViews.objects.get(post=posts[2]).count == 1
