"""Timelines: who appears where, newest first, cursor pagination, and constant query counts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.accounts import services as accounts
from balai.posts import selectors, services
from balai.posts.selectors import Cursor


def _post(author, text, **kwargs):  # type: ignore[no-untyped-def]
    return services.post_create(author=author, draft=services.PostDraft(text=text), **kwargs)


def test_home_has_followed_and_own_posts_newest_first(make_user):
    """Home: posts by followed accounts and oneself, not by strangers or muted accounts."""
    me, friend, stranger, muted = (make_user() for _ in range(4))
    accounts.follow_create(follower=me, target=friend)
    accounts.follow_create(follower=me, target=muted)
    accounts.mute_create(muter=me, target=muted)
    first = _post(friend, "first")
    _post(stranger, "not followed")
    _post(muted, "muted")
    mine = _post(me, "mine")
    assert [p.pk for p in selectors.home_timeline(me, Cursor())] == [mine.pk, first.pk]


def test_locked_account_needs_approval_before_followers_only_posts_show(make_user):
    me, locked = make_user(), make_user(locked=True)
    secret = _post(locked, "for followers", visibility="private")
    assert accounts.follow_create(follower=me, target=locked) == "requested"
    assert selectors.home_timeline(me, Cursor()) == []
    accounts.follow_request_authorize(target=locked, requester=me)
    assert [p.pk for p in selectors.home_timeline(me, Cursor())] == [secret.pk]


def test_local_timeline_has_public_originals_only(make_user):
    alice, bob = make_user(), make_user()
    public = _post(alice, "public", visibility="public")
    _post(alice, "unlisted", visibility="unlisted")
    _post(alice, "private", visibility="private")
    services.reblog_create(user=bob, post_id=public.pk)
    assert [p.pk for p in selectors.local_timeline(None, Cursor())] == [public.pk]


def test_hashtag_timeline_matches_case_insensitively(make_user):
    alice = make_user()
    tagged = _post(alice, "Hujan lagi di #Jakarta")
    _post(alice, "no tag here")
    assert [p.pk for p in selectors.hashtag_timeline(None, "jakarta", Cursor())] == [tagged.pk]


def test_cursor_pagination_walks_pages_without_gaps(make_user):
    """max_id pages backwards, min_id forwards; together they cover every post once."""
    alice = make_user()
    posts = [_post(alice, f"post {i}") for i in range(7)]
    newest_first = [p.pk for p in reversed(posts)]
    page1 = selectors.local_timeline(None, Cursor(limit=3))
    page2 = selectors.local_timeline(None, Cursor(limit=3, max_id=page1[-1].pk))
    page3 = selectors.local_timeline(None, Cursor(limit=3, max_id=page2[-1].pk))
    assert [p.pk for p in page1 + page2 + page3] == newest_first
    newer = selectors.local_timeline(None, Cursor(limit=2, min_id=page2[0].pk))
    assert [p.pk for p in newer] == newest_first[1:3]


def _queries_for_home_page(user, limit):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        page = selectors.home_timeline(user, Cursor(limit=limit))
        selectors.viewer_state(user, page)
        for post in page:  # touch what a page renders
            _ = (post.author.username, post.reblog_of and post.reblog_of.author.username)
            _ = post.quote_of and post.quote_of.author.username
    return len(page), len(captured.captured_queries)


def test_home_page_query_count_does_not_grow_with_page_size(make_user):
    """A page of 5 and a page of 30 (with reposts and quotes) cost the same number of queries."""
    me, friend, other = make_user(), make_user(), make_user()
    accounts.follow_create(follower=me, target=friend)
    for i in range(20):
        original = _post(other, f"original {i}")
        services.reblog_create(user=friend, post_id=original.pk)
        _post(friend, f"quoting {i}", quote_of_id=original.pk)
    small = _queries_for_home_page(me, 5)
    large = _queries_for_home_page(me, 30)
    assert small[0] == 5 and large[0] == 30
    assert small[1] == large[1] == 6  # relations, page ids, page rows, 3 kinds of viewer state
