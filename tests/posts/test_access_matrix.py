"""Who sees which post: the visibility matrix, decided in one place (balai.posts.access).

Viewers: anonymous, stranger, follower, blocked (blocked by the author), blocker (blocked the
author), mentioned, author, moderator. Posts: public, unlisted, followers-only, direct (mentioning
`mentioned`), deleted, held by screening. Each cell is checked through the access chokepoint
and through the selectors that use it (profile timeline, search).
"""

from __future__ import annotations

import pytest

from balai.accounts import services as accounts
from balai.posts import search, selectors, services
from balai.posts.access import can_view_post, visible_posts
from balai.posts.models import Post, PostState
from balai.posts.selectors import Cursor

VIEWERS = [
    "anonymous",
    "stranger",
    "follower",
    "blocked",
    "blocker",
    "mentioned",
    "author",
    "moderator",
]
POSTS = ["public", "unlisted", "private", "direct", "deleted", "held", "rejected"]

# Expected visibility: post kind -> viewers who see it.
EXPECTED: dict[str, set[str]] = {
    "public": {"anonymous", "stranger", "follower", "mentioned", "author", "moderator"},
    "unlisted": {"anonymous", "stranger", "follower", "mentioned", "author", "moderator"},
    "private": {"follower", "mentioned", "author", "moderator"},
    "direct": {"mentioned", "author"},
    "deleted": set(),
    "held": {"author", "moderator"},
    "rejected": {"author"},
}


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    people = {name: make_user(username=name) for name in VIEWERS if name != "anonymous"}
    people["moderator"].role = "moderator"
    people["moderator"].save()
    author = people["author"]
    accounts.follow_create(follower=people["follower"], target=author)
    accounts.block_create(blocker=author, target=people["blocked"])
    accounts.block_create(blocker=people["blocker"], target=author)
    posts: dict[str, Post] = {}
    for kind in POSTS:
        visibility = kind if kind in {"public", "unlisted", "private", "direct"} else "public"
        posts[kind] = services.post_create(
            author=author,
            draft=services.PostDraft(text=f"matrixword {kind} hello @mentioned"),
            visibility=visibility,
        )
    services.post_delete(author=author, post_id=posts["deleted"].pk)
    Post.objects.filter(pk=posts["held"].pk).update(state=PostState.HELD)
    Post.objects.filter(pk=posts["rejected"].pk).update(state=PostState.REJECTED)
    people["anonymous"] = None  # type: ignore[assignment]
    return people, posts


@pytest.mark.parametrize("viewer_name", VIEWERS)
@pytest.mark.parametrize("kind", POSTS)
def test_visibility_matrix(world, viewer_name: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Each viewer sees exactly the posts the rules allow, and nothing else."""
    people, posts = world
    viewer = people[viewer_name]
    post = Post.objects.get(pk=posts[kind].pk)
    expected = viewer_name in EXPECTED[kind]
    assert can_view_post(viewer, post) is expected
    assert visible_posts(viewer).filter(pk=post.pk).exists() is expected


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_profile_and_search_follow_the_matrix(world, viewer_name: str) -> None:  # type: ignore[no-untyped-def]
    """Profile timelines never list direct posts; search lists exactly the visible ones."""
    people, posts = world
    viewer = people[viewer_name]
    profile = selectors.profile_timeline(viewer, people["author"], Cursor(limit=40))
    expected_profile = {posts[k].pk for k in POSTS if viewer_name in EXPECTED[k] and k != "direct"}
    assert {p.pk for p in profile} == expected_profile
    found = search.search_posts(viewer, "matrixword", Cursor(limit=40))
    assert {p.pk for p in found} == {posts[k].pk for k in POSTS if viewer_name in EXPECTED[k]}


def test_repost_of_an_invisible_post_is_invisible(world, make_user) -> None:  # type: ignore[no-untyped-def]
    """A repost never reveals what it reposts to someone who may not see the original."""
    people, posts = world
    reposter = make_user(username="reposter")
    repost = services.reblog_create(user=reposter, post_id=posts["public"].pk)
    assert can_view_post(people["stranger"], repost)
    assert not can_view_post(people["blocked"], repost)
    services.post_delete(author=people["author"], post_id=posts["public"].pk)
    assert not can_view_post(people["stranger"], Post.objects.get(pk=repost.pk))
