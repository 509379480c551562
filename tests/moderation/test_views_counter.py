"""Views are counted for people other than the author, buffered, and added up on flush."""

from __future__ import annotations

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
