"""The home timeline reads each account's materialised home list (balai.posts.home). Whatever
the list holds, trimmed or rebuilt, every page must be exactly what the posts table says the
account's home is: followed accounts' and its own posts, as the access chokepoint allows."""

from __future__ import annotations

import pytest

from balai.accounts import services as accounts
from balai.accounts.access import relations_of
from balai.accounts.models import User
from balai.core import periodic
from balai.posts import home, selectors, services
from balai.posts.access import visible_posts_q
from balai.posts.models import HomeEntry, Post
from balai.posts.selectors import Cursor
from balai.privacy.deletion import account_purge


def _post(author: User, text: str, visibility: str = "public") -> Post:
    draft = services.PostDraft(text=text)
    return services.post_create(author=author, draft=draft, visibility=visibility)


def _home_ids(user: User, cursor: Cursor) -> list[int]:
    user.refresh_from_db()  # the list's mark, as a request would load it
    return [p.pk for p in selectors.home_timeline(user, cursor)]


def _truth(user: User) -> list[int]:
    """The whole home timeline, newest first, from the posts table alone."""
    relations = relations_of(user)
    scope = visible_posts_q(user, relations) & selectors._home_scope(user, relations)
    return list(Post.objects.filter(scope).order_by("-id").values_list("id", flat=True))


def _walk_down(user: User, limit: int) -> list[int]:
    seen: list[int] = []
    cursor = Cursor(limit=limit)
    while page := _home_ids(user, cursor):
        seen += page
        cursor = Cursor(limit=limit, max_id=page[-1])
    return seen


def _walk_up(user: User, limit: int) -> list[int]:
    seen: list[int] = []
    cursor = Cursor(limit=limit, min_id=0)
    while page := _home_ids(user, cursor):
        seen = page + seen
        cursor = Cursor(limit=limit, min_id=page[0])
    return seen


def _listed(user: User) -> set[int]:
    return set(HomeEntry.objects.filter(user=user).values_list("post_id", flat=True))


