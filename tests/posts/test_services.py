"""Posting, editing, deleting and interacting, through the services."""

from __future__ import annotations

import pytest

from balai.core.errors import BalaiError, NotFound
from balai.posts import search, selectors, services
from balai.posts.models import Notification, PostVersion
from balai.posts.selectors import Cursor


def test_post_renders_mentions_and_hashtags_as_links(make_user):
    """Mentions of existing users and hashtags become links; unknown mentions stay text."""
    alice, bob = make_user(username="alice"), make_user(username="bob")
    post = services.post_create(
        author=alice, draft=services.PostDraft(text="hi @Bob and @nobody #Balai <script>x</script>")
    )
    assert 'href="/@bob"' in post.content_html
    assert "@nobody" in post.content_html and 'href="/@nobody"' not in post.content_html
    assert 'href="/tags/balai"' in post.content_html
    assert "<script>" not in post.content_html
    assert Notification.objects.filter(recipient=bob, type="mention").exists()


def test_over_long_post_is_refused_and_nothing_is_written(make_user, settings):
    alice = make_user()
    with pytest.raises(BalaiError):
        services.post_create(author=alice, draft=services.PostDraft(text="x" * 1001))
    assert not alice.posts.exists()


def test_reply_to_invisible_post_is_not_found(make_user):
    alice, bob = make_user(), make_user()
    secret = services.post_create(
        author=alice, draft=services.PostDraft(text="just for followers"), visibility="private"
    )
    with pytest.raises(NotFound):
        services.post_create(
            author=bob, draft=services.PostDraft(text="reply"), in_reply_to_id=secret.pk
        )
    assert not bob.posts.exists()


def test_edit_keeps_history_and_delete_hides_everywhere(make_user):
    alice = make_user()
    post = services.post_create(author=alice, draft=services.PostDraft(text="first #one"))
    services.post_edit(author=alice, post_id=post.pk, draft=services.PostDraft(text="second"))
    assert [v.text for v in PostVersion.objects.filter(post=post).order_by("id")] == [
        "first #one",
        "second",
    ]
    services.post_delete(author=alice, post_id=post.pk)
    assert selectors.local_timeline(None, Cursor()) == []
    assert search.search_posts(alice, "second", Cursor()) == []


def test_history_starts_with_the_post_itself_and_keeps_the_original_through_edits(make_user):
    """A new post has no version rows (one insert less per post); its history is itself, and
    its first edit records the original with its own time before the new text."""
    alice = make_user()
    post = services.post_create(
        author=alice, draft=services.PostDraft(text="first", sensitive=True)
    )
    assert not PostVersion.objects.filter(post=post).exists()
    [only] = selectors.post_history(post)
    assert (only.text, only.sensitive, only.created_at) == ("first", True, post.created_at)
    for text in ["second", "third"]:
        services.post_edit(author=alice, post_id=post.pk, draft=services.PostDraft(text=text))
    history = selectors.post_history(post)
    assert [v.text for v in history] == ["first", "second", "third"]
    assert history[0].created_at == post.created_at < history[1].created_at


def test_like_and_reblog_notify_the_author_once(make_user):
    alice, bob = make_user(), make_user()
    post = services.post_create(author=alice, draft=services.PostDraft(text="hello world"))
    services.like_create(user=bob, post_id=post.pk)
    services.like_create(user=bob, post_id=post.pk)
    services.reblog_create(user=bob, post_id=post.pk)
    services.reblog_create(user=bob, post_id=post.pk)
    post.refresh_from_db()
    assert (post.likes_count, post.reblogs_count) == (1, 1)
    assert Notification.objects.filter(recipient=alice, type="favourite").count() == 1
    assert Notification.objects.filter(recipient=alice, type="reblog").count() == 1


def test_search_finds_visible_posts_by_words(make_user):
    alice = make_user()
    services.post_create(author=alice, draft=services.PostDraft(text="Nasi goreng enak sekali"))
    found = search.search_posts(None, "goreng", Cursor())
    assert [p.text for p in found] == ["Nasi goreng enak sekali"]
    assert search.search_posts(None, "gor", Cursor())  # prefix match
