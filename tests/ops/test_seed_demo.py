"""`balai seed-demo` builds a small, living, bilingual demo network through the real services."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command

from balai.accounts.models import Follow, User
from balai.posts.models import Hashtag, Like, Post
from balai.posts.selectors import Cursor, home_timeline, local_timeline


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int, int, int]:
    return (
        User.objects.count(),
        Follow.objects.count(),
        Post.objects.filter(reblog_of__isnull=True).count(),
        Post.objects.filter(reblog_of__isnull=False).count(),
        Like.objects.count(),
    )


def test_seed_demo_builds_a_bilingual_network_and_is_idempotent() -> None:
    """A dozen users with names and bios who follow each other; ~100 posts in English and
    Indonesian with hashtags, replies, likes and reposts; a second run duplicates nothing and
    says so; the printed password logs every demo user in; timelines show the demo."""
    first = seed()
    users, follows, posts, reposts, likes = counts()
    assert users == 12
    assert follows >= 40
    assert 90 <= posts <= 120
    assert reposts >= 5
    assert likes >= 50
    assert Post.objects.filter(in_reply_to__isnull=False).count() >= 10
    languages = set(Post.objects.values_list("language", flat=True))
    assert {"en", "id"} <= languages
    assert Hashtag.objects.filter(name__in=["hujanjakarta", "opensource", "persija"]).count() == 3
    assert all(u.display_name and u.bio for u in User.objects.all())

    password = first.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    sari = authenticate(username="sari", password=password)
    assert sari is not None
    assert len(home_timeline(sari, Cursor(limit=20))) == 20
    assert len(local_timeline(None, Cursor(limit=20))) == 20

    second = seed()
    assert counts() == (users, follows, posts, reposts, likes)
    assert "posts: 0 created" in second
    assert "users: 0 created, 12 already there" in second