@pytest.fixture
def small_lists(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(home, "LIST_KEEP", 4)
    monkeypatch.setattr(home, "LIST_TRIM_AT", 6)


@pytest.fixture
def fallbacks(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts the pages answered from the posts table rather than from the list."""
    calls: list[str] = []
    original = selectors._compiled_timeline

    def spy(kind, *args):  # type: ignore[no-untyped-def]
        calls.append(kind)
        return original(kind, *args)

    monkeypatch.setattr(selectors, "_compiled_timeline", spy)
    return calls


def test_a_new_post_is_listed_for_its_author_and_followers_only(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi, citra = make_user(), make_user(), make_user()
    accounts.follow_create(follower=budi, target=ana)
    post = _post(ana, "hello")
    assert post.pk in _listed(ana) and post.pk in _listed(budi)
    assert post.pk not in _listed(citra)
    repost = services.reblog_create(user=budi, post_id=post.pk)
    assert repost.pk in _listed(budi) and repost.pk not in _listed(ana)


def test_a_purged_account_leaves_no_home_list_behind(make_user) -> None:  # type: ignore[no-untyped-def]
    """Entries have no database constraint on their account (decision 0011): the purge's
    cascade must take them."""
    ana, budi = make_user(), make_user()
    accounts.follow_create(follower=budi, target=ana)
    accounts.follow_create(follower=ana, target=budi)
    _post(ana, "mine"), _post(budi, "yours")
    assert account_purge(user_id=ana.pk)
    assert not HomeEntry.objects.filter(user_id=ana.pk).exists()
    assert _home_ids(budi, Cursor()) == _truth(budi) and len(_truth(budi)) == 1


def test_following_brings_the_accounts_earlier_posts_home(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi = make_user(), make_user()
    earlier = [_post(budi, f"earlier {n}").pk for n in range(3)]
    assert _home_ids(ana, Cursor()) == []
    accounts.follow_create(follower=ana, target=budi)
    assert _home_ids(ana, Cursor()) == earlier[::-1] == _truth(ana)


def test_an_approved_follow_request_brings_the_posts_home(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi = make_user(), make_user(locked=True)
    secret = _post(budi, "followers only", "private")
    accounts.follow_create(follower=ana, target=budi)
    assert _home_ids(ana, Cursor()) == []
    accounts.follow_request_authorize(target=budi, requester=ana)
    assert _home_ids(ana, Cursor()) == [secret.pk]


def test_unfollowing_and_blocking_empty_the_list_of_that_account(make_user) -> None:  # type: ignore[no-untyped-def]
    ana, budi, citra = make_user(), make_user(), make_user()
    accounts.follow_create(follower=ana, target=budi)
    accounts.follow_create(follower=ana, target=citra)
    accounts.follow_create(follower=citra, target=ana)
    budis, citras, anas = _post(budi, "b").pk, _post(citra, "c").pk, _post(ana, "a").pk
    accounts.follow_delete(follower=ana, target=budi)
    assert budis not in _listed(ana) and budis not in _home_ids(ana, Cursor())
    accounts.block_create(blocker=ana, target=citra)
    assert citras not in _listed(ana) and anas not in _listed(citra)
    assert _home_ids(ana, Cursor()) == [anas] and _home_ids(citra, Cursor()) == [citras]


def test_backfill_past_what_a_list_keeps_raises_its_mark(make_user, small_lists, fallbacks) -> None:  # type: ignore[no-untyped-def]
    ana, budi = make_user(), make_user()
    own = _post(ana, "mine").pk
    budis = [_post(budi, f"b{n}").pk for n in range(7)]
    accounts.follow_create(follower=ana, target=budi)
    ana.refresh_from_db()
    assert _listed(ana) == {own, *budis[-4:]} and ana.home_listed_from == budis[-4]
    assert _walk_down(ana, 2) == _truth(ana) == sorted([own, *budis], reverse=True)
    assert _walk_up(ana, 3) == _truth(ana)
    assert fallbacks.count("home listed") > fallbacks.count("home") > 0  # both paths served


def test_trimmed_lists_still_answer_every_page_exactly(make_user, small_lists, fallbacks) -> None:  # type: ignore[no-untyped-def]
    ana, budi, citra = make_user(), make_user(), make_user()
    accounts.follow_create(follower=ana, target=budi)
    accounts.follow_create(follower=ana, target=citra)
    accounts.follow_create(follower=budi, target=ana)
    for n in range(5):
        _post(budi, f"budi {n}")
        _post(citra, f"citra {n}", "private" if n % 2 else "public")
        _post(ana, f"ana {n}")
    accounts.mute_create(muter=ana, target=citra)
    accounts.mute_delete(muter=ana, target=citra)
    assert home.trim_home_lists() == 2  # ana's list (15 entries) and budi's (10); not citra's
    ana.refresh_from_db()
    assert len(_listed(ana)) == 4 and ana.home_listed_from == min(_listed(ana))
    for user in (ana, budi, citra):
        truth = _truth(user)
        assert truth
        for limit in (1, 3, 4, 40):
            assert _walk_down(user, limit) == truth
            assert _walk_up(user, limit) == truth
        assert _home_ids(user, Cursor(since_id=truth[-2])) == truth[:-2]
    assert "home" in fallbacks and "home listed" in fallbacks


def test_rebuilding_the_lists_gives_the_same_timelines(make_user, small_lists) -> None:  # type: ignore[no-untyped-def]
    ana, budi, citra = make_user(), make_user(), make_user()
    for follower, followee in [(ana, budi), (ana, citra), (budi, ana), (citra, budi)]:
        accounts.follow_create(follower=follower, target=followee)
    for n in range(4):
        for author in (ana, budi, citra):
            _post(author, f"{author.username} {n}")
    services.post_delete(author=budi, post_id=_post(budi, "gone").pk)
    before = {user.pk: _walk_down(user, 3) for user in (ana, budi, citra)}
    HomeEntry.objects.all().delete()
    home.rebuild_home_lists()
    for user in (ana, budi, citra):
        user.refresh_from_db()
        assert len(_listed(user)) <= 4
        assert _walk_down(user, 3) == before[user.pk] == _truth(user)
    assert ana.home_listed_from > 0 and citra.home_listed_from > 0


def test_trimming_is_a_periodic_job() -> None:
    assert "trim_home_lists" in {job.name for job in periodic.registered_jobs()}
