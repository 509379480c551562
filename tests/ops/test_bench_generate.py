"""The benchmark's bulk generator builds a consistent instance that the real selectors can read,
so `make bench` measures a realistic database rather than a broken one."""

from __future__ import annotations

import random

from balai.accounts.access import relations_of
from balai.accounts.models import Follow, User
from balai.api.models import AccessToken, hash_token
from balai.posts.access import visible_posts_q
from balai.posts.models import Like, Post
from balai.posts.selectors import Cursor, _home_scope, home_timeline, local_timeline, paginate
from bench import generate


def test_generator_builds_a_readable_power_law_instance() -> None:
    """Users, a follow graph where a few accounts are much more popular than most, posts with
    replies and reposts whose counters match their rows, likes, and working credentials."""
    rng = random.Random(7)
    users = generate.make_users(rng, 60)
    follows = generate.make_follows(rng, users, mean_following=10)
    posts = generate.make_posts(rng, users, 1500)
    generate.make_extras(rng, users, posts, likes=500)
    generate.rebuild_home_lists()
    generate.recount_follows(None)
    generate.recount_statuses(None)
    creds = generate.credentials(rng, users, follows, 5)

    assert User.objects.count() == 60
    assert Follow.objects.count() == len(follows) > 60
    followers = sorted((Follow.objects.filter(followee=u).count() for u in users), reverse=True)
    assert followers[0] >= 4 * max(1, followers[len(followers) // 2])  # a heavy head
    assert Post.objects.count() == 1500
    assert Post.objects.filter(reblog_of__isnull=False).exists()
    assert Post.objects.filter(in_reply_to__isnull=False).exists()
    liked = Post.objects.filter(likes_count__gt=0).first()
    assert liked is not None and liked.likes_count == Like.objects.filter(post=liked).count()

    head = max(users, key=lambda u: Follow.objects.filter(followee=u).count())
    head.refresh_from_db()
    assert head.followers_count == followers[0]
    assert head.statuses_count == (
        Post.objects.filter(author=head, state="published", deleted_at__isnull=True)
        .exclude(visibility="direct")
        .count()
    )

    person = creds["users"][0]
    user = User.objects.get(username=person["username"])
    assert AccessToken.objects.filter(token_hash=hash_token(person["token"]), user=user).exists()
    user.refresh_from_db()
    home = [p.pk for p in home_timeline(user, Cursor(limit=20))]
    assert home and home == [p.pk for p in paginate(_home_from_posts_table(user), Cursor())]
    assert len(local_timeline(None, Cursor(limit=20))) == 20


def _home_from_posts_table(user: User):  # type: ignore[no-untyped-def]
    relations = relations_of(user)
    return Post.objects.filter(visible_posts_q(user, relations) & _home_scope(user, relations))
